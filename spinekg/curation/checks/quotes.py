"""Quotes: every quote is found, once, in its source text, and the words a claim's qualifiers
and regimen repeat from the source are in its quotes.
"""

from __future__ import annotations

from spinekg.curation.checks.context import Context, Site
from spinekg.curation.located import LocatedClaim
from spinekg.curation.models import TEXT_QUALIFIERS
from spinekg.curation.resolved import QuotedSpan
from spinekg.curation.sources import normalise, shorten


def locate(ctx: Context, document: str, quote: str, occurrence: int | None, site: Site) -> QuotedSpan | None:
    """Where ``quote`` sits in ``document``; None after reporting why it cannot be told.

    A document without a readable text returns None silently: its problem is reported already.
    """
    text = ctx.cur.texts.get(document)
    if text is None:
        return None
    spans = text.find(quote)
    if not spans:
        ctx.report(site, f"quote not found in {document}: {shorten(quote)!r}; closest passage: {shorten(text.closest(quote), 240)!r}")
        return None
    if occurrence is None and len(spans) > 1:
        at = ", ".join(str(s.start) for s in spans)
        ctx.report(site, f"quote occurs {len(spans)} times in {document} (at {at}); lengthen it or give `occurrence`")
        return None
    if occurrence is not None and occurrence > len(spans):
        ctx.report(site, f"occurrence {occurrence} asked but the quote occurs {len(spans)} time(s) in {document}")
        return None
    span = spans[(occurrence or 1) - 1]
    return QuotedSpan(normalise(quote), span.start, span.end)


def definition_spans(ctx: Context) -> dict[str, QuotedSpan]:
    """Each sourced term definition, located in its document."""
    found: dict[str, QuotedSpan] = {}
    for tid, term in ctx.terms.items():
        src = term.definition_source
        if src is None:
            continue
        site = ctx.term_sites[tid]
        if src.document not in ctx.documents:
            ctx.report(site, f"definition_source names unknown document {src.document!r}")
            continue
        span = locate(ctx, src.document, src.quote, src.occurrence, Site(site.file, site.line, f"{site.what} definition_source"))
        if span is not None:
            found[tid] = span
    return found


def claim_spans(ctx: Context, lc: LocatedClaim) -> list[QuotedSpan]:
    """The claim's quotes, located; a quote that cannot be located is reported and left out."""
    spans = []
    for i, (text, occurrence) in enumerate(lc.claim.quotes):
        span = locate(ctx, lc.document, text, occurrence, Site(lc.file, lc.line, f"claim {lc.claim.id} quote {i + 1}"))
        if span is not None:
            spans.append(span)
    return spans


def check_quoted_words(ctx: Context, lc: LocatedClaim, spans: list[QuotedSpan], site: Site) -> None:
    """Report a qualifier or regimen amount whose words are not in the claim's quotes.

    Qualifiers repeat the source's words, so the quotes must hold them; with no quote located
    there is nothing to compare (that problem is reported already).
    """
    if not spans:
        return
    joined = " ".join(s.quote for s in spans).casefold()
    c = lc.claim
    for name in TEXT_QUALIFIERS:
        words = getattr(c.qualifiers, name)
        if words is not None and normalise(words).casefold() not in joined:
            ctx.report(site, f"{name} {words!r} is not in the claim's quotes (qualifiers repeat the source's words)")
    if c.regimen is not None and normalise(c.regimen.amount).casefold() not in joined:
        ctx.report(site, f"regimen amount {c.regimen.amount!r} is not in the claim's quotes")
