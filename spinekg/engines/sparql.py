"""SPARQL text handling: binding parameters as inline data, and the guard for free SPARQL.

The guard (:func:`check_query`) reads the query's tokens, never its parse tree, so it costs time
linear in the text and cannot be sent into deep recursion by nesting: it refuses updates, an
empty text, ``SERVICE`` (unless allowed) and any ``FROM`` / ``FROM NAMED`` naming a graph other
than the graph's own three, before anything is sent. SPARQL processes codepoint escapes
(``\\u0053ERVICE``) before it parses, so the guard does too. The engine's own parser then reads
the query where it runs: in a process that can be killed (:mod:`spinekg.engines.isolate`).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from spinekg import vocab
from spinekg.errors import QueryLimitError, QueryRefusedError, QueryTimeoutError

if TYPE_CHECKING:
    from spinekg.values import Value

__all__ = ["QueryForm", "QueryLimitError", "QueryRefusedError", "QueryTimeoutError", "bind_values", "check_query"]

DEFAULT_TIMEOUT = 10.0
#: The longest free query the guard reads (a query of several megabytes is a mistake or an attack).
MAX_QUERY_BYTES = 4 * 1024 * 1024
#: The graphs a query may name with FROM / FROM NAMED: the graph's own, which no engine dereferences.
OWN_GRAPHS = (vocab.ONTOLOGY_GRAPH, vocab.ASSERTED_GRAPH, vocab.INFERRED_GRAPH)

#: The deepest nesting of ( { [ a query may have: Oxigraph's parser slows down steeply with depth
#: (a collection nested 64 deep takes 0.4 s to parse) and its server dies of a stack overflow at a
#: few thousand, so the guard refuses past this (the graph's own modules nest at most 8 deep).
MAX_NESTING = 32
#: Words the guard treats as keywords wherever they begin a word or prefix: Oxigraph's parser
#: matches keywords without a word boundary, so `SERVICESILENT` or `SERVICE:x` is SERVICE to it.
_GLUED = ("SERVICE", "FROM", "NAMED")

_UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# SPARQL 1.1's lexical tokens, as far as the guard needs them: what can hide a keyword (IRIs,
# strings, comments, prefixed names with their escapes, variables) and the bare words themselves.
_LEX = re.compile(
    r"""(?P<space>\s+)"""
    r"""|(?P<comment>\#[^\n\r]*)"""
    r"""|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)"""
    r"""|(?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r"""|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')"""
    r"""|(?P<var>[?$]\w+)"""
    r"""|(?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w:.%-]|\\.)*)"""
    r"""|(?P<word>[^\W\d]\w*)"""
    r"""|(?P<unclosed>["'])"""
    r"""|(?P<other>\\.|.)""",
    re.DOTALL,
)


@dataclass(frozen=True)
class QueryForm:
    """What the guard learnt of a query it let through."""

    #: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.
    form: str
    #: Whether it calls SERVICE (only ever true with ``allow_service``).
    service: bool = False
    #: Whether it names its dataset (FROM / FROM NAMED): then its default graph is not the union.
    dataset: bool = False


def unescape_codepoints(text: str) -> str:
    r"""Replace SPARQL's codepoint escapes, as a SPARQL parser does before it reads the query.

    >>> unescape_codepoints(r"\u0053ERVICE")
    'SERVICE'
    """

    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)

    return _CODEPOINT.sub(char, text)


#: How free SPARQL's callers can allow SERVICE (the server offers no way).
SERVICE_HINT = " (--allow-service, or allow_service=True, permits it)"


