"""Mentoring sessions: a mentor's visits and calls, their location check and review."""
