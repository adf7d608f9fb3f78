"""Extreme-poor households (KK): identity, members, needs, housing, lifecycle."""