def check_query(text: str, *, allow_service: bool = False, service_hint: str = SERVICE_HINT) -> QueryForm:
    """Refuse what free SPARQL may not do, before anything is sent; the query's form.

    Refused with :class:`QueryRefusedError`: an empty text, a SPARQL Update (the graph is
    read-only), ``SERVICE`` unless ``allow_service``, ``FROM`` / ``FROM NAMED`` naming any graph but
    the graph's own (:data:`OWN_GRAPHS`; others would be fetched from the web or read from disk by
    some engines), a text over :data:`MAX_QUERY_BYTES`, and an unclosed string.

    >>> check_query("ASK { ?s ?p ?o }").form
    'ASK'
    >>> check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    spinekg.errors.QueryRefusedError: SERVICE is refused: a query may not call other endpoints (--allow-service, or allow_service=True, permits it)
    """
    if not isinstance(text, str):
        raise QueryRefusedError(f"a query is text, not {type(text).__name__}")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_QUERY_BYTES:
        raise QueryRefusedError(f"the query is {size / 1048576:.1f} MB; free SPARQL takes at most {MAX_QUERY_BYTES // 1048576} MB")
    # Engines disagree on codepoint escapes: the SPARQL spec (and rdflib) expand them everywhere
    # before parsing, Oxigraph only inside strings and IRIs. The query is read both ways, and what
    # either reading refuses is refused.
    form = _scan(text, allow_service, service_hint)
    if "\\u" in text or "\\U" in text:
        form = _scan(unescape_codepoints(text), allow_service, service_hint)
    return form


def _scan(text: str, allow_service: bool, service_hint: str) -> QueryForm:
    prefixes: dict[str, str] = {}
    base = ""
    form = ""
    service = False
    dataset = False
    tokens = [(m.lastgroup, m.group()) for m in _LEX.finditer(text) if m.lastgroup not in ("space", "comment")]
    depth = 0
    for i, (kind, value) in enumerate(tokens):
        if kind == "unclosed":
            raise QueryRefusedError("not valid SPARQL: a string is not closed")
        if kind == "iri" and "'" in value:
            # after an expression `<` is "less than", and the quote would open a string the guard
            # never saw: such a text is refused rather than guessed at
            raise QueryRefusedError(f"the IRI {value[:60]!r} holds a quote; write it as %27, or put spaces around a < that compares")
        if kind == "other":
            if value in "({[":
                depth += 1
                if depth > MAX_NESTING:
                    raise QueryRefusedError(f"the query nests ( {{ [ more than {MAX_NESTING} deep; simplify it")
            elif value in ")}]":
                depth -= 1
            continue
        if kind == "pname" or (kind == "word" and value.upper() not in _GLUED):
            _refuse_glued(value, allow_service)
        if kind != "word":
            continue
        word = value.upper()
        following = tokens[i + 1 : i + 3]
        if word == "PREFIX" and not form and len(following) == 2 and following[0][0] == "pname" and following[1][0] == "iri":
            prefixes[following[0][1][:-1]] = urllib.parse.urljoin(base, following[1][1][1:-1])
        elif word == "BASE" and not form and following and following[0][0] == "iri":
            base = urllib.parse.urljoin(base, following[0][1][1:-1])
        elif word in _UPDATE_WORDS:
            raise QueryRefusedError(f"SPARQL Update is refused ({word}): the graph is read-only")
        elif word in _FORMS and not form:
            form = word
        elif word == "SERVICE":
            if not allow_service:
                raise QueryRefusedError(f"SERVICE is refused: a query may not call other endpoints{service_hint}")
            service = True
        elif word == "FROM":
            named = bool(following) and following[0][0] == "word" and following[0][1].upper() == "NAMED"
            target = following[1 if named else 0] if len(following) > named else (None, "")
            _check_dataset(target, prefixes, base)
            dataset = True
    if not form:
        if not tokens:
            raise QueryRefusedError("the query is empty: write a SELECT, ASK, CONSTRUCT or DESCRIBE query")
        raise QueryRefusedError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return QueryForm(form, service, dataset)


