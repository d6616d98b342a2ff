"""Content tests: answers written by hand from each source text, checked against the built graph."""
