"""What every check reads and where it reports: one :class:`Context` per run of the checks."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from spinekg.curation.located import Curation, SchemaEntries
from spinekg.curation.models import Category, DataRelation, Document, Relation, Schema, Stance, Term
from spinekg.hierarchy import ancestors, is_under


@dataclass(frozen=True)
class Site:
    """Where a record was written, and the words its problems start with (``claim D000-005``)."""

    file: str
    line: int
    what: str


@dataclass
class Context:
    """The curation as the checks see it: the schema and the terms by ID, and what is broken."""

    cur: Curation
    schema: Schema
    entries: SchemaEntries
    categories: dict[str, Category]
    relations: dict[str, Relation]
    data_relations: dict[str, DataRelation]
    stances: dict[str, Stance]
    evidence: set[str]
    documents: dict[str, Document]
    terms: dict[str, Term]
    #: Where each term was written.
    term_sites: dict[str, Site]
    #: The label of every class (category or term): the names a claim may use.
    labels: dict[str, str]
    #: IDs of records with a problem already reported: what refers to them raises no second one.
    broken: set[str]
    #: Each class's direct parents (set by the hierarchy check).
    parents: dict[str, list[str]] = field(default_factory=dict)
    #: Each class's category (set by the hierarchy check when the hierarchy has no cycle).
    category_of: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, cur: Curation, schema: Schema, entries: SchemaEntries) -> Context:
        """The context of a curation whose schema loaded."""
        categories = {c.id: c for c in schema.categories}
        terms = {t.item.id: t.item for t in cur.terms}
        return cls(
            cur=cur,
            schema=schema,
            entries=entries,
            categories=categories,
            relations={r.id: r for r in schema.relations},
            data_relations={d.id: d for d in schema.data_relations},
            stances={s.id: s for s in schema.stances},
            evidence={e.id for e in schema.evidence},
            documents={d.item.id: d.item for d in cur.documents},
            terms=terms,
            term_sites={t.item.id: Site(t.file, t.line, f"term {t.item.id}") for t in cur.terms},
            labels={**{c.id: c.label for c in categories.values()}, **{t.id: t.label for t in terms.values()}},
            broken=set(cur.broken_ids),
        )

    def problem(self, file: str, line: int, message: str) -> None:
        self.cur.problem(file, line, message)

    def report(self, site: Site, message: str) -> None:
        """A problem of the record at ``site``, its message led by what the record is."""
        self.cur.problem(site.file, site.line, f"{site.what}: {message}")

    def schema_problem(self, line: int, message: str) -> None:
        """A problem at ``line`` of the schema file."""
        self.cur.problem(self.entries.file, line, message)

    @property
    def count(self) -> int:
        """How many problems are known so far (a check compares counts to see if it found one)."""
        return len(self.cur.problems)

    def missing(self, name: str, known: Collection[str]) -> bool:
        """Whether ``name`` is neither in ``known`` nor broken: the one case worth a problem."""
        return name not in known and name not in self.broken

    def ancestors(self, cls: str) -> set[str]:
        """``cls`` and every class above it."""
        return ancestors(cls, self.parents_of)

    def under(self, cls: str, allowed: Iterable[str]) -> bool:
        """Whether ``cls`` falls under one of ``allowed``; also True when a broken record stands
        above it, since its place in the hierarchy is then unknown (judge nothing, report once)."""
        return is_under(cls, {*allowed, *self.broken}, self.parents_of)

    def parents_of(self, cls: str) -> list[str]:
        return self.parents.get(cls, [])


def closest(word: str, choices: Iterable[str], n: int = 3) -> str:
    """A hint naming the choices closest to ``word``, for a message (empty if none is close)."""
    from rapidfuzz import fuzz, process

    best = process.extract(word, sorted(choices), scorer=fuzz.WRatio, limit=n, score_cutoff=50)
    return f" (closest: {', '.join(b[0] for b in best)})" if best else ""
