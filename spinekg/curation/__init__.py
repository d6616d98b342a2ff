"""Curation sources: typed models, loading with file and line, and whole-curation checks."""
