"""The resolved curation: what the checks hand the compiler once every problem is gone.

:func:`spinekg.curation.check.resolve` builds a :class:`Resolved`; the compiler, the SHACL shapes
and the exports read it and never look at the curation files again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spinekg.curation.models import Category, DataRelation, Document, Qualifiers, Regimen, Relation, Schema, Stance, Term

#: The reserved predicate a claim uses to state, with a quote, that its subject is-a its object.
IS_A = "isA"
#: Range marker for the dose-regimen relation: its objects are regimen nodes, not terms.
DOSE_REGIMEN = "DoseRegimen"


def graph_predicate(predicate: str, stance: Stance, relation: Relation | None, *, scope: str | None = None) -> str | None:
    """The property the relation graph and the OWL axiom state a claim with; None for none.

    A claim with a ``scope`` (it holds for some, many or most members of its subject: "many
    tools can ... bring harm") states no edge: a plain triple ``S P O`` between classes says it of
    every S (OWL reads it as ``S SubClassOf P some O``), which is what is inherited by subclasses
    and brand products. The claim node keeps it with its scope, and claim-based queries list it.

    The one place that reads a stance as an edge, from the stance's ``edge`` in the schema. A
    stance whose edge is ``none`` (mixed evidence, no effect) gives no edge at all: the claim node
    keeps what the source said. One whose edge is ``negation`` (advice against a treatment) is
    stated with the relation's ``negation`` (``treats`` -> ``advisedAgainstFor``), so that a query
    for ``treats`` never finds it; a relation without a negation then states no edge. Every other
    stance, and any stance of a predicate that is not a relation, states the predicate itself.

    >>> treats = Relation(id="treats", label="treats", definition="-", domain=["Drug"], range=["Condition"], negation="advisedAgainstFor")
    >>> against = Stance(id="AdvisedAgainst", label="advised against", definition="-", edge="negation")
    >>> graph_predicate("treats", against, treats)
    'advisedAgainstFor'
    >>> graph_predicate("treats", Stance(id="MixedEvidence", label="mixed", definition="-", edge="none"), treats) is None
    True
    """
    if stance.edge == "none" or scope is not None:
        return None
    if stance.edge == "negation" and relation is not None:
        return relation.negation
    return predicate


@dataclass(frozen=True)
class QuotedSpan:
    """A quote as found in its source text: normalised, with its offsets in the original, and its
    role: ``"statement"`` (a passage that states the claim) or ``"context"`` (a heading or a list
    lead-in quoted so the statement can be read; see :func:`spinekg.curation.checks.quotes.span_role`)."""

    quote: str
    start: int
    end: int
    role: str = "statement"


@dataclass(frozen=True)
class ResolvedClaim:
    """One claim after expansion (one object each), with its quotes located."""

    id: str
    document: str | None
    subject: str
    predicate: str
    object: str | None
    value: str | None
    regimen: Regimen | None
    stance: str
    evidence: str
    spans: tuple[QuotedSpan, ...]
    qualifiers: Qualifiers
    file: str
    line: int
    #: The property the relation graph and the OWL axiom use (see :func:`graph_predicate`); None
    #: puts the claim in its claim node only.
    graph_predicate: str | None = None
    #: True for a curator mapping (terminology from outside the texts; no document, no quote).
    curator: bool = False
    comment: str | None = None


@dataclass
class Resolved:
    """The curation, checked and cross-linked, ready to compile."""

    root: Path
    schema: Schema
    documents: dict[str, Document]
    categories: dict[str, Category]
    terms: dict[str, Term]
    relations: dict[str, Relation]
    data_relations: dict[str, DataRelation]
    parents: dict[str, list[str]]
    category_of: dict[str, str]
    claims: list[ResolvedClaim]
    definition_spans: dict[str, QuotedSpan] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def ancestors(self, cls: str) -> set[str]:
        """``cls`` and every class above it."""
        from spinekg.hierarchy import ancestors

        return ancestors(cls, lambda c: self.parents.get(c, ()))
