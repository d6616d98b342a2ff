"""Duplicates: IDs and labels are unique across the namespace, and so are documents and claims.

Categories, relations, data relations, stances and terms share one namespace (each becomes an IRI
in it), and labels are unique in it ignoring case, since people look terms up by label.
"""

from __future__ import annotations

from collections.abc import Iterator

from spinekg.curation.checks.context import Context, Site
from spinekg.curation.resolved import DOSE_REGIMEN, IS_A

#: Names the checks and the compiler give a meaning of their own: no entry may take them.
RESERVED = (IS_A, DOSE_REGIMEN)


def check_names(ctx: Context) -> None:
    """Report a second use of an ID or a label, and a reserved name taken by an entry."""
    ids: dict[str, str] = {}
    labels: dict[str, str] = {}
    for ident, label, site in _named(ctx):
        if ident in ids:
            ctx.problem(site.file, site.line, f"duplicate ID {ident!r} (also {ids[ident]})")
        else:
            ids[ident] = f"{site.file}:{site.line}"
        key = label.casefold()
        if key in labels:
            ctx.problem(site.file, site.line, f"duplicate label {label!r} (also {labels[key]})")
        else:
            labels[key] = f"{site.file}:{site.line} {ident}"
        if ident in RESERVED:
            ctx.report(site, f"the name {ident} is reserved ({' and '.join(RESERVED)} are the build's own)")


def _named(ctx: Context) -> Iterator[tuple[str, str, Site]]:
    """Every ID of the namespace with its label and where it was written, in file order."""
    file, e = ctx.entries.file, ctx.entries
    for c in e.categories:
        yield c.item.id, c.item.label, Site(file, c.line, f"category {c.item.id}")
    for r in e.relations:
        yield r.item.id, r.item.label, Site(file, r.line, f"relation {r.item.id}")
    for d in e.data_relations:
        yield d.item.id, d.item.label, Site(file, d.line, f"data relation {d.item.id}")
    for s in e.stances:
        yield s.item.id, s.item.label, Site(file, s.line, f"stance {s.item.id}")
    for t in ctx.cur.terms:
        yield t.item.id, t.item.label, Site(t.file, t.line, f"term {t.item.id}")


def check_documents(ctx: Context) -> None:
    """Report a document ID given twice in the corpus metadata."""
    seen: set[str] = set()
    for located in ctx.cur.documents:
        if located.item.id in seen:
            ctx.problem(located.file, located.line, f"duplicate document ID {located.item.id!r}")
        seen.add(located.item.id)


class ClaimIds:
    """The claim and mapping IDs met so far, each with where it was first written, and what each
    claim says from which quote, so a claim that repeats another under a new ID is caught."""

    def __init__(self) -> None:
        self._first: dict[str, str] = {}
        self._said: dict[tuple[object, ...], str] = {}

    def repeated(self, statement: tuple[object, ...], spans: tuple[tuple[int, int], ...], ident: str) -> str | None:
        """The ID of an earlier claim making the same ``statement`` (document, subject, predicate,
        object or value, regimen, stance and qualifiers) from one of the same quoted ``spans``, or
        None after noting that ``ident`` makes it from them. A qualified claim from the same
        sentence (D002-035: the risks are "especially great for long-term users") is another claim."""
        earlier = next((self._said[(statement, span)] for span in spans if (statement, span) in self._said), None)
        for span in spans:
            self._said.setdefault((statement, span), ident)
        return earlier

    def first(self, ident: str, file: str, line: int) -> str | None:
        """Where ``ident`` was met before (``file:line``), or None after noting it here."""
        if ident in self._first:
            return self._first[ident]
        self._first[ident] = f"{file}:{line}"
        return None
