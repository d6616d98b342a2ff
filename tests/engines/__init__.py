"""Tests of spinekg.engines."""
