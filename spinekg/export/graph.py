"""The knowledge graph as a networkx :class:`~networkx.MultiDiGraph`, provenance on every edge.

Nodes are the terms (and categories) keyed by CURIE, plus the dose regimens claims state; edges
are the plain triples of the relation graph, keyed by predicate CURIE (``SKG:treats``,
``rdfs:subClassOf`` for is-a). Every edge carries the claims it comes from, their stances,
documents and quotes; an inferred edge carries its derivations and the claims it rests on. Edge
metadata follows the Biolink/KGX edge properties (``knowledge_level``, ``agent_type``,
``primary_knowledge_source``; quotes and documents are its supporting text and publications).

The data comes from any graph source (:class:`KnowledgeGraph` here: a local or remote
:class:`spinekg.kg.KnowledgeGraph`): its engine runs the ``.rq`` files of ``export/queries/``,
and its term index gives the nodes. networkx is imported when a graph is built.

Node attributes: ``label``, ``category`` (CURIE of the schema category), ``category_label``,
``definition``, ``synonyms`` (exact, related and brand names), ``xrefs``, ``iri``.

Edge attributes: ``predicate``, ``label``, ``inferred``, ``stance`` (the distinct stance labels of
its claims), ``claims``, ``sources`` (documents), ``quotes``, ``evidence`` (one record per claim:
claim, document, stance, evidence type, quoted spans with offsets, qualifiers, curator comment),
``knowledge_level``, ``agent_type``, ``primary_knowledge_source``; the qualifiers its claims state
(``phase``, ``population``, ``urgency``, ... and for dose regimens ``amount``, ``unit``, ``route``,
``frequency`` ...), each a list; inferred edges add ``derivations`` (explanations), ``rules`` and
``via`` (the class the inheritance passed through).

Graph attributes: ``name``, ``documents`` (CURIE -> title and file), ``categories`` (CURIE ->
label, parent, root, Biolink classes), ``predicates`` (CURIE -> label, Biolink slot) and
``selection`` (the options the graph was cut with).

Left out, because the relation graph states them as no triple between two nodes: claims with the
stance *mixed evidence* or *not effective*, and data relations whose object is a literal (has
duration, has statistic ...). ``kg.claims_about(term)`` lists those.
"""

from __future__ import annotations

import copy
import weakref
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from spinekg import rq, vocab
from spinekg.curation import resolved
from spinekg.curation.models import QUALIFIER_PROPERTIES
from spinekg.curation.models import REGIMEN_FIELDS as MODEL_REGIMEN_FIELDS
from spinekg.errors import InvalidValueError, UnknownRelationError, UnknownTermError

if TYPE_CHECKING:
    import networkx as nx

    from spinekg.engines import Engine
    from spinekg.query.terms import Term


class KnowledgeGraph(Protocol):
    """What a graph is built from: an engine to query and the term index (a
    :class:`spinekg.kg.KnowledgeGraph`, local or remote). Named here, not imported, so that the
    export depends on the query layer's face and nothing above it."""

    @property
    def engine(self) -> Engine: ...

    def term(self, name: str) -> Term: ...

    def terms(self, category: str | None = None) -> list[Term]: ...


#: Edge key and predicate of is-a edges.
ISA = "rdfs:subClassOf"
#: Category of dose-regimen nodes (a class of the provenance model, not a schema category).
DOSE_REGIMEN = vocab.curie(vocab.BASE + resolved.DOSE_REGIMEN)
#: The information resource of every edge (Biolink ``primary_knowledge_source``).
KNOWLEDGE_SOURCE = "infores:spinekg"
#: Biolink's root class, for categories the schema maps nowhere.
NAMED_THING = "biolink:NamedThing"
#: Biolink's root predicate, for relations the schema maps to no Biolink slot.
RELATED_TO = "biolink:related_to"

_RDFS_SUBCLASSOF = vocab.RDFS + "subClassOf"

