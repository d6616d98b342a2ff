"""Tests against the SPARQL stores people use, each started by the test suite."""
