"""Load the built graph into any SPARQL 1.1 store through the Graph Store HTTP Protocol.

Each named graph (ontology, asserted, inferred) is sent as one ``PUT <store>?graph=<IRI>`` with an
N-Triples body, which replaces that graph and nothing else: publishing again gives the same store.
``store_url`` is the store's Graph Store Protocol service, for example

==================  ================================================================
Oxigraph            ``http://127.0.0.1:7878/store``
Apache Jena Fuseki  ``http://127.0.0.1:3030/DATASET/data``
GraphDB             ``http://127.0.0.1:7200/repositories/REPO/rdf-graphs/service``
Virtuoso 7          ``http://127.0.0.1:8890/sparql-graph-crud-auth`` (as dba, Digest)
==================  ================================================================

Credentials come from the environment as for queries (see :mod:`spinekg.engines.remote`): with
``SPINEKG_ENDPOINT_USER`` and ``SPINEKG_ENDPOINT_PASSWORD``, a bodiless probe learns whether the
store asks for Digest authentication (Virtuoso does) before the first graph's body is sent, so no
body is sent only to be refused. A store that refuses a graph anyway (401, 403, 413) before it has
read the body is heard out: its status and message, not "Broken pipe".

Stores keep the values, not always the lexical forms: Virtuoso stores ``"true"^^xsd:boolean`` as
``"1"``, which the engines read back as the same Python value (``True``).
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from spinekg.engines.remote import http_request
from spinekg.errors import SpineKGError
from spinekg.paths import BuiltFiles

#: Seconds to wait for the store to take one graph.
DEFAULT_TIMEOUT = 120.0


@dataclass(frozen=True)
class PublishedGraph:
    """One named graph sent to the store."""

    graph: str
    triples: int
    bytes: int


def graph_bodies(files: BuiltFiles | None = None) -> dict[str, tuple[int, bytes]]:
    """Each named graph of the built files as (triple count, N-Triples body).

    The files are read exactly as the embedded engine reads them, so the store receives the dataset
    the embedded graph answers from.
    """
    import pyoxigraph as ox

    from spinekg.engines.cache import bulk_load
    from spinekg.paths import built_files

    store = ox.Store()
    bulk_load(store, files or built_files())
    if any(True for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        raise SpineKGError("the built files put triples in the default graph; every triple must be in a named graph")
    bodies = {}
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
        bodies[graph.value] = (len(triples), ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
    return bodies


def graph_url(store_url: str, graph: str) -> str:
    """The Graph Store Protocol URL of one named graph (indirect identification, ``?graph=``).

    >>> graph_url("http://127.0.0.1:7878/store", "https://w3id.org/spinekg/graph/asserted")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fspinekg%2Fgraph%2Fasserted'
    """
    return store_url + ("&" if "?" in store_url else "?") + urllib.parse.urlencode({"graph": graph})


def publish(store_url: str, *, files: BuiltFiles | None = None, timeout: float = DEFAULT_TIMEOUT) -> list[PublishedGraph]:
    """PUT every named graph of the built graph into the store at ``store_url``; what was sent.

    Raises :class:`~spinekg.errors.EndpointError` (with the HTTP status and the start of the
    store's answer) on the first graph the store does not take.
    """
    if not store_url.startswith(("http://", "https://")):
        raise SpineKGError(f"{store_url}: not an http(s) URL of a Graph Store Protocol service")
    sent = []
    for graph, (count, body) in graph_bodies(files).items():
        http_request(
            graph_url(store_url, graph),
            method="PUT",
            body=body,
            headers={"Content-Type": "application/n-triples"},
            timeout=timeout,
        )
        sent.append(PublishedGraph(graph, count, len(body)))
    return sent
