"""Bina: mentoring extreme-poor households out of poverty."""
