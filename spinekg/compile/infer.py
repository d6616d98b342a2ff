"""Materialise the inferred relation graph: the rules of ``ontology/rules/`` run to a fixpoint.

Every conclusion that is not already asserted goes to the inferred named graph with a
``SKG:Derivation`` node: the rule, the premises it used (claims, or derivations of earlier rounds),
the claims it finally rests on, the classes it passed through and a readable explanation. Only the
derivations of the round in which a conclusion first appears are kept, so each explanation is a
shortest one.

Each derivation carries the qualifiers of the claims it rests on (population, circumstance,
proportion ...), as those claims' nodes do: a derived triple says no more than its premises. A
claim scoped to some, many or most members of its subject states no plain triple
(:func:`spinekg.curation.resolved.graph_predicate`), so no rule passes it down.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.query import ResultRow
from rdflib.term import Node

from spinekg import rq, vocab
from spinekg.compile import nodes as n
from spinekg.compile.nodes import Triple
from spinekg.curation.resolved import Resolved

RULES_DIR = Path("ontology/rules")
RULE = vocab.BASE + "rule/"
DERIVATION = vocab.BASE + "derivation/"

Edge = tuple[URIRef, URIRef, URIRef]


@dataclass(frozen=True)
class Rule:
    name: str
    title: str
    beyond_owl: str
    text: str

    @property
    def iri(self) -> URIRef:
        return URIRef(RULE + self.name)


@dataclass(frozen=True)
class Derivation:
    rule: Rule
    conclusion: Edge
    premise: Edge
    step: Edge | None

    @property
    def iri(self) -> URIRef:
        key = "|".join(str(x) for x in (*self.conclusion, self.rule.name, *self.premise, *(self.step or ())))
        return URIRef(DERIVATION + hashlib.sha1(key.encode()).hexdigest()[:16])


@dataclass
class Inference:
    """The fixpoint: conclusions with their derivations, and what each asserted edge rests on."""

    derivations: dict[Edge, list[Derivation]] = field(default_factory=dict)
    support: dict[Edge, list[str]] = field(default_factory=dict)
    rounds: int = 0


def load_rules(root: Path) -> list[Rule]:
    from spinekg.errors import CurationError, Problem
    from spinekg.files import read_regular

    rules = []
    problems = []
    paths = sorted((root / RULES_DIR).glob("*.rq"))
    for path in paths:
        data = b""
        try:
            data = read_regular(path)
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            problems.append(Problem(str(RULES_DIR / path.name), data.count(b"\n", 0, err.start) + 1, f"not UTF-8 text ({err.reason} at byte {err.start})"))
            continue
        except OSError as err:
            problems.append(Problem(str(RULES_DIR / path.name), 0, f"cannot read the file ({err.strerror or err})"))
            continue
        header = rq.header(text)
        rules.append(Rule(path.stem, header.get("title", path.stem), header.get("beyond-owl", ""), text))
    if not paths:
        problems.append(Problem(str(RULES_DIR), 0, "no inference rules (*.rq): the inferred graph would be empty"))
    if problems:
        raise CurationError(problems)
    return rules


def asserted_edges(r: Resolved) -> dict[Edge, list[str]]:
    """Each plain asserted edge between terms, with the claims (IRIs) that state it."""
    edges: dict[Edge, list[str]] = {}
    for child, parents in r.parents.items():
        for parent in parents:
            edges.setdefault((n.term(child), RDFS.subClassOf, n.term(parent)), [])
    for c in r.claims:
        if c.graph_predicate is not None and c.object is not None:
            edge = (n.term(c.subject), n.predicate(c.graph_predicate), n.term(c.object))
            edges.setdefault(edge, []).append(str(n.claim(c.id)))
    return edges


def run(r: Resolved, rules: list[Rule]) -> Inference:
    """Apply ``rules`` until no new conclusion appears."""
    result = Inference(support=asserted_edges(r))
    graph = Graph()
    for edge in result.support:
        graph.add(edge)
    while True:
        fresh: dict[Edge, list[Derivation]] = {}
        for rule in rules:
            for row in graph.query(rule.text):
                assert isinstance(row, ResultRow)
                conclusion: Edge = (row.s, row.p, row.o)  # type: ignore[assignment]  # the rules bind IRIs
                if conclusion in result.support or conclusion in result.derivations:
                    continue
                step: Edge | None = (row.stepS, row.stepP, row.stepO) if getattr(row, "stepS", None) is not None else None  # type: ignore[assignment]
                premise: Edge = (row.premiseS, row.premiseP, row.premiseO)  # type: ignore[assignment]
                d = Derivation(rule, conclusion, premise, step)
                if d not in fresh.setdefault(conclusion, []):
                    fresh[conclusion].append(d)
        if not fresh:
            return result
        result.rounds += 1
        for conclusion, ds in fresh.items():
            result.derivations[conclusion] = sorted(ds, key=lambda d: str(d.iri))
            graph.add(conclusion)


def claim_qualifiers(r: Resolved) -> dict[str, list[tuple[Node, Node]]]:
    """Each claim's qualifier properties and values, as its claim node carries them."""
    out: dict[str, list[tuple[Node, Node]]] = {}
    for c in r.claims:
        pairs = [(p, o) for _, p, o in n.qualifier_triples(n.claim(c.id), c)]
        if pairs:
            out[str(n.claim(c.id))] = pairs
    return out


