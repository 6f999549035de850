"""Helpers every app shares: form parsing and the per-person page cache."""
