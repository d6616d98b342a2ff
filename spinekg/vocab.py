"""Namespaces and the fixed provenance vocabulary of spinekg.

Everything spinekg mints lives under one namespace, ``https://w3id.org/spinekg/``:

============================  =============================================  ==================
what                          IRI                                            CURIE
============================  =============================================  ==================
categories, terms, relations  ``https://w3id.org/spinekg/Naproxen``          ``SKG:Naproxen``
documents                     ``https://w3id.org/spinekg/doc/D000``          ``SKGDOC:D000``
claims                        ``https://w3id.org/spinekg/claim/D000-001``    ``SKGCLAIM:D000-001``
named graphs                  ``https://w3id.org/spinekg/graph/asserted``
============================  =============================================  ==================

This module imports nothing heavy: it holds strings, so ``import spinekg`` stays fast.
"""

from __future__ import annotations

BASE = "https://w3id.org/spinekg/"
DOC = BASE + "doc/"
CLAIM = BASE + "claim/"
GRAPH = BASE + "graph/"

#: Named graph of the plain ``subject predicate object`` triples, claim nodes and evidence spans.
ASSERTED_GRAPH = GRAPH + "asserted"
#: Named graph of the ontology (the content of ``spinekg.ttl``) when loaded into a dataset: schema,
#: terms, the is-a hierarchy, claim axioms, documents and dose regimens.
ONTOLOGY_GRAPH = GRAPH + "ontology"
#: Named graph of materialised inferences, their derivations and the rules. No triple is in two of
#: the three graphs (ontology/README.md, "Which graph owns what").
INFERRED_GRAPH = GRAPH + "inferred"

OBO = "http://purl.obolibrary.org/obo/"
OBOINOWL = "http://www.geneontology.org/formats/oboInOwl#"
IAO_DEFINITION = OBO + "IAO_0000115"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
BIOLINK = "https://w3id.org/biolink/vocab/"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Prefixes used in serialisations, CURIEs and the documentation.
PREFIXES: dict[str, str] = {
    "SKG": BASE,
    "SKGDOC": DOC,
    "SKGCLAIM": CLAIM,
    "biolink": BIOLINK,
    "dcterms": DCTERMS,
    "ECO": OBO + "ECO_",
    "IAO": OBO + "IAO_",
    "RO": OBO + "RO_",
    "BFO": OBO + "BFO_",
    "NCIT": OBO + "NCIT_",
    "oboInOwl": OBOINOWL,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "skos": SKOS,
    "xsd": XSD,
}


