"""KGX TSV: ``nodes.tsv`` and ``edges.tsv`` with Biolink columns.

Nodes: ``id``, ``category`` (the Biolink classes the schema maps the node's category to, or those of
the nearest category above it that has a mapping; ``biolink:NamedThing`` where none has), ``name``,
``description``, ``synonym``, ``xref``, ``iri``, ``provided_by`` and the spinekg category
(``spinekg_category``).

Edges: ``id``, ``subject``, ``predicate`` (the Biolink slot the schema maps the relation to, exact
before close before broad; ``biolink:related_to`` where it gives none, e.g. *advised against for*),
``object``, ``original_predicate`` (the spinekg relation), ``category``, ``knowledge_level``
(``knowledge_assertion``; ``logical_entailment`` for inferred edges), ``agent_type``
(``manual_agent``; ``automated_agent`` for inferred edges), ``primary_knowledge_source``,
``publications`` (the source documents), ``supporting_text`` (the quotes), ``has_evidence`` (ECO
codes), then spinekg's ``stance``, ``claims``, ``derivations`` and the claim qualifiers.

As in KGX, a list is written joined by ``|`` and whitespace runs (tabs, line breaks) become one
space. KGX has no escape for ``|``: a quote from a table of D001 that holds ``|`` reads back as
several supporting texts. The lossless exports are node-link JSON, GraphML and GEXF.

:func:`write_kgx` takes a directory (``DIR/nodes.tsv``, ``DIR/edges.tsv``) or a prefix
(``PREFIX_nodes.tsv``, ``PREFIX_edges.tsv``, KGX's own naming).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinekg.export.graph import QUALIFIERS, REGIMEN_LABEL_ORDER, edge_id

if TYPE_CHECKING:
    import networkx as nx

NODE_COLUMNS: tuple[str, ...] = ("id", "category", "name", "description", "synonym", "xref", "iri", "provided_by", "spinekg_category")
EDGE_COLUMNS: tuple[str, ...] = (
    "id",
    "subject",
    "predicate",
    "object",
    "original_predicate",
    "category",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
    "supporting_text",
    "has_evidence",
    "stance",
    "claims",
    "derivations",
)
#: The edge attributes that become qualifier columns.
QUALIFIER_COLUMNS = frozenset(QUALIFIERS.values()) | frozenset(REGIMEN_LABEL_ORDER)
LIST_DELIMITER = "|"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_DELIMITER.join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())


def _tsv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buf.getvalue()


def to_kgx(graph: nx.MultiDiGraph[str]) -> tuple[str, str]:
    """``graph`` as KGX TSV text: ``(nodes_tsv, edges_tsv)``."""
    cats = graph.graph.get("categories", {})
    preds = graph.graph.get("predicates", {})
    nodes = [
        {
            "id": n,
            "category": cats.get(d.get("category"), {}).get("biolink", ["biolink:NamedThing"]),
            "name": d.get("label"),
            "description": d.get("definition"),
            "synonym": d.get("synonyms", []),
            "xref": d.get("xrefs", []),
            "iri": d.get("iri"),
            "provided_by": ["infores:spinekg"],
            "spinekg_category": d.get("category"),
        }
        for n, d in graph.nodes(data=True)
    ]
    # one column per qualifier or regimen field the graph's edges carry (the fields of the curation models)
    qualifiers = sorted({k for _, _, d in graph.edges(data=True) for k in d} & QUALIFIER_COLUMNS)
    edges = []
    for u, v, k, d in graph.edges(keys=True, data=True):
        evidence = d.get("evidence", [])
        edges.append(
            {
                "id": edge_id(u, k, v),
                "subject": u,
                "predicate": preds.get(k, {}).get("biolink", "biolink:related_to"),
                "object": v,
                "original_predicate": k,
                "category": "biolink:Association",
                "knowledge_level": d.get("knowledge_level"),
                "agent_type": d.get("agent_type"),
                "primary_knowledge_source": d.get("primary_knowledge_source"),
                "publications": d.get("sources", []),
                "supporting_text": d.get("quotes", []),
                "has_evidence": sorted({e["evidence_type"] for e in evidence if "evidence_type" in e}),
                "stance": d.get("stance", []),
                "claims": d.get("claims", []),
                "derivations": d.get("derivations", []),
                **{q: d.get(q) for q in qualifiers},
            }
        )
    return _tsv(NODE_COLUMNS, nodes), _tsv(EDGE_COLUMNS + tuple(qualifiers), edges)


def kgx_paths(path: str | Path) -> tuple[Path, Path]:
    """Where :func:`write_kgx` writes: ``DIR/nodes.tsv`` and ``DIR/edges.tsv`` when ``path`` is a
    directory (or ends with a slash), else ``PREFIX_nodes.tsv`` and ``PREFIX_edges.tsv``.

    >>> [str(p) for p in kgx_paths("out/spinekg")]
    ['out/spinekg_nodes.tsv', 'out/spinekg_edges.tsv']
    """
    p = Path(path)
    if p.is_dir() or str(path).endswith(("/", "\\")):
        return p / "nodes.tsv", p / "edges.tsv"
    return p.with_name(p.name + "_nodes.tsv"), p.with_name(p.name + "_edges.tsv")


def write_kgx(graph: nx.MultiDiGraph[str], path: str | Path) -> None:
    """Write ``graph`` as KGX TSV to a directory or prefix ``path`` (see :func:`kgx_paths`)."""
    from spinekg.errors import WriteError
    from spinekg.files import write_files

    if Path(path).exists() and not Path(path).is_dir():
        raise WriteError(path, "KGX writes a directory (DIR/nodes.tsv, DIR/edges.tsv) or a prefix (PREFIX_nodes.tsv ...), and this is an existing file")
    nodes_path, edges_path = kgx_paths(path)

    nodes_tsv, edges_tsv = to_kgx(graph)
    if not nodes_path.parent.exists():
        try:
            nodes_path.parent.mkdir(parents=True)
        except OSError as err:
            raise WriteError(nodes_path.parent, err) from err
    write_files({nodes_path: nodes_tsv.encode("utf-8"), edges_path: edges_tsv.encode("utf-8")})
