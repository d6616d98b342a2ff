"""Tests of spinekg.serve."""
