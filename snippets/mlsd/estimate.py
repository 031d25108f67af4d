"""Back-of-the-envelope estimation for system design answers (being written)."""
