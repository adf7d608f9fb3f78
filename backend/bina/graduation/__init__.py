"""Graduation: a ready household leaves mentoring, is monitored, then exits the programme."""
