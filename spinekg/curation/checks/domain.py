"""Domain and range: what a claim or mapping relates is of the kinds its predicate relates, its
stance is one the predicate allows, and its phases and populations are phases and patient groups.

A term whose place in the hierarchy is unknown (it, or a class above it, is broken) is judged by
nothing here: its problem was reported where it is defined.
"""

from __future__ import annotations

from spinekg.curation.checks.context import Context, Site
from spinekg.curation.located import Located, LocatedClaim
from spinekg.curation.models import TERM_QUALIFIERS, Claim, CuratorMapping


def check_claim_domain(ctx: Context, lc: LocatedClaim, site: Site) -> None:
    """Report a subject, object, stance or qualifier term the claim's predicate does not take."""
    c = lc.claim
    if c.predicate not in ctx.broken:  # a broken predicate was reported in the schema
        _relation(ctx, c, site)
        _data_relation(ctx, c, site)
        _stance(ctx, c, site)
    for name, category in TERM_QUALIFIERS.items():
        for value in c.qualifiers.values(name):
            if not _under(ctx, value, [category]):
                label = ctx.categories[category].label if category in ctx.categories else category
                ctx.report(site, f"{name} {value} is not a {label}")


def _relation(ctx: Context, c: Claim, site: Site) -> None:
    rel = ctx.relations.get(c.predicate)
    if rel is None:
        return
    if not _under(ctx, c.subject, rel.domain):
        ctx.report(site, f"subject {c.subject} ({ctx.category_of.get(c.subject)}) is outside the domain of {c.predicate}: {', '.join(rel.domain)}")
    for o in c.objects:
        if not _under(ctx, o, rel.range):
            ctx.report(site, f"object {o} ({ctx.category_of.get(o)}) is outside the range of {c.predicate}: {', '.join(rel.range)}")


def _data_relation(ctx: Context, c: Claim, site: Site) -> None:
    drel = ctx.data_relations.get(c.predicate)
    if drel is not None and not _under(ctx, c.subject, drel.domain):
        ctx.report(site, f"subject {c.subject} is outside the domain of {c.predicate}: {', '.join(drel.domain)}")


def _stance(ctx: Context, c: Claim, site: Site) -> None:
    """A known stance the claim's relation or data relation does not allow (isA takes any)."""
    rel, drel = ctx.relations.get(c.predicate), ctx.data_relations.get(c.predicate)
    allowed = rel.stances if rel is not None else drel.stances if drel is not None else None
    if allowed is not None and c.stance in ctx.stances and c.stance not in allowed:
        ctx.report(site, f"stance {c.stance} is not allowed with {c.predicate} (allowed: {', '.join(allowed)})")


def check_mapping_domain(ctx: Context, lm: Located[CuratorMapping], site: Site) -> None:
    """Report a mapping's subject or object outside its predicate's domain or range."""
    m = lm.item
    rel = ctx.relations.get(m.predicate)
    if rel is None or m.predicate in ctx.broken:
        return
    if not _under(ctx, m.subject, rel.domain):
        ctx.report(site, f"subject {m.subject} is outside the domain of {m.predicate}")
    if not _under(ctx, m.object, rel.range):
        ctx.report(site, f"object {m.object} is outside the range of {m.predicate}")


def _under(ctx: Context, name: str, allowed: list[str]) -> bool:
    """Whether a known class falls under ``allowed``; an unknown name was reported already."""
    return name not in ctx.labels or ctx.under(name, allowed)
