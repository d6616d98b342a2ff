"""Tests of spinekg.curation."""
