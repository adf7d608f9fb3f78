"""City-scale matching of mentors to households: the pure solver (no HTTP, no database)."""
