"""Tests of spinekg.query."""