#: Claim qualifiers, by property IRI -> edge attribute name (the model's field names).
QUALIFIERS: dict[str, str] = {vocab.BASE + prop: name for name, prop in QUALIFIER_PROPERTIES.items()}
#: Dose-regimen fields, in the order a regimen label names them ("up to 2 tablet ...").
REGIMEN_LABEL_ORDER: tuple[str, ...] = ("limit", *(f for f in MODEL_REGIMEN_FIELDS if f != "limit"))
_REGIMEN_PROPERTIES = {vocab.BASE + name: name for name in MODEL_REGIMEN_FIELDS}
_REGIMEN_NAMES = frozenset(MODEL_REGIMEN_FIELDS)
_MATCH_ORDER = {vocab.SKOS + "exactMatch": 0, vocab.SKOS + "closeMatch": 1, vocab.SKOS + "broadMatch": 2}
_MATCH_NAMES = {0: "exact", 1: "close", 2: "broad"}


def _query(name: str) -> str:
    return rq.packaged("export/queries", name)


def _c(value: Any) -> str:
    return vocab.curie(str(value))


@dataclass
class _Parts:
    """Everything read from the knowledge graph once; graphs are cut from it."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)
    graph: dict[str, Any] = field(default_factory=dict)


_CACHE: weakref.WeakKeyDictionary[Any, _Parts] = weakref.WeakKeyDictionary()


def build_graph(
    kg: KnowledgeGraph,
    *,
    inferred: bool = True,
    isa: bool = True,
    categories: Iterable[str] | None = None,
    predicates: Iterable[str] | None = None,
    term: str | None = None,
    depth: int = 1,
) -> nx.MultiDiGraph[str]:
    """The knowledge graph ``kg`` as a MultiDiGraph (see the module docstring for its attributes).

    ``inferred`` adds the inferred edges (with their derivations) to the asserted ones; ``isa``
    keeps the is-a edges between terms. ``categories`` keeps the nodes under those categories
    (label, ID or CURIE of a category, e.g. ``"treatment"``; ``"dose regimen"`` for regimens);
    ``predicates`` keeps the edges of those relations (label, ID or CURIE; ``"is a"``) and drops
    the nodes left without an edge. ``term`` (label, synonym, brand name, ID, CURIE or IRI) cuts
    the ego graph: the nodes at most ``depth`` edges away from it in either direction, after the
    other filters (the term itself is always kept).

    Raises :class:`~spinekg.errors.UnknownTermError` for an unknown term or category and
    :class:`~spinekg.errors.UnknownRelationError` for an unknown relation.
    """
    import networkx as nx

    if depth < 0:
        raise InvalidValueError(f"depth must be 0 or more, not {depth}")
    parts = _parts(kg)
    center = kg.term(term).curie if term is not None else None
    keep_categories = _resolve_categories(kg, parts, categories) if categories is not None else None
    keep_predicates = _resolve_predicates(parts, predicates) if predicates is not None else None

    edges = [e for e in parts.edges if (inferred or not e[3]["inferred"]) and (isa or e[2] != ISA) and (keep_predicates is None or e[2] in keep_predicates)]
    nodes = set(parts.nodes)
    if keep_categories is not None:
        cats = parts.graph["categories"]
        nodes = {n for n in nodes if keep_categories & set(_lineage(cats, parts.nodes[n]["category"]))}
    if center is not None:
        nodes.add(center)
    edges = [e for e in edges if e[0] in nodes and e[1] in nodes]
    if keep_predicates is not None:
        nodes = {u for u, _, _, _ in edges} | {v for _, v, _, _ in edges} | ({center} if center else set())
    if center is not None:
        nodes = _ego(center, edges, depth)
        edges = [e for e in edges if e[0] in nodes and e[1] in nodes]

    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    g.graph.update(copy.deepcopy(parts.graph))
    g.graph["selection"] = {
        "inferred": inferred,
        "isa": isa,
        **({"categories": sorted(keep_categories)} if keep_categories is not None else {}),
        **({"predicates": sorted(keep_predicates)} if keep_predicates is not None else {}),
        **({"term": center, "depth": depth} if center is not None else {}),
    }
    g.add_nodes_from((n, copy.deepcopy(parts.nodes[n])) for n in sorted(nodes))
    for u, v, k, d in edges:
        g.add_edge(u, v, key=k, **copy.deepcopy(d))
    return g


def why_no_edges(kg: KnowledgeGraph, graph: nx.MultiDiGraph[str]) -> str | None:
    """Why a graph cut with ``categories`` has no edge, when the relations it keeps run between
    other categories: ``categories`` keeps the nodes under the categories named and only the
    edges between two kept nodes (an induced subgraph, as kgx's node filters and networkx's
    ``subgraph`` cut), so ``--predicate 'contraindicated in' --category treatment`` keeps the
    treatments but none of the states they are contraindicated in. None when there is an edge, no
    category was named, or the relations have no edge to lose.
    """
    selection = graph.graph.get("selection", {})
    kept = selection.get("categories")
    if graph.number_of_edges() or not kept:
        return None
    parts = _parts(kg)
    cats = parts.graph["categories"]
    wanted = selection.get("predicates")
    ends: dict[str, tuple[set[str], set[str]]] = {}
    for u, v, key, data in parts.edges:
        if (wanted is None or key in wanted) and (selection.get("inferred", True) or not data["inferred"]) and (selection.get("isa", True) or key != ISA):
            subjects, objects = ends.setdefault(key, (set(), set()))
            subjects.add(parts.nodes[u]["category"])
            objects.add(parts.nodes[v]["category"])
    if not ends:
        return None

    def named(categories: set[str]) -> str:
        return ", ".join(sorted(cats[c]["label"] if c in cats else c for c in categories))

    def outside(categories: set[str]) -> set[str]:
        return {c for c in categories if not set(kept) & set(_lineage(cats, c))}

    lines = ["no edge is left: --category keeps only the nodes under the categories named, and an edge only when both its ends are kept;"]
    for key, (subjects, objects) in sorted(ends.items()):
        missing = outside(subjects) | outside(objects)
        if missing:
            label = parts.graph["predicates"].get(key, {}).get("label", key)
            keep = " ".join(f"--category {c!r}" for c in sorted(_root_labels(cats, missing)))
            lines.append(f"  {label!r} runs from {named(subjects)} to {named(objects)}; keep it with {keep}")
    return "\n".join(lines) if len(lines) > 1 else None


def _root_labels(categories: dict[str, dict[str, Any]], curies: Iterable[str]) -> set[str]:
    """The labels of the top categories above ``curies``."""
    return {categories[_lineage(categories, c)[-1]]["label"] for c in curies if c in categories}


def edge_id(u: str, key: str, v: str) -> str:
    """The id of an edge in the exports that need one (CURIEs hold no spaces).

    >>> edge_id("SKG:Electrotherapy", "SKG:contraindicatedIn", "SKG:Pregnancy")
    'SKG:Electrotherapy SKG:contraindicatedIn SKG:Pregnancy'
    """
    return f"{u} {key} {v}"


def _ego(center: str, edges: list[tuple[str, str, str, dict[str, Any]]], depth: int) -> set[str]:
    neighbours: dict[str, set[str]] = defaultdict(set)
    for u, v, _, _ in edges:
        neighbours[u].add(v)
        neighbours[v].add(u)
    seen = {center}
    todo = deque([(center, 0)])
    while todo:
        node, d = todo.popleft()
        if d == depth:
            continue
        for other in neighbours[node] - seen:
            seen.add(other)
            todo.append((other, d + 1))
    return seen


def _lineage(categories: dict[str, dict[str, Any]], category: str) -> list[str]:
    """``category`` and the categories above it."""
    from spinekg.hierarchy import lineage

    return lineage(category, lambda c: categories.get(c, {}).get("parent"))


def _resolve_categories(kg: KnowledgeGraph, parts: _Parts, names: Iterable[str]) -> set[str]:
    cats = parts.graph["categories"]
    out = set()
    for name in names:
        key = " ".join(name.split()).casefold()
        if key in {"doseregimen", "dose regimen", "skg:doseregimen", (vocab.BASE + "DoseRegimen").casefold()}:
            out.add(DOSE_REGIMEN)
            continue
        t = kg.term(name)
        if t.curie not in cats:  # a term, not a category: suggest the categories it falls under
            above = [cats[c]["label"] for c in _lineage(cats, t.category)]
            raise UnknownTermError(name, above, f"{t.label!r} is a {t.category_label}, not a category")
        out.add(t.curie)
    return out


def _resolve_predicates(parts: _Parts, names: Iterable[str]) -> set[str]:
    preds = parts.graph["predicates"]
    index: dict[str, str] = {}
    for curie, meta in preds.items():
        for alias in (curie, vocab.expand(curie), curie.partition(":")[2], meta["label"]):
            index[alias.casefold()] = curie
    index.update({"isa": ISA, "subclassof": ISA})
    out = set()
    for name in names:
        key = " ".join(name.split()).casefold()
        if key not in index and key.startswith("skg:"):
            key = key[4:]
        if key not in index:
            from rapidfuzz import fuzz, process

            labels = sorted(m["label"] for m in preds.values())
            raise UnknownRelationError(name, [x for x, _, _ in process.extract(name, labels, scorer=fuzz.WRatio, limit=3)])
        out.add(index[key])
    return out


# -- reading the knowledge graph ---------------------------------------------------------------


def _parts(kg: KnowledgeGraph) -> _Parts:
    try:
        return _CACHE[kg]
    except (KeyError, TypeError):
        pass
    parts = _read(kg)
    try:
        _CACHE[kg] = parts
    except TypeError:  # an object that cannot be weakly referenced is read every time
        pass
    return parts


def _select(kg: KnowledgeGraph, name: str) -> list[Any]:
    """The rows of one of the export's own queries (trusted text: no guard, no child process)."""
    from spinekg.query.results import make_result

    table = kg.engine.select(_query(name))
    return list(make_result(name, table.variables, list(table.rows), iris="full"))


