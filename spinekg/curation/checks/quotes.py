"""Quotes: every quote is found, once, in its source text, and the words a claim's qualifiers
and regimen repeat from the source are in its quotes.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spinekg.curation.checks.context import Context, Site
from spinekg.curation.located import LocatedClaim
from spinekg.curation.models import TEXT_QUALIFIERS, WORD_QUALIFIERS
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
    """The claim's quotes, located, each with its role; a quote that cannot be located is reported
    and left out."""
    spans = []
    for i, (text, occurrence) in enumerate(lc.claim.quotes):
        span = locate(ctx, lc.document, text, occurrence, Site(lc.file, lc.line, f"claim {lc.claim.id} quote {i + 1}"))
        if span is not None:
            spans.append(span)
    source = ctx.cur.texts.get(lc.document)
    if source is None:
        return spans
    roles = [span_role(source.text, s, next_start=min((o.start for o in spans if o.start >= s.end), default=None)) for s in spans]
    if "statement" not in roles:
        if len(spans) <= 1:  # one sentence ending in a colon ("Doctors also recommend ..., which includes:") states it
            return spans
        ctx.report(
            Site(lc.file, lc.line, f"claim {lc.claim.id}"),
            "rests only on headings or list lead-ins ("
            + "; ".join(repr(shorten(s.quote, 60)) for s in spans)
            + "): quote the passage that states it (a heading is context, never the claim's only support)",
        )
        return spans
    return [replace(s, role=role) for s, role in zip(spans, roles, strict=True)]


#: How a sentence or a list item ends (a closing quotation mark or bracket after it counts).
_STATEMENT_END = re.compile(r"[.!?,;][\"'\u201d\u2019)\]]*$")


#: What may stand before a heading or list item on its line: indentation, a bullet, a list number.
_BULLET = re.compile(r"\s*(?:[\u2022\u00b7\u25aa\u25cf*\u2013\u2014-]|\d{1,2}[.)])?\s*")


#: The words a lead-in ends on: a sentence cannot stop there ("may also include", "is aimed at").
_LEAD_IN_END = re.compile(r"\b(?:include|includes|including|such as|following|necessary|are|is|at|of|to|by|for|with|in|on|as|the|a|an)$", re.IGNORECASE)


def span_role(text: str, span: QuotedSpan, *, next_start: int | None) -> str:
    """``"context"`` for a quote that only frames the claim's statement, else ``"statement"``.

    ``next_start`` is where the claim's next quote after this one starts (None for its last quote).
    Context is a list lead-in or a heading: a quote ending in a colon (or quoted up to one), or,
    when another quote of the claim follows, a question on a line of its own, a line of its own
    without the punctuation of a sentence or a list item, or a fragment ending on a word no
    sentence ends on ("may also include", "is aimed at", "the following"). A lone unpunctuated
    line (a list item quoted by itself) states the claim, and so does a fragment that ends on a
    word of content ("... is occupied by non-steroidal anti-inflammatory drugs"). A bullet or a
    list number before a line does not make it a sentence. A claim quoting one passage is stated
    by it; a claim of several quotes that are all context is refused by :func:`claim_spans`: a
    heading never supports a claim alone.

    >>> text = "Medications\\nIbuprofen\\nSymptoms may include pain, fever.\\n"
    >>> span_role(text, QuotedSpan("Medications", 0, 11), next_start=12)
    'context'
    >>> span_role(text, QuotedSpan("Ibuprofen", 12, 21), next_start=None)
    'statement'
    >>> span_role(text, QuotedSpan("Symptoms may include", 22, 42), next_start=49)
    'context'
    >>> span_role(text, QuotedSpan("Symptoms may include pain", 22, 47), next_start=49)
    'statement'
    >>> span_role("  \\u2022 Heat and Ice\\n    Ice helps.", QuotedSpan("Heat and Ice", 4, 16), next_start=21)
    'context'
    """
    quote = span.quote.rstrip()
    if quote.endswith(":") or text[span.end : span.end + 1] == ":":
        return "context"
    if next_start is None:
        return "statement"
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    whole_line = _BULLET.fullmatch(text[line_start : span.start]) is not None and not text[span.end : line_end if line_end != -1 else len(text)].strip()
    if whole_line and quote.endswith("?"):  # a question heading ("What diseases ... cause pain?")
        return "context"
    if _STATEMENT_END.search(quote):
        return "statement"
    return "context" if whole_line or _LEAD_IN_END.search(quote) is not None else "statement"


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
    for name in WORD_QUALIFIERS:
        word = getattr(c.qualifiers, name)
        if word is not None and not re.search(rf"\b{re.escape(word.casefold())}\b", joined):
            ctx.report(site, f"{name} {word!r} is not a word of the claim's quotes (a {name} is the source's own word)")
    if c.regimen is not None and normalise(c.regimen.amount).casefold() not in joined:
        ctx.report(site, f"regimen amount {c.regimen.amount!r} is not in the claim's quotes")
