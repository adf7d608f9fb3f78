"""A household's lifecycle history: every status change with who, when, from, to and why."""
