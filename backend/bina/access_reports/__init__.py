"""The data-subject access report: everything Bina holds on one household, and who touched it."""