def _read(kg: KnowledgeGraph) -> _Parts:
    parts = _Parts()
    terms = kg.terms()
    categories = _categories(kg, terms)
    predicates = _predicates(kg)
    documents = {_c(r.document): {"title": r.title, **({"file": r.file} if r.file else {})} for r in _select(kg, "documents")}
    parts.graph = {"name": "spinekg", "documents": dict(sorted(documents.items())), "categories": categories, "predicates": predicates}

    for t in terms:
        parts.nodes[t.curie] = {
            "label": t.label,
            "category": t.category,
            "category_label": t.category_label,
            "definition": t.definition,
            "synonyms": [s.text for s in t.synonyms],
            "xrefs": list(t.xrefs),
            "iri": t.iri,
        }

    claims, details = _claims(kg)
    by_triple: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for claim_id, rec in claims.items():
        if rec["_effective"] is None:  # the claim states no triple (see ontology/README.md, Stances)
            continue
        by_triple[(rec["_subject"], rec["_effective"], rec["_object"])].append(claim_id)

    regimens: dict[str, str] = {}
    for row in _select(kg, "edges"):
        s, p, o = _c(row.subject), _c(row.predicate), _c(row.object)
        if s not in parts.nodes:  # not a term kg.terms() knows (no label or definition): no node for it
            continue
        supporting = sorted(by_triple.get((s, p, o), []))
        if o not in parts.nodes:  # a dose regimen: one claim states it
            regimens[o] = supporting[0] if supporting else ""
        attrs = _edge(p, predicates, False, [claims[c] for c in supporting])
        for c in supporting:
            for name, values in details[c].items():
                attrs.setdefault(name, [])
                attrs[name] = sorted(set(attrs[name]) | set(values))
        parts.edges.append((s, o, p, attrs))

    for node, claim_id in sorted(regimens.items()):
        fields = details.get(claim_id, {})
        words = [fields[f][0] for f in REGIMEN_LABEL_ORDER if f in fields]
        label = " ".join(words) or node
        parts.nodes[node] = {
            "label": label,
            "category": DOSE_REGIMEN,
            "category_label": categories[DOSE_REGIMEN]["label"],
            "definition": f"The dose regimen stated by {claim_id}: {label}." if claim_id else f"A dose regimen: {label}.",
            "synonyms": [],
            "xrefs": [],
            "iri": vocab.expand(node),
        }

    derived: dict[tuple[str, str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in _select(kg, "inferred"):
        d = derived[(_c(row.subject), _c(row.predicate), _c(row.object))]
        d["derivations"].add(str(row.explanation))
        d["rules"].add(str(row.ruleLabel or _c(row.rule)))
        d["roots"].add(_c(row.root))
        if row.via:
            d["via"].add(_c(row.via))
    for (s, p, o), d in derived.items():
        if s not in parts.nodes or o not in parts.nodes:
            continue
        roots = [claims[c] for c in sorted(d["roots"]) if c in claims]
        attrs = _edge(p, predicates, True, roots, relevant=_relevant_stances(p, roots))
        for c in sorted(d["roots"]):  # the qualifiers of the claims it rests on go with it
            for name, values in details.get(c, {}).items():
                if name not in _REGIMEN_NAMES:
                    attrs[name] = sorted(set(attrs.get(name, [])) | set(values))
        attrs["derivations"] = sorted(d["derivations"])
        attrs["rules"] = sorted(d["rules"])
        attrs["via"] = sorted(d["via"])
        parts.edges.append((s, o, p, attrs))

    parts.edges.sort(key=lambda e: (e[0], e[2], e[1]))
    return parts


def _relevant_stances(predicate: str, roots: list[dict[str, Any]]) -> list[str]:
    """The stances of the root claims that state the inferred relation itself (not an is-a or brand
    step): a product inheriting a contraindication is contraindicated, not "reported"."""
    same = [r["stance"] for r in roots if r["_effective"] == predicate]
    return sorted(set(same or [r["stance"] for r in roots]))


def _edge(predicate: str, predicates: dict[str, Any], inferred: bool, claims: list[dict[str, Any]], relevant: list[str] | None = None) -> dict[str, Any]:
    evidence = [{k: v for k, v in c.items() if not k.startswith("_")} for c in claims]
    quotes = [s["quote"] for c in evidence for s in c["spans"]]
    return {
        "predicate": predicate,
        "label": predicates[predicate]["label"],
        "inferred": inferred,
        "stance": relevant if relevant is not None else sorted({c["stance"] for c in evidence}),
        "claims": [c["claim"] for c in evidence],
        "sources": sorted({c["document"] for c in evidence if "document" in c}),
        "quotes": list(dict.fromkeys(quotes)),
        "evidence": evidence,
        "knowledge_level": "logical_entailment" if inferred else "knowledge_assertion",
        "agent_type": "automated_agent" if inferred else "manual_agent",
        "primary_knowledge_source": KNOWLEDGE_SOURCE,
    }


def _claims(kg: KnowledgeGraph) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, list[str]]]]:
    """Claim records (by claim CURIE) and each claim's qualifier and regimen values."""
    details: dict[str, dict[str, list[str]]] = defaultdict(dict)
    comments: dict[str, list[str]] = defaultdict(list)
    for row in _select(kg, "claim-details"):
        claim, prop = _c(row.claim), str(row.property)
        value = str(row.value)
        if prop == vocab.RDFS + "comment":
            comments[claim].append(value)
            continue
        name = QUALIFIERS.get(prop) or _REGIMEN_PROPERTIES.get(prop)
        if name is None:  # not a qualifier or regimen field of the model
            continue
        shown = _c(value) if value.startswith(vocab.BASE) else value
        details[claim].setdefault(name, []).append(shown)
    order = [*MODEL_REGIMEN_FIELDS, *QUALIFIERS.values()]  # the models' field order, whatever the engine's row order
    for claim, fields in details.items():
        details[claim] = {name: sorted(set(fields[name])) for name in order if name in fields}

    # the relation-graph property of each claim, as the compiler recorded it (no stance rule here)
    stated_as = {_c(row.claim): _c(row.graphPredicate) for row in _select(kg, "claim-predicates")}
    claims: dict[str, dict[str, Any]] = {}
    for row in _select(kg, "claims"):
        cid = _c(row.claim)
        rec = claims.get(cid)
        if rec is None:
            rec = claims[cid] = {
                "claim": cid,
                **({"document": _c(row.document)} if row.document else {}),
                "stance": str(row.stanceLabel or _c(row.stance)),
                **({"evidence_type": _c(row.evidence)} if row.evidence else {}),
                "spans": [],
                "_subject": _c(row.subject),
                "_object": _c(row.object),
                "_effective": stated_as.get(cid),
            }
            if row.mapping:
                rec["curator_mapping"] = True
            if comments.get(cid):
                rec["comment"] = " ".join(sorted(comments[cid]))
            qualifiers = {k: v for k, v in details.get(cid, {}).items() if k not in MODEL_REGIMEN_FIELDS}
            if qualifiers:
                rec["qualifiers"] = qualifiers
        if row.quote is not None:
            rec["spans"].append({"quote": str(row.quote), "start": int(row.start), "end": int(row.end)})
    for rec in claims.values():
        rec["spans"].sort(key=lambda s: (s["start"], s["end"]))
    return claims, details


