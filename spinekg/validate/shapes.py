"""SHACL shapes for the built graph, generated from the schema, and validation with pyshacl.

The shapes say what every node of the provenance model must carry (claims: document, stance,
evidence, spans; spans: quote and offsets; terms: one label, one category, a definition; regimens:
amount and unit; curator mappings: their mark, evidence and comment) and check every relation's
domain and range on the plain triples, asserted and inferred, through ``rdfs:subClassOf*``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from spinekg import vocab
from spinekg.curation.resolved import DOSE_REGIMEN, Resolved

SH = Namespace("http://www.w3.org/ns/shacl#")
SKG = Namespace(vocab.BASE)
DCT = Namespace(vocab.DCTERMS)
SHAPES = Namespace(vocab.BASE + "shapes/")


def _prop(g: Graph, shape: URIRef, path: URIRef, **facets: object) -> None:
    p = BNode(f"{shape.split('/')[-1]}_{path.split('/')[-1].split('#')[-1]}")
    g.add((shape, SH.property, p))
    g.add((p, SH.path, path))
    for name, value in facets.items():
        if name == "in_":
            head = BNode(f"{p}_in")
            Collection(g, head, list(value))  # type: ignore[call-overload]
            g.add((p, SH["in"], head))
        else:
            g.add((p, SH[name], value if isinstance(value, (URIRef, Literal)) else Literal(value)))


def _node_shape(g: Graph, name: str, **target: URIRef) -> URIRef:
    shape = SHAPES[name]
    g.add((shape, RDF.type, SH.NodeShape))
    for kind, value in target.items():
        g.add((shape, SH[kind], value))
    return shape


def _category_query(prop: URIRef, var: str, values: str) -> str:
    from spinekg import rq

    text = "\n".join(line for line in rq.packaged("validate/queries", "category-check").splitlines() if not line.startswith("#"))
    return text.replace("%PROPERTY%", str(prop)).replace("%VALUE%", var).replace("%ALLOWED%", values)


def _category_check(g: Graph, shape: URIRef, name: str, var: str, allowed: list[str], message: str, prop: URIRef) -> None:
    values = ", ".join(f"<{vocab.BASE}{c}>" for c in allowed)
    node = SHAPES[f"{name}-sparql"]
    g.add((shape, SH.sparql, node))
    g.add((node, SH.message, Literal(message)))
    g.add(
        (
            node,
            SH.select,
            Literal(_category_query(prop, var, values)),
        )
    )


def shapes_graph(r: Resolved) -> Graph:
    g = Graph()
    g.bind("sh", SH)
    g.bind("SKG", SKG)
    g.bind("shapes", SHAPES)
    stances = [SKG[s.id] for s in r.schema.stances]

    claim = _node_shape(g, "ClaimShape", targetClass=SKG.Claim)
    _prop(g, claim, DCT.source, minCount=1, maxCount=1, nodeKind=SH.IRI)
    _prop(g, claim, SKG.span, minCount=1, nodeKind=SH.IRI)
    _prop(g, claim, SKG.evidence, minCount=1, maxCount=1, nodeKind=SH.IRI, pattern="^http://purl.obolibrary.org/obo/ECO_[0-9]{7}$")
    _prop(g, claim, SKG.stance, minCount=1, maxCount=1, in_=stances)
    for p in (RDF.subject, RDF.predicate, RDF.object):
        _prop(g, claim, p, minCount=1, maxCount=1)

    span = _node_shape(g, "EvidenceSpanShape", targetClass=SKG.EvidenceSpan)
    _prop(g, span, SKG.quote, minCount=1, maxCount=1, datatype=XSD.string, minLength=1)
    _prop(g, span, SKG.startOffset, minCount=1, maxCount=1, datatype=XSD.integer, minInclusive=0)
    _prop(g, span, SKG.endOffset, minCount=1, maxCount=1, datatype=XSD.integer, minInclusive=1)
    _prop(g, span, DCT.source, minCount=1, maxCount=1, nodeKind=SH.IRI)
    _prop(g, span, SKG.spanRole, minCount=1, maxCount=1, in_=[Literal("statement"), Literal("context")])

    mapping = _node_shape(g, "CuratorMappingShape", targetClass=SKG.CuratorMapping)
    _prop(g, mapping, SKG.curatorMapping, minCount=1, hasValue=Literal(True))
    _prop(g, mapping, SKG.evidence, minCount=1, maxCount=1, hasValue=URIRef(vocab.OBO + "ECO_0000305"))
    _prop(g, mapping, RDFS.comment, minCount=1)
    _prop(g, mapping, DCT.source, maxCount=0)

    term = _node_shape(g, "TermShape", targetSubjectsOf=SKG.category)
    _prop(g, term, RDFS.label, minCount=1, maxCount=1, minLength=1)
    _prop(g, term, SKG.category, minCount=1, maxCount=1, nodeKind=SH.IRI)
    _prop(g, term, URIRef(vocab.IAO_DEFINITION), minCount=1)

    regimen = _node_shape(g, "DoseRegimenShape", targetClass=SKG.DoseRegimen)
    _prop(g, regimen, SKG.amount, minCount=1, maxCount=1, minLength=1)
    _prop(g, regimen, SKG.unit, minCount=1, maxCount=1, minLength=1)

    derivation = _node_shape(g, "DerivationShape", targetClass=SKG.Derivation)
    _prop(g, derivation, SKG.rule, minCount=1, maxCount=1)
    _prop(g, derivation, SKG.premise, minCount=1)
    _prop(g, derivation, SKG.rootClaim, minCount=1)

    for rel in r.schema.relations:
        p = SKG[rel.id]
        shape = _node_shape(g, f"{rel.id}Shape", targetSubjectsOf=p)
        _category_check(g, shape, f"{rel.id}-domain", "$this", rel.domain, f"subject is outside the domain of {rel.id} ({', '.join(rel.domain)})", p)
        if DOSE_REGIMEN in rel.range:
            _prop(g, shape, p, **{"class": SKG.DoseRegimen})
        else:
            _category_check(g, shape, f"{rel.id}-range", "?o", rel.range, f"object is outside the range of {rel.id} ({', '.join(rel.range)})", p)
    for drel in r.schema.data_relations:
        p = SKG[drel.id]
        shape = _node_shape(g, f"{drel.id}Shape", targetSubjectsOf=p)
        _category_check(g, shape, f"{drel.id}-domain", "$this", drel.domain, f"subject is outside the domain of {drel.id}", p)
        _prop(g, shape, p, nodeKind=SH.Literal)
    return g


@dataclass(frozen=True)
class ShaclResult:
    conforms: bool
    violations: list[tuple[str, str, str]]  # (focus node, path, message)


def validate(data: Graph, shapes: Graph) -> ShaclResult:
    """Run pyshacl; return each violation as (focus node, path, message)."""
    from pyshacl import validate as run

    conforms, report, _ = run(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        out.append(
            (
                vocab.curie(str(report.value(result, SH.focusNode))),
                vocab.curie(str(report.value(result, SH.resultPath) or "")),
                str(report.value(result, SH.resultMessage) or ""),
            )
        )
    return ShaclResult(bool(conforms), sorted(out))
