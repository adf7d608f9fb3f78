"""Kemendagri regions (kota, kecamatan, kelurahan)."""
