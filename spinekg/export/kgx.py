"""KGX TSV: ``nodes.tsv`` and ``edges.tsv`` with Biolink columns, as ``kgx validate`` accepts them.

Nodes: ``id``, ``category`` (the Biolink classes the schema maps the node's category to, or those of
the nearest category above it that has a mapping; ``biolink:NamedThing`` where none has), ``name``,
``description``, ``synonym``, ``xref``, ``iri``, ``provided_by`` and the spinekg category
(``spinekg_category``).

Edges: ``id`` (a stable ``urn:uuid:`` URI derived from subject, relation and object), ``subject``,
``predicate`` (the Biolink slot the schema maps the relation to, exact before close before broad;
``biolink:related_to`` where it gives none, e.g. *advised against for*), ``object``,
``original_predicate`` (the spinekg relation), ``category``, ``knowledge_level``
(``knowledge_assertion``; ``logical_entailment`` for inferred edges), ``agent_type``
(``manual_agent``; ``automated_agent`` for inferred edges), ``primary_knowledge_source``,
``publications`` (the source documents), ``supporting_text`` (the quotes), ``has_evidence`` (ECO
codes), then spinekg's ``spinekg_stance``, ``spinekg_claims``, ``spinekg_derivations`` and one
column per claim qualifier and dose-regimen field the edges carry.

Qualifier columns never take the name of a Biolink slot that means something else (Biolink's
``phase`` is the phase of a coding sequence, ``frequency_qualifier`` how often a phenotype is
seen): a qualifier Biolink has a slot for is written under that slot (:data:`BIOLINK_QUALIFIERS`:
the population under ``population_context_qualifier``), every other one under ``spinekg_`` + its
name (``spinekg_phase``, ``spinekg_urgency``, ``spinekg_amount`` ...). Biolink's qualifier slots hold
one value: an edge whose claims state several populations has them in ``spinekg_population``.

IDs are CURIEs as KGX checks them (no ``/`` after the prefix): a dose regimen, whose IRI is its
claim's IRI + ``/regimen``, has the ID ``SKGREGIMEN:`` + the claim's ID (``SKGREGIMEN:D001-194``
for ``SKGCLAIM:D001-194/regimen``); its IRI is in the ``iri`` column. Biolink's JSON-LD context
knows none of spinekg's prefixes (``SKG``, ``SKGCLAIM``, ``SKGDOC``, ``SKGREGIMEN``), which is the
one thing ``kgx validate`` reports.

KGX reads TSV unquoted (a ``"`` is part of the text), splits a cell holding ``|`` into a list and
reads one value of a multivalued slot as a list of one; so cells are written unquoted, lists are
joined by ``|`` and whitespace runs (tabs, line breaks) become one space. KGX has no escape for
``|``: a quote from a table of D001 that holds ``|`` reads back as several supporting texts. The
lossless exports are node-link JSON, GraphML and GEXF.

:func:`write_kgx` takes a directory (``DIR/nodes.tsv``, ``DIR/edges.tsv``) or a prefix
(``PREFIX_nodes.tsv``, ``PREFIX_edges.tsv``, KGX's own naming).
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinekg import vocab
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
    "spinekg_stance",
    "spinekg_claims",
    "spinekg_derivations",
)
#: The edge attributes (claim qualifiers and dose-regimen fields) that become qualifier columns.
QUALIFIER_COLUMNS = frozenset(QUALIFIERS.values()) | frozenset(REGIMEN_LABEL_ORDER)
#: Qualifiers written under a Biolink qualifier slot (single-valued) when an edge has one value.
BIOLINK_QUALIFIERS: dict[str, str] = {"population": "population_context_qualifier"}
#: Prefix of the columns spinekg adds (qualifiers Biolink has no slot for, stance, claims ...).
PREFIX = "spinekg_"
#: The prefix of dose-regimen IDs (see the module docstring).
REGIMEN_PREFIX = "SKGREGIMEN"
LIST_DELIMITER = "|"
#: A CURIE as KGX checks it (``kgx.prefix_manager.PrefixManager.is_curie``).
CURIE = re.compile(r"^[^ <()>:]*:[^/ :]+$")
_REGIMEN = re.compile(r"^SKGCLAIM:([^/ :]+)/regimen$")
#: The namespace of the edge IDs (UUID version 5 of the readable edge ID).
EDGE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, vocab.BASE + "kgx/edge")


def node_id(curie: str) -> str:
    """The KGX ID of a node: its CURIE, or ``SKGREGIMEN:<claim>`` for a dose regimen.

    >>> node_id("SKG:Naproxen"), node_id("SKGCLAIM:D001-194/regimen")
    ('SKG:Naproxen', 'SKGREGIMEN:D001-194')
    """
    m = _REGIMEN.match(curie)
    return f"{REGIMEN_PREFIX}:{m.group(1)}" if m else curie


def kgx_edge_id(u: str, key: str, v: str) -> str:
    """The KGX ID of an edge: a URI (Biolink's ``id`` is a CURIE or a URI), the same in every export.

    >>> kgx_edge_id("SKG:Electrotherapy", "SKG:contraindicatedIn", "SKG:Pregnancy")
    'urn:uuid:e3852e0d-18e0-500f-b32f-f9dd1eafcbac'
    """
    return f"urn:uuid:{uuid.uuid5(EDGE_NAMESPACE, edge_id(u, key, v))}"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_DELIMITER.join(c for c in (_cell(v) for v in value) if c)
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())


def _tsv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    """Tab-separated, unquoted: KGX reads every character of a cell as text (``quoting=3``)."""
    lines = ["\t".join(columns)]
    lines.extend("\t".join(_cell(row.get(c)) for c in columns) for row in rows)
    return "\n".join(lines) + "\n"


def _qualifiers(d: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The qualifier cells of one edge, by column."""
    out: dict[str, Any] = {}
    for name in names:
        values = d.get(name)
        if not values:
            continue
        one = [values] if isinstance(values, str) else list(values)
        if name in BIOLINK_QUALIFIERS and len(one) == 1:
            out[BIOLINK_QUALIFIERS[name]] = node_id(one[0])
        else:
            out[PREFIX + name] = [node_id(x) for x in one]
    return out


def to_kgx(graph: nx.MultiDiGraph[str]) -> tuple[str, str]:
    """``graph`` as KGX TSV text: ``(nodes_tsv, edges_tsv)``."""
    cats = graph.graph.get("categories", {})
    preds = graph.graph.get("predicates", {})
    nodes = [
        {
            "id": node_id(n),
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
    # the qualifier and regimen fields the graph's edges carry (the fields of the curation models)
    names = sorted({k for _, _, d in graph.edges(data=True) for k in d} & QUALIFIER_COLUMNS)
    edges = []
    for u, v, k, d in graph.edges(keys=True, data=True):
        evidence = d.get("evidence", [])
        edges.append(
            {
                "id": kgx_edge_id(u, k, v),
                "subject": node_id(u),
                "predicate": preds.get(k, {}).get("biolink", "biolink:related_to"),
                "object": node_id(v),
                "original_predicate": k,
                "category": "biolink:Association",
                "knowledge_level": d.get("knowledge_level"),
                "agent_type": d.get("agent_type"),
                "primary_knowledge_source": d.get("primary_knowledge_source"),
                "publications": d.get("sources", []),
                "supporting_text": d.get("quotes", []),
                "has_evidence": sorted({e["evidence_type"] for e in evidence if "evidence_type" in e}),
                "spinekg_stance": d.get("stance", []),
                "spinekg_claims": d.get("claims", []),
                "spinekg_derivations": d.get("derivations", []),
                **_qualifiers(d, names),
            }
        )
    qualifier_columns = tuple(sorted({c for e in edges for c in e} - set(EDGE_COLUMNS)))
    return _tsv(NODE_COLUMNS, nodes), _tsv(EDGE_COLUMNS + qualifier_columns, edges)


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
