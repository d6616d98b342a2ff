"""The ``.rq`` file: SPARQL text under a header of ``# key: value`` comment lines.

Every query spinekg runs lives in such a file: the query modules (``queries/``), the inference rules
(``ontology/rules/``), and the library's own queries (``spinekg/<stage>/queries/``: the term index,
the endpoint checks, the export, the SHACL template). This module reads them; it imports nothing of
the rest of spinekg.

>>> header("# name: red-flags\\n# title: Red flags\\nSELECT * WHERE { ?s ?p ?o }")
{'name': 'red-flags', 'title': 'Red flags'}
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path


def header_lines(text: str) -> Iterator[tuple[str, str]]:
    """Every ``# key: value`` line of the header, in order (repeated keys included)."""
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].strip().partition(":")
        if sep:
            yield key.strip(), value.strip()


def header(text: str) -> dict[str, str]:
    """The header as a dict (``param`` lines, which repeat, excluded)."""
    return {k: v for k, v in header_lines(text) if k != "param"}


@cache
def packaged(folder: str, name: str) -> str:
    """The text of ``spinekg/<folder>/<name>.rq``: a query the library itself runs, read once."""
    return (Path(__file__).parent / folder / f"{name}.rq").read_text(encoding="utf-8")
