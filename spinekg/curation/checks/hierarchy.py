"""The is-a hierarchy: every parent exists, no class is its own ancestor, each term takes one
category, and no term falls under two categories the schema declares disjoint.

The walks go through :mod:`spinekg.hierarchy`, as the knowledge graph's do.
"""

from __future__ import annotations

from spinekg.curation.checks.context import Context, Site, closest
from spinekg.curation.resolved import IS_A
from spinekg.hierarchy import ancestors


def check_hierarchy(ctx: Context) -> None:
    """Set :attr:`Context.parents` and, if the hierarchy has no cycle, :attr:`Context.category_of`."""
    ctx.parents = _parents(ctx)
    if _acyclic(ctx):
        ctx.category_of = {cid: cid for cid in ctx.categories}
        for tid in ctx.terms:
            category = _category(ctx, tid)
            if category is not None:
                ctx.category_of[tid] = category
        _disjoint(ctx)


def _parents(ctx: Context) -> dict[str, list[str]]:
    """Each class's parents: a category's, a term's ``is_a``, then what its is-a claims add.

    A parent that failed validation stays, unknown as it is, so that what is under it counts as
    under something broken (see :meth:`Context.under`) rather than as under nothing.
    """
    parents = {c.id: [c.parent] if c.parent else [] for c in ctx.schema.categories}
    for t in ctx.cur.terms:
        term = t.item
        for p in term.is_a:
            if ctx.missing(p, ctx.labels):
                ctx.problem(t.file, t.line, f"term {term.id}: is_a names unknown term {p!r}{closest(p, ctx.labels)}")
                ctx.broken.add(term.id)
        parents[term.id] = [p for p in term.is_a if p in ctx.labels or p in ctx.broken]
    for lc in ctx.cur.claims:
        claim = lc.claim
        if claim.predicate == IS_A and claim.subject in ctx.terms:
            for o in claim.objects:
                if o in ctx.labels and o not in parents[claim.subject]:
                    parents[claim.subject].append(o)
    return parents


def _acyclic(ctx: Context) -> bool:
    """Report each cycle once, at its first class; its classes count as broken."""
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph([(child, p) for child, ps in ctx.parents.items() for p in ps])
    cycles = sorted(sorted(cycle) for cycle in nx.simple_cycles(graph))
    category_sites = {c.item.id: Site(c.file, c.at("parent"), f"category {c.item.id}") for c in ctx.entries.categories}
    for cycle in cycles:
        site = ctx.term_sites.get(cycle[0]) or category_sites[cycle[0]]
        ctx.problem(site.file, site.line, f"cycle in the is-a hierarchy: {' -> '.join([*cycle, cycle[0]])}")
        ctx.broken.update(cycle)
    return not cycles


def _category(ctx: Context, tid: str) -> str | None:
    """The category a term takes: the first one reached through first parents.

    A term's first ``is_a`` is its main one: a term under two categories (a urination disorder is
    a red flag and a symptom) takes the category of its first parent.
    """
    chain = ancestors(tid, lambda c: [] if c in ctx.categories else ctx.parents_of(c)[:1])
    return next((c for c in chain if c in ctx.categories), None)


def _disjoint(ctx: Context) -> None:
    for tid in ctx.terms:
        above = ctx.ancestors(tid)
        for group in ctx.schema.disjoint:
            clash = sorted(set(group) & above)
            if len(clash) > 1:
                ctx.report(ctx.term_sites[tid], f"falls under disjoint categories {', '.join(clash)}")
