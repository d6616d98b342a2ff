"""SPARQL query files: ``queries/*.rq``, each with a commented header.

A header is the block of ``# key: value`` lines at the top of the file::

    # name: claims-about-term
    # title: Claims about a term
    # description: Every claim whose subject or object is the term, with its quotes.
    # param: term: term (any category)
    # example: spinekg term naproxen

Parameters are bound with ``initBindings`` at run time, never pasted into the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spinekg.errors import SpineKGError
from spinekg.paths import queries_dir


@dataclass(frozen=True)
class QueryModule:
    """A parsed ``.rq`` file."""

    name: str
    title: str
    description: str
    text: str
    params: dict[str, str] = field(default_factory=dict)
    example: str = ""


def parse_module(name: str, text: str) -> QueryModule:
    header: dict[str, str] = {}
    params: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].strip().partition(":")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        if key == "param":
            pname, _, ptype = value.partition(":")
            params[pname.strip()] = ptype.strip()
        else:
            header[key] = value
    if header.get("name") != name:
        raise SpineKGError(f"queries/{name}.rq: header `# name:` must be {name!r}")
    return QueryModule(
        name=name,
        title=header.get("title", name),
        description=header.get("description", ""),
        text=text,
        params=params,
        example=header.get("example", ""),
    )


@lru_cache(maxsize=None)
def get_module(name: str) -> QueryModule:
    """The query module ``name`` (file ``queries/<name>.rq``)."""
    path = queries_dir() / f"{name}.rq"
    if not path.is_file():
        known = sorted(p.stem for p in queries_dir().glob("*.rq"))
        raise SpineKGError(f"no query module {name!r}; known: {', '.join(known)}")
    return parse_module(name, path.read_text(encoding="utf-8"))
