"""Text for people: a query's answer in each output format, a term card, the graph's statistics
and the list of query modules.

The ``spinekg`` commands print these strings as they are, so what the command line shows is
also what a program gets from the library.

>>> from spinekg.query.results import AskResult
>>> render(AskResult(True), "csv")
'boolean\\ntrue\\n'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

from spinekg.errors import SpineKGError, UnknownFormatError

if TYPE_CHECKING:
    from spinekg.query.modules import Param, QueryModule
    from spinekg.query.results import AskResult, ClaimRow, GraphResult, QueryResult
    from spinekg.query.terms import Term

    Result = QueryResult | AskResult | GraphResult

#: The text forms of an answer, by format name (the choices of ``--format``); each text ends with
#: a line break.
RESULT_FORMATS: dict[str, Callable[[Result], str]] = {
    "table": lambda result: result.to_table(),
    "json": lambda result: result.to_json(indent=2) + "\n",
    "csv": lambda result: result.to_csv(","),
    "tsv": lambda result: result.to_csv("\t"),
}


def render(result: Result, fmt: str = "table", *, ids: bool = False, full_iris: bool = False) -> str:
    """``result`` in the format ``fmt`` (a key of :data:`RESULT_FORMATS`), as ``spinekg query`` and
    ``spinekg sparql`` print it; another name raises :class:`~spinekg.errors.UnknownFormatError`.

    ``full_iris`` writes full IRIs instead of CURIEs (every format); ``ids`` shows the identifier
    columns a table leaves out beside their labels.
    """
    from spinekg.query.results import QueryResult

    if fmt not in RESULT_FORMATS:
        raise UnknownFormatError(fmt, list(RESULT_FORMATS), "result format")
    if isinstance(result, QueryResult):
        if full_iris:
            result = result.with_full_iris()
        if fmt == "table":
            return result.to_table(ids=ids or full_iris)
    return RESULT_FORMATS[fmt](result)


def term_card(term: Term, claims: Sequence[ClaimRow] | None = None) -> str:
    """The term as ``spinekg term`` prints it: label, CURIE and category; definition; synonyms by
    scope (exact, related, brand); xrefs; parents. With ``claims`` (the rows of
    :meth:`~spinekg.kg.KnowledgeGraph.claims_about`), a section listing each claim once, followed by
    its quotes with their offsets."""
    lines = [f"{term.label}  [{term.curie}]  ({term.category_label})", f"  definition: {term.definition}"]
    for scope in ("exact", "related", "brand"):
        texts = [s.text for s in term.synonyms if s.scope == scope]
        if texts:
            lines.append(f"  {scope} synonyms: {', '.join(texts)}")
    if term.xrefs:
        lines.append(f"  xrefs: {', '.join(term.xrefs)}")
    if term.parents:
        lines.append(f"  is a: {', '.join(term.parents)}")
    if claims is not None:
        lines += ["", f"Claims ({len(claims)}); the sources state these, and silence is not an answer:"]
        for r in claims:
            lines.append(f"  {r.claim}  {r.subject_label} --{r.predicate_label}--> {r.object_label}  [{r.stance}; {r.document}]")
            lines += [f'      "{q.text}" @{q.start}-{q.end}' + ("  (context)" if q.role == "context" else "") for q in r.quotes]
    return "\n".join(lines) + "\n"


def term_record(term: Term, claims: Sequence[ClaimRow] | None = None) -> dict[str, Any]:
    """The term as ``spinekg term --format json`` writes it: :meth:`~spinekg.query.terms.Term.to_dict`,
    and with ``claims`` a ``"claims"`` list of their fields."""
    out: dict[str, Any] = term.to_dict()
    if claims is not None:
        out["claims"] = [asdict(r) for r in claims]
    return out


def stats_text(stats: dict[str, list[dict[str, Any]]]) -> str:
    """:meth:`~spinekg.kg.KnowledgeGraph.stats` as ``spinekg stats`` prints it: terms per category,
    claims per relation and claims per document, each count right-aligned."""
    lines = ["Terms per category", *(f"  {row['terms']:>5}  {row['categoryLabel']}" for row in stats["terms_per_category"])]
    lines += ["Claims per relation", *(f"  {row['claims']:>5}  {row['predicateLabel']}" for row in stats["claims_per_relation"])]
    lines += ["Claims per document", *(f"  {row['claims']:>5}  {row['identifier']}  {row['title']}" for row in stats["claims_per_document"])]
    return "\n".join(lines) + "\n"


def modules_text(modules: Iterable[QueryModule], width: int = 100) -> str:
    """The query modules as ``spinekg queries`` lists them, wrapped to ``width`` columns: each
    module's usage line (its name and parameters in order, an optional one in brackets), then,
    indented, its title and description and the type of each parameter; a blank line between
    modules.

    >>> from spinekg.query.modules import get_module
    >>> print(modules_text([get_module("provenance")], width=60), end="")  # doctest: +ELLIPSIS
    provenance first second
        Provenance of what links two terms. Every claim (and
        ...
        first, second: term (any category)
    <BLANKLINE>
    Give values in the order shown, or as NAME=VALUE; spinekg
    query MODULE --help describes a module.
    """
    width = max(width, 40)
    lines: list[str] = []
    for m in modules:
        lines.append(m.usage)
        lines += _wrap(f"{m.title}. {m.description}" if m.description else m.title, width, "    ")
        for names, spec in _grouped(m.parameters):
            lines += _wrap(f"{names}: {spec}", width, "    ")
        lines.append("")
    lines += _wrap("Give values in the order shown, or as NAME=VALUE; spinekg query MODULE --help describes a module.", width, "")
    return "\n".join(lines) + "\n"


def module_help(module: QueryModule, term: Callable[[str], Term] | None = None, *, width: int = 100) -> str:
    """The help of one query module, as ``spinekg query MODULE --help`` prints it above the
    options: usage, title, description, each parameter (its type, the categories it takes with
    their labels, whether it is optional) and the module's example. ``term`` looks a category up
    by its ID (:meth:`spinekg.KnowledgeGraph.term`) for its label; without it the IDs alone are
    shown.

    >>> from spinekg.query.modules import get_module
    >>> print(module_help(get_module("term-search"), width=70), end="")
    Usage: spinekg query term-search [OPTIONS] text
    <BLANKLINE>
      Search terms by words.
    <BLANKLINE>
      Terms whose label or synonym contains the text (case-insensitive),
      with category and definition.
    <BLANKLINE>
    Parameters (values fill them in this order, or give NAME=VALUE):
      text  a string
    <BLANKLINE>
    Example:
      spinekg query term-search pain
    """
    width = max(width, 40)
    params = module.parameters
    lines = [*_wrap(module_usage(module), width, "", "    "), "", *_wrap(module.title + ".", width, "  ")]
    if module.description:
        lines += ["", *_wrap(module.description, width, "  ")]
    lines.append("")
    if params:
        lines += _wrap("Parameters (values fill them in this order, or give NAME=VALUE):", width, "")
        column = max(len(p.usage) for p in params) + 2
        for p in params:
            lines += _wrap(p.usage.ljust(column) + _describe(p, term), width, "  ", "  " + " " * column)
        lines.append("")
    else:
        lines += ["This module takes no parameters.", ""]
    if module.example:
        lines += ["Example:", f"  {module.example}", ""]  # a command to copy: never wrapped
    if any(p.type == "term" for p in params):
        lines += _wrap(TERM_HINT, width, "")
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


#: How to name a term, under the help of a module that takes one.
TERM_HINT = "A term is named by its label, a synonym or brand name (any case), an ID or CURIE; spinekg query term-search WORDS finds one."


def module_usage(module: QueryModule, command: str = "spinekg query") -> str:
    """The module's usage line: ``Usage: spinekg query provenance [OPTIONS] first second``."""
    return " ".join(["Usage:", command, module.name, "[OPTIONS]", *(p.usage for p in module.parameters)])


def _describe(p: Param, term: Callable[[str], Term] | None) -> str:
    """A parameter's type in words: "a term: condition (Condition) or clinical finding
    (ClinicalFinding)" (a term of such a category or of one under it), "a string", "optional; ..."."""
    if p.type == "term" and p.categories:
        cats = [c if (label := _category_label(c, term)) == c else f"{label} ({c})" for c in p.categories]
        text = "a term: " + " or ".join([", ".join(cats[:-1]), cats[-1]] if len(cats) > 1 else cats)
    elif p.type == "term":
        text = "a term of any category"
    elif p.type == "integer":
        text = "a whole number"
    else:
        text = f"a {p.type}"
    return f"optional; {text}" if p.optional else text


def _category_label(cls: str, term: Callable[[str], Term] | None) -> str:
    if term is None:
        return cls
    try:
        return term(cls).label
    except SpineKGError:
        return cls


def _grouped(params: Sequence[Param]) -> list[tuple[str, str]]:
    """The parameters as ``(names, type)``, one entry for each run of parameters of one type:
    ``("f1, [f2], [f3]", "term (PresentationFeature)")``."""
    out: list[tuple[list[str], str]] = []
    for p in params:
        spec = str(replace(p, optional=False)).partition(": ")[2] + (" (any category)" if p.type == "term" and not p.categories else "")
        if out and out[-1][1] == spec:
            out[-1][0].append(p.usage)
        else:
            out.append(([p.usage], spec))
    return [(", ".join(names), spec) for names, spec in out]


def _wrap(text: str, width: int, indent: str, subsequent: str | None = None) -> list[str]:
    """``text`` wrapped to ``width`` columns; names with hyphens are not broken."""
    import textwrap

    later = indent if subsequent is None else subsequent
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=later, break_on_hyphens=False, break_long_words=False)
