"""Passwords, tokens, the caller's identity and permissions, masking of personal identifiers."""
