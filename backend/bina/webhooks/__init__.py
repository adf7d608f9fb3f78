"""Webhooks: other systems subscribe to Bina's events and receive them signed (design §10)."""
