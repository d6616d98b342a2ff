"""Whole-curation checks: :func:`resolve` runs those of :mod:`spinekg.curation.checks` in order
and returns the :class:`~spinekg.curation.resolved.Resolved` curation, or raises
:class:`~spinekg.errors.CurationError` listing every problem at once (file and line each).
"""

from __future__ import annotations

from pathlib import Path

from spinekg.curation.checks.context import Context, Site
from spinekg.curation.checks.domain import check_claim_domain, check_mapping_domain
from spinekg.curation.checks.duplicates import ClaimIds, check_documents, check_names
from spinekg.curation.checks.hierarchy import check_hierarchy
from spinekg.curation.checks.quotes import check_quoted_words, claim_spans, definition_spans
from spinekg.curation.checks.references import check_claim_names, check_document, check_mapping_names
from spinekg.curation.checks.schema import check_schema
from spinekg.curation.load import load_curation
from spinekg.curation.located import Curation, Located, LocatedClaim
from spinekg.curation.models import CuratorMapping, Qualifiers
from spinekg.curation.resolved import Resolved, ResolvedClaim, graph_predicate
from spinekg.errors import CurationError

#: The stance and evidence code of a curator mapping (curator inference used in manual assertion).
MAPPING_STANCE, MAPPING_EVIDENCE = "Reported", "ECO:0000305"


def resolve(cur: Curation) -> Resolved:
    """Check the whole curation; raise :class:`CurationError` with every problem found."""
    if cur.schema is None or cur.schema_entries is None:
        raise CurationError(cur.problems)
    ctx = Context.of(cur, cur.schema, cur.schema_entries)
    # the schema first and then the hierarchy: each marks what is broken for the checks after it
    check_schema(ctx)
    check_names(ctx)
    check_hierarchy(ctx)
    check_documents(ctx)
    spans = definition_spans(ctx)
    ids = ClaimIds()
    claims = [rc for lc in cur.claims for rc in _claim(ctx, lc, ids)]
    claims += [rc for lm in cur.mappings for rc in _mapping(ctx, lm, ids)]
    if cur.problems:
        raise CurationError(cur.problems)
    return Resolved(
        root=cur.root,
        schema=ctx.schema,
        documents=ctx.documents,
        categories=ctx.categories,
        terms=ctx.terms,
        relations=ctx.relations,
        data_relations=ctx.data_relations,
        parents=ctx.parents,
        category_of=ctx.category_of,
        claims=claims,
        definition_spans=spans,
        texts={k: v.text for k, v in cur.texts.items()},
    )


def _claim(ctx: Context, lc: LocatedClaim, ids: ClaimIds) -> list[ResolvedClaim]:
    """The claim, checked, as one resolved claim per object; none if it has a problem."""
    c = lc.claim
    site = Site(lc.file, lc.line, f"claim {c.id}")
    before = ctx.count
    if not check_document(ctx, lc, site):
        return []
    check_claim_names(ctx, lc, site)
    check_claim_domain(ctx, lc, site)
    spans = claim_spans(ctx, lc)
    check_quoted_words(ctx, lc, spans, site)
    objects: list[str | None] = list(c.objects) or [None]
    idents = [c.id if len(c.objects) <= 1 else f"{c.id}.{o}" for o in objects]
    for ident in idents:
        also = ids.first(ident, lc.file, lc.line)
        if also is not None:
            ctx.report(site, f"duplicate claim ID {ident} (also {also})")
    if ctx.count > before:
        return []
    for ident, o in zip(idents, objects, strict=True):
        statement = (lc.document, c.subject, c.predicate, o, c.value, repr(c.regimen), c.stance, repr(c.qualifiers))
        earlier = ids.repeated(statement, tuple((s.start, s.end) for s in spans), ident)
        if earlier is not None:
            ctx.report(site, f"claim {ident} repeats claim {earlier}: the same subject, predicate, object, stance and qualifiers from the same quote")
    if ctx.count > before:
        return []
    predicate = graph_predicate(c.predicate, ctx.stances[c.stance], ctx.relations.get(c.predicate), scope=c.qualifiers.scope)
    return [
        ResolvedClaim(
            id=ident,
            document=lc.document,
            subject=c.subject,
            predicate=c.predicate,
            object=o,
            value=c.value,
            regimen=c.regimen,
            stance=c.stance,
            evidence=c.evidence,
            spans=tuple(spans),
            qualifiers=c.qualifiers,
            file=lc.file,
            line=lc.line,
            graph_predicate=predicate,
            comment=c.comment,
        )
        for ident, o in zip(idents, objects, strict=True)
    ]


def _mapping(ctx: Context, lm: Located[CuratorMapping], ids: ClaimIds) -> list[ResolvedClaim]:
    """The curator mapping, checked, as a resolved claim without document or quote."""
    m = lm.item
    site = Site(lm.file, lm.line, f"mapping {m.id}")
    before = ctx.count
    check_mapping_names(ctx, lm, site)
    check_mapping_domain(ctx, lm, site)
    also = ids.first(m.id, lm.file, lm.line)
    if also is not None:
        ctx.problem(lm.file, lm.line, f"duplicate mapping ID {m.id} (also {also})")
    if ctx.count > before:
        return []
    return [
        ResolvedClaim(
            id=m.id,
            document=None,
            subject=m.subject,
            predicate=m.predicate,
            object=m.object,
            value=None,
            regimen=None,
            stance=MAPPING_STANCE,
            evidence=MAPPING_EVIDENCE,
            spans=(),
            qualifiers=Qualifiers(),
            file=lm.file,
            line=lm.line,
            graph_predicate=graph_predicate(m.predicate, ctx.stances[MAPPING_STANCE], ctx.relations.get(m.predicate)),
            curator=True,
            comment=m.comment,
        )
    ]


def check_root(root: Path) -> Resolved:
    """Load and check the curation under ``root``."""
    return resolve(load_curation(root))
