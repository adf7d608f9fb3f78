"""Action items: the steps agreed at mentoring sessions, open until done or dropped."""