def _refuse_glued(token: str, allow_service: bool) -> None:
    """Refuse a word, or the prefix of a prefixed name, that a keyword-matching parser could split
    into SERVICE, FROM or NAMED and something else (``SERVICESILENT``, ``SERVICE:x``,
    ``trueSERVICE``, ``FROM:g``, ``NAMED:g``)."""
    head = token.partition(":")[0].upper() if ":" in token else token.upper()
    for keyword in _GLUED:
        if keyword in head and not (keyword == "SERVICE" and allow_service):
            what = f"the prefix {token.partition(':')[0]}:" if ":" in token else f"the word {token!r}"
            raise QueryRefusedError(
                f"{what} is refused: it holds the keyword {keyword}, which a SPARQL parser may read in it; write {keyword} apart (and name prefixes without it)"
            )


def _check_dataset(token: tuple[str | None, str], prefixes: Mapping[str, str], base: str) -> None:
    kind, value = token
    if kind == "iri":
        iri = urllib.parse.urljoin(base, value[1:-1])
    elif kind == "pname" and value.partition(":")[0] in prefixes:
        prefix, _, local = value.partition(":")
        iri = prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    else:
        raise QueryRefusedError(f"not valid SPARQL: FROM must name a graph IRI, not {value or 'nothing'!r}")
    if iri not in OWN_GRAPHS:
        raise QueryRefusedError(
            f"FROM <{iri}> is refused: a query may not load data from the web or from files; "
            f"FROM and FROM NAMED may name the graph's own graphs only ({', '.join(f'<{g}>' for g in OWN_GRAPHS)})"
        )


# The lexical pieces that can hide a WHERE or a "{": IRIs, strings and comments (SPARQL 1.1 grammar).
_TOKENS = re.compile(
    r"""(?P<skip><[^<>"{}|^`\\\x00-\x20]*>"""
    r"""|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r"""|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*'|\#[^\n\r]*)"""
    r"""|(?P<where>\bWHERE\s*\{)""",
    re.IGNORECASE,
)
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@lru_cache(maxsize=256)
def _group_start(text: str) -> int:
    """The offset just inside the ``{`` that opens the query's top-level WHERE group."""
    for m in _TOKENS.finditer(text):
        if m.group("where"):
            return m.end()
    raise QueryRefusedError("cannot bind parameters: the query has no `WHERE {` (write the keyword WHERE)")


def bind_values(text: str, bindings: Mapping[str, Value]) -> str:
    """``text`` with ``bindings`` as one row of inline data at the head of its top-level group.

    Each value is an RDF term built by pyoxigraph's constructors, which refuse a malformed IRI and
    escape every literal, then written in its N-Triples form: no caller's text enters the query.
    A bound variable must be projected by the query (as with SEP-0007 substitutions).

    >>> from spinekg.values import IRI
    >>> print(bind_values("SELECT ?x ?n WHERE { ?x ?p ?n }", {"x": IRI("https://w3id.org/spinekg/Aleve"), "n": 'a "b"'}))
    SELECT ?x ?n WHERE { VALUES (?x ?n) { (<https://w3id.org/spinekg/Aleve> "a \\"b\\"") } ?x ?p ?n }
    """
    import pyoxigraph as ox

    from spinekg.values import IRI

    names, terms = [], []
    for name, value in bindings.items():
        term: ox.NamedNode | ox.Literal
        if not _VARIABLE.fullmatch(name):
            raise ValueError(f"not a variable name: {name!r}")
        if isinstance(value, IRI):
            term = ox.NamedNode(value)
        elif isinstance(value, bool):
            term = ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD_BOOLEAN))
        elif isinstance(value, int):
            term = ox.Literal(str(value), datatype=ox.NamedNode(_XSD_INTEGER))
        elif isinstance(value, str):
            term = ox.Literal(value)
        else:
            raise TypeError(f"cannot bind {value!r} to ?{name}")
        names.append(f"?{name}")
        terms.append(str(term))
    at = _group_start(text)
    row = f" VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"
    return text[:at] + row + text[at:]


_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
