"""The append-only audit trail: recording events and reading them back."""
