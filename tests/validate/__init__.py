"""Tests of spinekg.validate."""
