"""SPARQL query files: ``queries/*.rq``, each with a commented header.

A header is the block of ``# key: value`` lines at the top of the file::

    # name: claims-about-term
    # title: Claims about a term
    # description: Every claim whose subject or object is the term, with its quotes.
    # param: term: term (any category)
    # example: spinekg term naproxen
    # answer: claim

(``# lists:`` names GROUP_CONCAT columns; ``# answer:`` the columns of one answer, see
:mod:`spinekg.query.answers`; ``# safety: yes`` marks a module whose answers are safety statements.)

Parameters are bound at run time (see :mod:`spinekg.engines.embedded`), never pasted into the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spinekg import rq
from spinekg.errors import SpineKGError
from spinekg.paths import queries_dir


@dataclass(frozen=True)
class Param:
    """A module parameter: ``term`` (optionally restricted to categories), ``string`` or ``integer``."""

    name: str
    type: str
    categories: tuple[str, ...] = ()
    optional: bool = False

    @classmethod
    def parse(cls, name: str, spec: str) -> Param:
        optional = spec.rstrip().endswith("optional")
        spec = spec.rstrip().removesuffix("optional").strip()
        kind, _, rest = spec.partition("(")
        cats = tuple(c.strip() for c in rest.rstrip(")").replace(",", "|").split("|") if c.strip() and c.strip() != "any category")
        return cls(name, kind.strip(), cats, optional)

    def __str__(self) -> str:
        text = f"{self.name}: {self.type}" + (f" ({' | '.join(self.categories)})" if self.categories else "")
        return text + (", optional" if self.optional else "")


@dataclass(frozen=True)
class QueryModule:
    """A parsed ``.rq`` file."""

    name: str
    title: str
    description: str
    text: str
    params: dict[str, str] = field(default_factory=dict)
    example: str = ""
    safety: bool = False
    #: Columns holding GROUP_CONCAT lists (separator " | "), returned as sorted tuples.
    lists: tuple[str, ...] = ()
    #: The columns that identify one answer (``# answer:``); the evidence rows of each answer are
    #: folded into one row (:func:`spinekg.query.answers.group_answers`). Empty: rows as selected.
    answer: tuple[str, ...] = ()

    @property
    def parameters(self) -> list[Param]:
        return [Param.parse(k, v) for k, v in self.params.items()]


def parse_module(name: str, text: str) -> QueryModule:
    header = rq.header(text)
    params: dict[str, str] = {}
    for key, value in rq.header_lines(text):
        if key == "param":
            pname, _, ptype = value.partition(":")
            params[pname.strip()] = ptype.strip()
    if header.get("name") != name:
        raise SpineKGError(f"queries/{name}.rq: header `# name:` must be {name!r}")
    return QueryModule(
        name=name,
        title=header.get("title", name),
        description=header.get("description", ""),
        text=text,
        params=params,
        example=header.get("example", ""),
        safety=header.get("safety", "").lower() in {"yes", "true"},
        lists=tuple(c.strip() for c in header.get("lists", "").split(",") if c.strip()),
        answer=tuple(c.strip() for c in header.get("answer", "").split(",") if c.strip()),
    )


@cache
def get_module(name: str) -> QueryModule:
    """The query module ``name`` (file ``queries/<name>.rq``)."""
    import re

    from spinekg.errors import ArgumentError

    if not isinstance(name, str):
        raise ArgumentError(f"a query module is named by a string, not {type(name).__name__}")
    path = queries_dir() / f"{name}.rq"
    if not re.fullmatch(r"[a-z][a-z0-9-]*", name) or not path.is_file():
        known = sorted(p.stem for p in queries_dir().glob("*.rq"))
        raise SpineKGError(f"no query module {name!r}; known: {', '.join(known)}")
    return parse_module(name, path.read_text(encoding="utf-8"))


def all_modules() -> list[QueryModule]:
    """Every query module, by name."""
    return [get_module(p.stem) for p in sorted(queries_dir().glob("*.rq"))]
