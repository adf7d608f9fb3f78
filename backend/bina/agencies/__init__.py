"""OPD (agencies) whose ASN mentor households."""