def _premise_nodes(inf: Inference, edge: Edge) -> list[URIRef]:
    if edge in inf.support:
        return [URIRef(c) for c in inf.support[edge]]
    return [d.iri for d in inf.derivations.get(edge, [])]


def _roots(inf: Inference, edge: Edge, seen: frozenset[Edge] = frozenset()) -> set[str]:
    if edge in inf.support:
        return set(inf.support[edge])
    out: set[str] = set()
    for d in inf.derivations.get(edge, []):
        for e in (d.premise, d.step):
            if e is not None and e not in seen:
                out |= _roots(inf, e, seen | {edge})
    return out


def _explain(inf: Inference, edge: Edge, seen: frozenset[Edge] = frozenset()) -> str:
    def fmt(e: Edge) -> str:
        text = " ".join(vocab.curie(str(x)) for x in e)
        claims = inf.support.get(e)
        return f"{text} [{', '.join(vocab.curie(c) for c in claims)}]" if claims else text

    if edge in inf.support or edge in seen or edge not in inf.derivations:
        return fmt(edge)
    d = inf.derivations[edge][0]
    parts = [_explain(inf, d.premise, seen | {edge})]
    if d.step is not None:
        parts.insert(0, _explain(inf, d.step, seen | {edge}))
    return " ; ".join(parts)


def inferred_triples(inf: Inference, rules: list[Rule], qualifiers: dict[str, list[tuple[Node, Node]]] | None = None) -> Iterator[Triple]:
    """Every triple of the inferred named graph; ``qualifiers`` (claim IRI -> its qualifier
    properties and values, :func:`claim_qualifiers`) puts the qualifiers of its root claims on
    each derivation."""
    qualifiers = qualifiers or {}
    skg = n.skg
    for rule in rules:
        yield rule.iri, RDF.type, skg("InferenceRule")
        yield rule.iri, RDFS.label, Literal(rule.name)
        yield rule.iri, URIRef(vocab.DCTERMS + "title"), Literal(rule.title)
        yield rule.iri, skg("beyondOwl"), Literal(rule.beyond_owl)
    for conclusion, ds in inf.derivations.items():
        yield conclusion
        explanation = _explain(inf, conclusion)
        roots = sorted(_roots(inf, conclusion))
        for d in ds:
            node = d.iri
            yield node, RDF.type, skg("Derivation")
            yield node, RDF.subject, conclusion[0]
            yield node, RDF.predicate, conclusion[1]
            yield node, RDF.object, conclusion[2]
            yield node, skg("rule"), d.rule.iri
            for e in (d.premise, d.step):
                if e is None:
                    continue
                for p in _premise_nodes(inf, e):
                    yield node, skg("premise"), p
                if e[1] == RDFS.subClassOf:
                    yield node, skg("viaClass"), e[2] if e[0] in conclusion else e[0]
            for c in roots:
                yield node, skg("rootClaim"), URIRef(c)
                for prop, value in qualifiers.get(c, ()):
                    yield node, prop, value
            yield node, skg("explanation"), Literal(explanation)
