"""Login accounts: create, list, change role, deactivate."""
