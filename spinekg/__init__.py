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
    Problem,
    SpineKGError,
    StaleBuildError,
    UnknownFormatError,
    UnknownRelationError,
    UnknownTermError,
)

if TYPE_CHECKING:
    from pathlib import Path

    from spinekg.kg import KnowledgeGraph
    from spinekg.terms import Term

__version__ = "0.1.0"

__all__ = [
    "AmbiguousTermError",
    "CurationError",
    "DataNotFoundError",
    "KnowledgeGraph",
    "Problem",
    "SpineKGError",
    "StaleBuildError",
    "Term",
    "UnknownFormatError",
    "UnknownRelationError",
    "UnknownTermError",
    "__version__",
    "load",
]


def load(*, engine: str = "oxigraph", cache: bool | Path = False) -> KnowledgeGraph:
    """Load the built knowledge graph (``engine``: "oxigraph", the default, or "rdflib").

    ``cache=True`` opens a read-only on-disk copy kept in the user's cache folder (fast to open,
    slower to query); see :func:`spinekg.kg.load` and :class:`spinekg.kg.KnowledgeGraph`.
    """
    from spinekg.kg import load as _load

    return _load(engine=engine, cache=cache)


def __getattr__(name: str) -> object:
    # Lazy re-exports keep `import spinekg` free of rdflib and owlready2.
    if name == "KnowledgeGraph":
        from spinekg.kg import KnowledgeGraph

        return KnowledgeGraph
    if name in ("queries", "export"):  # submodules, reachable as attributes without an import
        import importlib

        return importlib.import_module(f"spinekg.{name}")
    if name == "Term":
        from spinekg.terms import Term

        return Term
    raise AttributeError(f"module 'spinekg' has no attribute {name!r}")