def _categories(kg: KnowledgeGraph, terms: list[Any]) -> dict[str, dict[str, Any]]:
    cat_terms = {t.curie: t for t in terms if t.category == t.curie}
    mapped: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in _select(kg, "categories"):
        mapped[_c(row.category)].append((_MATCH_ORDER[str(row.match)], _c(row.target)))
    out: dict[str, dict[str, Any]] = {}
    for _, t in sorted(cat_terms.items()):
        parents = [p for p in t.parents if p in cat_terms]
        out[t.curie] = {"label": t.label, **({"parent": parents[0]} if parents else {})}
    for curie, meta in out.items():
        lineage = _lineage(out, curie)
        meta["root"] = lineage[-1]
        biolink: list[str] = []
        for c in lineage:  # the nearest category the schema maps, its exact and close matches
            best = sorted(mapped.get(c, []))
            if best:
                biolink = sorted({target for order, target in best if order == best[0][0]})
                break
        meta["biolink"] = biolink or [NAMED_THING]
    out[DOSE_REGIMEN] = {"label": "dose regimen", "root": DOSE_REGIMEN, "biolink": [NAMED_THING]}
    return out


def _predicates(kg: KnowledgeGraph) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for row in _select(kg, "relations"):
        meta = found.setdefault(_c(row.relation), {"label": str(row.label), "_maps": []})
        if row.match:
            meta["_maps"].append((_MATCH_ORDER[str(row.match)], _c(row.target)))
    out: dict[str, dict[str, Any]] = {ISA: {"label": "is a", "biolink": "biolink:subclass_of", "match": "exact"}}
    for curie, meta in sorted(found.items()):
        maps = sorted(meta.pop("_maps"))
        if maps:
            meta["biolink"], meta["match"] = maps[0][1], _MATCH_NAMES[maps[0][0]]
        else:
            meta["biolink"], meta["match"] = RELATED_TO, "none"
        out[curie] = meta
    return out
