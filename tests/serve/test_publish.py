"""`spinekg publish`: the named graphs go into a real, writable Oxigraph store through the Graph
Store HTTP Protocol, whole and only them; the store's refusals are reported."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

import spinekg
from spinekg import vocab
from spinekg.cli import cli
from spinekg.engines.remote import RemoteEngine, http_request
from spinekg.errors import EndpointError
from spinekg.serve.publish import publish

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
GRAPHS = {vocab.ONTOLOGY_GRAPH, vocab.ASSERTED_GRAPH, vocab.INFERRED_GRAPH}


def _counts(engine: Any) -> dict[str, int]:
    return dict(engine.select(PER_GRAPH).rows)


def _store_counts(query_url: str) -> dict[str, int]:
    """Triples per named graph of the whole store: the query sent without the graph's dataset
    (which :class:`RemoteEngine` names on every request, so it sees the graph's three only)."""
    import json
    import urllib.parse

    _, body = http_request(
        query_url,
        method="POST",
        body=urllib.parse.urlencode({"query": PER_GRAPH}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    return {b["g"]["value"]: int(b["n"]["value"]) for b in json.loads(body)["results"]["bindings"]}


def test_publish_reports_every_named_graph_with_its_triples(published: list, store_server: str, kg: spinekg.KnowledgeGraph) -> None:
    embedded = _counts(kg.engine)
    assert {g.graph: g.triples for g in published} == embedded
    assert set(embedded) == GRAPHS and all(n > 1000 for n in embedded.values())
    assert _counts(RemoteEngine(store_server + "/query")) == embedded


def test_publishing_again_replaces_the_graphs_and_keeps_other_ones(published: list, store_server: str) -> None:
    other = "https://example.org/someone-elses-graph"
    http_request(
        f"{store_server}/store?graph={other}",
        method="PUT",
        body=b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .",
        headers={"Content-Type": "application/n-triples"},
    )
    # A stray triple in our own graph disappears: a PUT replaces the graph.
    http_request(
        store_server + "/update",
        method="POST",
        headers={"Content-Type": "application/sparql-update"},
        body=f"INSERT DATA {{ GRAPH <{vocab.ASSERTED_GRAPH}> {{ <https://example.org/stray> <https://example.org/b> 1 }} }}".encode(),
    )
    before = {g.graph: g.triples for g in published}
    assert _counts(RemoteEngine(store_server + "/query"))[vocab.ASSERTED_GRAPH] == before[vocab.ASSERTED_GRAPH] + 1
    assert _store_counts(store_server + "/query") == {**before, vocab.ASSERTED_GRAPH: before[vocab.ASSERTED_GRAPH] + 1, other: 1}
    again = publish(store_server + "/store")
    assert {g.graph: g.triples for g in again} == before
    assert _store_counts(store_server + "/query") == {**before, other: 1}
    assert _counts(RemoteEngine(store_server + "/query")) == before  # the graph's own dataset only
    http_request(f"{store_server}/store?graph={other}", method="DELETE")


def test_publish_into_a_read_only_server_fails_with_status_and_body(served: tuple[str, Any]) -> None:
    store = served[0].removesuffix("/query") + "/store"
    with pytest.raises(EndpointError) as info:
        publish(store)
    assert info.value.status == 403
    assert str(info.value).startswith(store + "?graph=") and "HTTP 403 Forbidden: the endpoint is read-only" in str(info.value)


def test_cli_publish(store_server: str, published: list) -> None:
    result = CliRunner().invoke(cli, ["publish", "--endpoint", store_server + "/store"])
    assert result.exit_code == 0, result.output
    for g in published:
        assert f"{g.triples:>7,} triples  <{g.graph}>" in result.output
    assert f"published {sum(g.triples for g in published):,} triples in 3 named graphs" in result.output


def test_cli_publish_failures_exit_1(served: tuple[str, Any]) -> None:
    result = CliRunner().invoke(cli, ["publish", "--endpoint", served[0].removesuffix("/query") + "/store"])
    assert result.exit_code == 1 and "HTTP 403" in result.output
    result = CliRunner().invoke(cli, ["publish", "--endpoint", "ftp://example.org/store"])
    assert result.exit_code == 1 and "not an http(s) URL" in result.output
    result = CliRunner().invoke(cli, ["publish"])
    assert result.exit_code == 2
