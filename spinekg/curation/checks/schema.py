"""The schema's own references: every category, stance and relation an entry names exists.

Each problem is reported at the line of the name itself (the ``range:`` line of a relation, not
line 1), with the closest known names; the entry then counts as broken, so that the claims using
it and the relations pointing at it raise no second problem.
"""

from __future__ import annotations

from spinekg.curation.checks.context import Context, closest
from spinekg.curation.located import Located
from spinekg.curation.models import DataRelation, Relation
from spinekg.curation.resolved import DOSE_REGIMEN


def check_schema(ctx: Context) -> None:
    """Report every unknown name in the schema, and mark the entries that use one broken."""
    _categories(ctx)
    _disjoint(ctx)
    for loc in ctx.entries.relations:
        _relation(ctx, loc)
    for dloc in ctx.entries.data_relations:
        _data_relation(ctx, dloc)
    # after every relation's own names, so that a broken negation is known to be broken
    for loc in ctx.entries.relations:
        _negation_accepts(ctx, loc)


def _categories(ctx: Context) -> None:
    for loc in ctx.entries.categories:
        category = loc.item
        parent = category.parent
        if parent is not None and ctx.missing(parent, ctx.categories):
            ctx.schema_problem(loc.at("parent"), f"category {category.id}: unknown parent category {parent!r}{closest(parent, ctx.categories)}")
            ctx.broken.add(category.id)


def _disjoint(ctx: Context) -> None:
    for g, group in enumerate(ctx.schema.disjoint):
        for i, cid in enumerate(group):
            if ctx.missing(cid, ctx.categories):
                ctx.schema_problem(ctx.entries.at("disjoint", g, i), f"disjoint: unknown category {cid!r}{closest(cid, ctx.categories)}")


def _relation(ctx: Context, loc: Located[Relation]) -> None:
    r = loc.item
    before = ctx.count
    for side in ("domain", "range"):
        for i, cid in enumerate(getattr(r, side)):
            if not (side == "range" and cid == DOSE_REGIMEN) and ctx.missing(cid, ctx.categories):
                ctx.schema_problem(loc.at(side, i), f"relation {r.id}: unknown category {cid!r} in its {side}{closest(cid, ctx.categories)}")
    for i, stance in enumerate(r.stances):
        if ctx.missing(stance, ctx.stances):
            ctx.schema_problem(loc.at("stances", i), f"relation {r.id}: unknown stance {stance!r}{closest(stance, ctx.stances)}")
    for key in ("negation", "inverse"):
        prop = getattr(r, key)
        if prop is not None and ctx.missing(prop, ctx.relations):
            ctx.schema_problem(loc.at(key), f"relation {r.id}: unknown relation {prop!r} as its {key}{closest(prop, ctx.relations)}")
    if ctx.count > before:
        ctx.broken.add(r.id)


def _data_relation(ctx: Context, loc: Located[DataRelation]) -> None:
    d = loc.item
    before = ctx.count
    for i, cid in enumerate(d.domain):
        if ctx.missing(cid, ctx.categories):
            ctx.schema_problem(loc.at("domain", i), f"data relation {d.id}: unknown category {cid!r}{closest(cid, ctx.categories)}")
    for i, stance in enumerate(d.stances):
        if ctx.missing(stance, ctx.stances):
            ctx.schema_problem(loc.at("stances", i), f"data relation {d.id}: unknown stance {stance!r}{closest(stance, ctx.stances)}")
    if ctx.count > before:
        ctx.broken.add(d.id)


def _negation_accepts(ctx: Context, loc: Located[Relation]) -> None:
    """The relation graph states advised-against claims with the negation: it must accept them."""
    r = loc.item
    neg = ctx.relations.get(r.negation or "")
    if neg is None or r.id in ctx.broken or neg.id in ctx.broken:
        return
    for side in ("domain", "range"):
        missing = sorted(set(getattr(r, side)) - set(getattr(neg, side)))
        if missing:
            ctx.schema_problem(loc.at("negation"), f"relation {r.id}: its negation {neg.id} lacks {', '.join(missing)} in its {side}")
            ctx.broken.add(r.id)
