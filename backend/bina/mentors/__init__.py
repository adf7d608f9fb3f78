"""Mentors: the ASN (PNS and PPPK) who mentor households, with competences, home and status."""
