"""The curation as loaded: each validated record with the file and line it was written at.

:mod:`spinekg.curation.load` builds a :class:`Curation`; the checks read it and report problems
at the lines these records keep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel

from spinekg.curation.models import Category, Claim, CuratorMapping, DataRelation, Document, Evidence, Relation, Schema, Stance, Term
from spinekg.curation.sources import SourceText
from spinekg.curation.yamlio import line_of
from spinekg.errors import Problem

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Located(Generic[M]):
    """A validated record and where it was written."""

    item: M
    file: str
    line: int
    #: The record's YAML as read, which knows the line of each of its fields.
    node: Any = field(default=None, repr=False, compare=False)

    def at(self, *loc: int | str) -> int:
        """The line of a field of the record (``at("domain", 2)``), else the record's own line."""
        return line_of(self.node, loc) if self.node is not None else self.line


@dataclass
class SchemaEntries:
    """The schema's entries, each validated on its own, with their lines.

    A broken entry is left out (its ID joins :attr:`Curation.broken_ids`) and the others stay, so
    that every problem keeps its own line and the checks can go on with what is sound.
    """

    file: str
    #: The whole file's YAML as read, for the lines of what is not an entry (``disjoint`` groups).
    node: Any
    categories: list[Located[Category]] = field(default_factory=list)
    stances: list[Located[Stance]] = field(default_factory=list)
    evidence: list[Located[Evidence]] = field(default_factory=list)
    relations: list[Located[Relation]] = field(default_factory=list)
    data_relations: list[Located[DataRelation]] = field(default_factory=list)
    #: The schema's lists of entries, the fields above of the same names.
    LISTS: ClassVar = ("categories", "stances", "evidence", "relations", "data_relations")

    def at(self, *loc: int | str) -> int:
        """The line of a part of the schema (``at("disjoint", 0, 2)``)."""
        return line_of(self.node, loc)


@dataclass(frozen=True)
class LocatedClaim:
    """A validated claim with its document and where it was written."""

    claim: Claim
    document: str
    file: str
    line: int


@dataclass
class Curation:
    """Everything the curators wrote, validated record by record."""

    root: Path
    schema: Schema | None = None
    #: The schema's entries with their lines; set with :attr:`schema`.
    schema_entries: SchemaEntries | None = None
    documents: list[Located[Document]] = field(default_factory=list)
    terms: list[Located[Term]] = field(default_factory=list)
    claims: list[LocatedClaim] = field(default_factory=list)
    mappings: list[Located[CuratorMapping]] = field(default_factory=list)
    texts: dict[str, SourceText] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: IDs of records that exist but failed validation: references to them raise no second error.
    broken_ids: set[str] = field(default_factory=set)

    def problem(self, file: str, line: int, message: str) -> None:
        self.problems.append(Problem(file, line, message))
