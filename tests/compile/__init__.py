"""Tests of spinekg.compile."""
