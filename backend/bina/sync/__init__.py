"""Delta sync for phones: every change in the caller's scope since a cursor."""
