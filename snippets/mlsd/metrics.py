"""Offline evaluation metrics in NumPy (being written)."""
