"""Fixtures of the export tests: the networkx graph, built once per session."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import networkx as nx

    from spinekg.kg import KnowledgeGraph


@pytest.fixture(scope="session")
def graph(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """The full graph: asserted and inferred edges, is-a edges, every term."""
    return kg.to_networkx()


@pytest.fixture
def hostile() -> nx.MultiDiGraph:
    """A two-node graph whose texts hold everything that breaks careless writers."""
    import networkx as nx

    nasty = 'it\'s "quoted" <b>&amp;</b> </script><script>alert("x")</script> a|b\tc\nnew line \\ back\\slash é 痛'
    g = nx.MultiDiGraph(name="hostile", documents={"SKGDOC:D9": {"title": "A & B <c>"}})
    g.add_node(
        "SKG:A",
        label=nasty,
        category="SKG:Drug",
        category_label="drug",
        definition=nasty,
        synonyms=["x|y", "</style>", ""],
        xrefs=[],
        iri="https://w3id.org/spinekg/A",
    )
    g.add_node(
        "SKGCLAIM:D9-001/regimen",
        label="1 mg",
        category="SKG:DoseRegimen",
        category_label="dose regimen",
        definition="",
        synonyms=[],
        xrefs=["ICD10:M54.5"],
        iri="https://w3id.org/spinekg/claim/D9-001/regimen",
    )
    evidence = [{"claim": "SKGCLAIM:D9-001", "document": "SKGDOC:D9", "stance": "recommended", "spans": [{"quote": nasty, "start": 0, "end": 5}]}]
    for key, inferred in (("SKG:hasDoseRegimen", False), ("SKG:treats", True)):
        g.add_edge(
            "SKG:A",
            "SKGCLAIM:D9-001/regimen",
            key=key,
            predicate=key,
            label=nasty,
            inferred=inferred,
            stance=["recommended"],
            claims=["SKGCLAIM:D9-001"],
            sources=["SKGDOC:D9"],
            quotes=[nasty],
            evidence=evidence,
            amount=["1"],
        )
    return g