# The provenance model: annotation and data properties the build writes on axioms, claim nodes,
# evidence spans, regimens and documents. (id, label, definition, kind) where kind is the OWL
# property type used to declare it.
PROVENANCE_PROPERTIES: tuple[tuple[str, str, str, str], ...] = (
    ("claim", "claim", "The citable claim node an axiom annotation belongs to.", "annotation"),
    ("category", "category", "The schema category a domain term falls under.", "annotation"),
    ("evidence", "evidence", "The ECO evidence type of a claim.", "annotation"),
    ("stance", "stance", "The stance the source takes: recommended, advised against, contraindicated, reported association or mixed evidence.", "annotation"),
    ("span", "evidence span", "One quoted passage supporting a claim.", "annotation"),
    ("quote", "quote", "The verbatim passage of the source text supporting the claim (whitespace as in the curation file).", "annotation"),
    ("startOffset", "start offset", "Index of the first character of the quote in the source text (Unicode code points, counted from 0).", "annotation"),
    ("endOffset", "end offset", "Index one past the last character of the quote in the source text (Unicode code points).", "annotation"),
    (
        "spanRole",
        "span role",
        'What a quoted span does for its claim: "statement" (it states it) or "context" (a heading or list lead-in quoted for it).',
        "annotation",
    ),
    ("sourceFile", "source file", "File name of a source text in ontology/sources/.", "annotation"),
    ("sha256", "SHA-256", "Checksum of a source text file.", "annotation"),
    ("sourceKind", "kind of source", "What kind of publication a source is.", "annotation"),
    ("dateKind", "kind of date", "Whether the document's date is a publication, modification or review date.", "annotation"),
    (
        "curatorMapping",
        "curator mapping",
        "True when the statement comes from a curator's terminology knowledge (e.g. a brand's active ingredient), not from a source text.",
        "annotation",
    ),
    ("phase", "phase", "Qualifier: the disease phase a claim applies to.", "annotation"),
    ("population", "population", "Qualifier: the patient group a claim applies to.", "annotation"),
    ("urgency", "urgency", "Qualifier: how urgently a red flag must be acted on, in the source's words.", "annotation"),
    ("circumstance", "circumstance", "Qualifier: the circumstance under which a claim holds, in the source's words.", "annotation"),
    ("lineOfTherapy", "line of therapy", "Qualifier: first-line, second-line and so on.", "annotation"),
    ("indication", "indication", "Qualifier: whether an indication for a treatment is absolute or relative.", "annotation"),
    ("proportion", "proportion", "Qualifier: how often the relation holds, in the source's words (e.g. about half).", "annotation"),
    ("threshold", "threshold", "Qualifier: the cut-off value a finding is stated with, in the source's words (e.g. more than 25 mm/h).", "annotation"),
    ("measure", "measure", "Qualifier: what a stated statistic measures, in the source's words.", "annotation"),
    (
        "scope",
        "scope",
        (
            "Qualifier: the claim holds for some, many, most, several, a few or certain members of its subject class, "
            "not every one, in the source's word; it is not inherited by subclasses."
        ),
        "annotation",
    ),
    (
        "hedge",
        "hedge",
        (
            "Qualifier: the source's word for how possible or how frequent the relation is "
            '("may", "can", "often" ...); it travels with every inference from the claim.'
        ),
        "annotation",
    ),
    ("regimen", "dose regimen", "Qualifier: the dose regimen node a claim states.", "annotation"),
    ("value", "value", "The literal a claim with a data relation states, in the source's words.", "annotation"),
    ("amount", "amount", "Dose regimen: the amount per dose (a number or a range as text).", "annotation"),
    ("unit", "unit", "Dose regimen: the unit of the amount.", "annotation"),
    ("route", "route", "Dose regimen: the route of administration.", "annotation"),
    ("frequency", "frequency", "Dose regimen: how often a dose is given.", "annotation"),
    ("timing", "timing", "Dose regimen: when doses are given (e.g. after meals).", "annotation"),
    ("duration", "duration", "Dose regimen: for how long the regimen is followed.", "annotation"),
    ("limit", "limit", 'Dose regimen: whether the amount is a maximum ("up to") or a minimum ("at least").', "annotation"),
    ("repetitions", "repetitions", "Dose regimen: how many times an exercise is repeated.", "annotation"),
)

#: Classes of the provenance model (id, label, definition).
PROVENANCE_CLASSES: tuple[tuple[str, str, str], ...] = (
    ("Claim", "claim", "One assertion made by one source document: subject, predicate, object, stance, evidence and one or more quoted spans."),
    (
        "CuratorMapping",
        "curator mapping",
        "A terminology statement a curator adds from outside the source texts (e.g. a brand product's active ingredient); "
        "it has no document and no quote, and its evidence is ECO:0000305.",
    ),
    ("EvidenceSpan", "evidence span", "A verbatim passage of a source document, located by character offsets, that supports a claim."),
    ("DoseRegimen", "dose regimen", "How a drug or treatment is given, as a source states it: amount, unit, route, frequency, timing, duration."),
    ("SourceDocument", "source document", "One of the source texts the graph is built from."),
    ("Stance", "stance", "The position a source takes on a claim."),
)

#: Synonym type for brand names (no OMO synonym type exists for them).
BRAND_NAME = "BRAND_NAME"


def curie(iri: str) -> str:
    """Shorten ``iri`` with the longest matching prefix of :data:`PREFIXES`.

    >>> curie("https://w3id.org/spinekg/Naproxen")
    'SKG:Naproxen'
    >>> curie("http://example.org/x")
    'http://example.org/x'
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else iri


def expand(curie_or_iri: str, prefixes: dict[str, str] | None = None) -> str:
    """Expand a CURIE with :data:`PREFIXES` (plus ``prefixes``); IRIs pass through.

    >>> expand("ECO:0000303")
    'http://purl.obolibrary.org/obo/ECO_0000303'
    """
    if curie_or_iri.startswith(("http://", "https://")):
        return curie_or_iri
    table = {**PREFIXES, **(prefixes or {})}
    prefix, sep, local = curie_or_iri.partition(":")
    if not sep or prefix not in table:
        raise ValueError(f"not a CURIE with a known prefix: {curie_or_iri!r}")
    return table[prefix] + local
