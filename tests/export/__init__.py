"""Tests of spinekg.export (a package, so its conftest does not shadow tests/conftest.py)."""
