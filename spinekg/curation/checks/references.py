"""References: the document, terms, predicate, stance and evidence code a claim or mapping names
exist, and the predicate gets the kind of object it takes (a term, a value or a regimen).

A name that failed validation where it is defined is not reported again here.
"""

from __future__ import annotations

from spinekg.curation.checks.context import Context, Site, closest
from spinekg.curation.located import Located, LocatedClaim
from spinekg.curation.models import TERM_QUALIFIERS, CuratorMapping
from spinekg.curation.resolved import DOSE_REGIMEN, IS_A


def check_document(ctx: Context, lc: LocatedClaim, site: Site) -> bool:
    """Whether the claim's document exists (nothing else about the claim can be judged if not)."""
    if lc.document not in ctx.documents:
        ctx.report(site, f"unknown document {lc.document!r}")
        return False
    if not lc.claim.id.startswith(lc.document + "-"):
        ctx.report(site, f"claim IDs of {lc.document} start with {lc.document}-")
    return True


def check_claim_names(ctx: Context, lc: LocatedClaim, site: Site) -> None:
    """Report each unknown term, predicate, stance and evidence code of a claim."""
    c = lc.claim
    _term(ctx, site, c.subject, "subject")
    for o in c.objects:
        _term(ctx, site, o, "object")
    for name in TERM_QUALIFIERS:
        for value in c.qualifiers.values(name):
            _term(ctx, site, value, name)
    _predicate(ctx, lc, site)
    if ctx.missing(c.stance, ctx.stances):
        ctx.report(site, f"unknown stance {c.stance!r}{closest(c.stance, ctx.stances)}")
    if ctx.missing(c.evidence, ctx.evidence):
        ctx.report(site, f"evidence {c.evidence} is not declared in the schema")


def _term(ctx: Context, site: Site, name: str, role: str) -> None:
    if ctx.missing(name, ctx.labels):
        ctx.report(site, f"{role} {name!r} is not a known term{closest(name, ctx.labels)}")


def _predicate(ctx: Context, lc: LocatedClaim, site: Site) -> None:
    """The predicate exists and the claim gives it what it takes."""
    c = lc.claim
    if c.predicate in ctx.broken:
        return  # reported in the schema; its claims are judged on everything else
    if c.predicate == IS_A or c.predicate in ctx.relations or c.predicate in ctx.data_relations:
        _object_kind(ctx, lc, site)
    else:
        names = [IS_A, *ctx.relations, *ctx.data_relations]
        ctx.report(site, f"unknown predicate {c.predicate!r}{closest(c.predicate, names)}")


def _object_kind(ctx: Context, lc: LocatedClaim, site: Site) -> None:
    """The claim gives its (known) predicate the kind of object it takes: a term, a regimen or a
    value; and the predicate is one curators write."""
    c = lc.claim
    rel = ctx.relations.get(c.predicate)
    if c.predicate == IS_A:
        if c.value is not None or c.regimen is not None:
            ctx.report(site, "isA takes an object term")
    elif rel is not None:
        if not rel.curated:
            ctx.report(site, f"predicate {c.predicate!r} is written by the build; curate {_negated_by(ctx, c.predicate)} with its stance instead")
        if DOSE_REGIMEN in rel.range:
            if c.regimen is None:
                ctx.report(site, f"{c.predicate} takes a regimen")
        elif c.objects == []:
            ctx.report(site, f"{c.predicate} takes an object term")
    elif c.value is None:
        ctx.report(site, f"{c.predicate} takes a value")


def _negated_by(ctx: Context, prop: str) -> str:
    """The relation whose negation ``prop`` is: the one curators write instead."""
    return next((r.id for r in ctx.relations.values() if r.negation == prop), "another relation")


def check_mapping_names(ctx: Context, lm: Located[CuratorMapping], site: Site) -> None:
    """Report an unknown subject, object or predicate of a curator mapping."""
    m = lm.item
    for role, name in (("subject", m.subject), ("object", m.object)):
        _term(ctx, site, name, role)
    if ctx.missing(m.predicate, ctx.relations):
        ctx.report(site, f"unknown predicate {m.predicate!r}{closest(m.predicate, ctx.relations)}")
