"""spinekg: a provenance-first knowledge graph of back and spinal pain.

Only the names in ``__all__`` are stable; modules below the top level may change.

>>> import spinekg
>>> kg = spinekg.load()
>>> kg.term("Advil").category
'BrandProduct'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinekg.errors import (
    AmbiguousTermError,
    CurationError,
    DataNotFoundError,
    EndpointError,
    Problem,
    ServerError,
    SpineKGError,
    StaleBuildError,
    UnknownFormatError,
    UnknownRelationError,
    UnknownTermError,
)

if TYPE_CHECKING:
    import os

    from spinekg.kg import KnowledgeGraph
    from spinekg.query.terms import Term

__version__ = "0.1.0"

__all__ = [
    "AmbiguousTermError",
    "CurationError",
    "DataNotFoundError",
    "EndpointError",
    "KnowledgeGraph",
    "Problem",
    "ServerError",
    "SpineKGError",
    "StaleBuildError",
    "Term",
    "UnknownFormatError",
    "UnknownRelationError",
    "UnknownTermError",
    "__version__",
    "connect",
    "load",
]


def load(*, engine: str = "oxigraph", cache: bool | str | os.PathLike[str] | None = False) -> KnowledgeGraph:
    """Load the built knowledge graph (``engine``: "oxigraph", the default, or "rdflib").

    ``cache=True`` opens a read-only on-disk copy kept in the user's cache folder (fast to open,
    slower to query); see :func:`spinekg.kg.load` and :class:`spinekg.kg.KnowledgeGraph`.
    """
    from spinekg.kg import load as _load

    return _load(engine=engine, cache=cache)


def connect(url: str, *, timeout: float = 30.0, check: bool = True) -> KnowledgeGraph:
    """The knowledge graph a SPARQL 1.1 endpoint serves (``url``: its query URL, e.g.
    ``http://127.0.0.1:7878/query`` for ``spinekg serve``), with the same answers as :func:`load`.

    ``check`` first makes sure the endpoint holds the graph with its default graph the union of the
    named graphs; credentials come from the environment. See :func:`spinekg.kg.connect`.
    """
    from spinekg.kg import connect as _connect

    return _connect(url, timeout=timeout, check=check)


def __getattr__(name: str) -> object:
    # Lazy re-exports keep `import spinekg` free of rdflib and owlready2.
    if name == "KnowledgeGraph":
        from spinekg.kg import KnowledgeGraph

        return KnowledgeGraph
    if name in ("query", "export", "serve", "validate", "engines", "curation", "compile"):  # subpackages, as attributes
        import importlib

        return importlib.import_module(f"spinekg.{name}")
    if name == "Term":
        from spinekg.query.terms import Term

        return Term
    raise AttributeError(f"module 'spinekg' has no attribute {name!r}")
