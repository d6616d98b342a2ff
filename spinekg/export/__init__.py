"""Exports of the knowledge graph: networkx and the formats people visualise graphs with."""
