"""Synthetic demo data at Palembang scale (no real person's data)."""
