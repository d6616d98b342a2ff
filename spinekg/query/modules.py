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

The values of a module's parameters come as a command line gives them, and
:meth:`QueryModule.bind` reads them: a bare value fills the next parameter in the order of the
header, and ``NAME=VALUE`` names its parameter:

>>> provenance = get_module("provenance")
>>> provenance.bind(["ibuprofen", "second=stomach upset"])
{'first': 'ibuprofen', 'second': 'stomach upset'}
>>> provenance.usage
'provenance first second'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from spinekg import rq
from spinekg.errors import ParameterError, SpineKGError, UnknownModuleError
from spinekg.paths import queries_dir

#: ``NAME=VALUE``: an argument that names its parameter. NAME is a word (letters, digits and ``_``,
#: not starting with a digit), so a value with a space, a sign or a digit before its first ``=``
#: (``ESR >= 20``, ``pain = 7``) is a bare value; a value whose start looks like a name gives its
#: parameter's name first (``text=a=b``).
NAMED_ARGUMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", re.DOTALL)


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

    @property
    def usage(self) -> str:
        """The parameter as a usage line shows it: ``f1``, or ``[f2]`` when it is optional."""
        return f"[{self.name}]" if self.optional else self.name

    def accepts(self, lineage: Collection[str]) -> bool:
        """Whether a term whose category lineage (its category, the term itself and every class
        above them) is ``lineage`` fits this parameter: any term when no category is named."""
        return self.type == "term" and (not self.categories or any(c in lineage for c in self.categories))


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

    @property
    def usage(self) -> str:
        """The module's name and its parameters in order, optional ones in brackets:
        ``differential-diagnosis f1 [f2] [f3] [f4] [f5]``."""
        return " ".join([self.name, *(p.usage for p in self.parameters)])

    def check_names(self, names: Iterable[str]) -> None:
        """Raise :class:`~spinekg.errors.ParameterError` for the first of ``names`` that is no
        parameter of this module, naming the closest parameter (or all of them)."""
        for name in names:
            if name not in self.params:
                raise self._no_parameter(name)

    def _no_parameter(self, name: str, *, argument: str = "", slot: int = 0) -> ParameterError:
        known = list(self.params)
        takes = f"it takes: {', '.join(known)}" if known else "it takes no parameters"
        close = closest(name, known)
        hint = f"; did you mean {' or '.join(close)}? ({takes})" if close else f" ({takes})"
        if argument and known and not close:  # perhaps a value that holds "=": say how to give one
            hint += f"; for the value {argument!r}, write {known[min(slot, len(known) - 1)]}={argument}"
        return ParameterError(f"query module {self.name!r} takes no parameter {name}{hint}", module=self.name, parameters=(name,))

    def bind(self, args: Sequence[str]) -> dict[str, str]:
        """The parameter values a command line gives, by parameter name, in the module's order.

        ``NAME=VALUE`` (see :data:`NAMED_ARGUMENT`) gives the parameter NAME; a NAME that is no
        parameter is refused with the closest names. Every other argument is a bare value, and
        the bare values fill the parameters in the order of the header, optional ones included,
        as Python's positional arguments do: the first value is the first parameter, whatever
        was named. A parameter given twice (by name twice, or by position and by name), and more
        bare values than parameters, raise :class:`~spinekg.errors.ParameterError`; missing
        parameters are left to :meth:`spinekg.KnowledgeGraph.query`, which names them.

        >>> get_module("differential-diagnosis").bind(["pain increases with rest", "f3=fever"])
        {'f1': 'pain increases with rest', 'f3': 'fever'}
        """
        params = self.parameters
        named: dict[str, str] = {}
        bare: list[str] = []
        for arg in args:
            match = NAMED_ARGUMENT.fullmatch(arg)
            if match is None:
                bare.append(arg)
                continue
            name, value = match.groups()
            if name not in self.params:
                raise self._no_parameter(name, argument=arg, slot=len(bare))
            if name in named:
                raise self._twice(name, f"{named[name]!r} and {value!r}, both by name")
            named[name] = value
        if len(bare) > len(params):
            n = len(params)
            takes = f"takes at most {n} value{'s' if n != 1 else ''} ({', '.join(p.usage for p in params)})" if params else "takes no parameters"
            extra = ", ".join(repr(v) for v in bare[len(params) :])
            raise ParameterError(f"query module {self.name!r} {takes}; {extra} left over", module=self.name)
        bound: dict[str, str] = {}
        for p, value in zip(params, bare, strict=False):  # fewer values than parameters
            if p.name in named:
                raise self._twice(p.name, f"{value!r} by position and {named[p.name]!r} by name")
            bound[p.name] = value
        bound.update(named)
        return {p.name: bound[p.name] for p in params if p.name in bound}

    def _twice(self, name: str, values: str) -> ParameterError:
        order = ", ".join(p.name for p in self.parameters)
        return ParameterError(
            f"parameter {name} of {self.name!r} is given twice ({values}); give it once (bare values fill {order} in that order)",
            module=self.name,
            parameters=(name,),
        )


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
        known = module_names()
        raise UnknownModuleError(name, closest(name, known), known)
    return parse_module(name, path.read_text(encoding="utf-8"))


def module_names() -> list[str]:
    """The names of the query modules, sorted."""
    return sorted(p.stem for p in queries_dir().glob("*.rq"))


def all_modules() -> list[QueryModule]:
    """Every query module, by name."""
    return [get_module(name) for name in module_names()]


def modules_taking(lineage: Collection[str]) -> list[tuple[QueryModule, Param]]:
    """The modules with a parameter that names a category in ``lineage`` (a term's category
    lineage: see :meth:`Param.accepts`), each with that parameter. Parameters that take a term of
    any category are left out: they take every term.

    >>> [(m.name, p.name) for m, p in modules_taking({"Drug"})]
    [('adverse-effects-of', 'treatment'), ('drugs-of-class', 'drugClass')]
    """
    return [(m, p) for m in all_modules() for p in m.parameters if p.categories and p.accepts(lineage)]


def closest(name: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """The names of ``known`` closest to ``name`` (a misspelt module or parameter name), best
    first; none when no name is close.

    >>> closest("treatments-fr", module_names())
    ['treatments-for']
    """
    from rapidfuzz import fuzz, process, utils

    found = process.extract(name, list(known), scorer=fuzz.WRatio, processor=utils.default_process, limit=limit, score_cutoff=80)
    best = found[0][1] if found else 0
    return [text for text, score, _ in found if score >= best - 10]
