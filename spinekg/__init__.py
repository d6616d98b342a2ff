"""spinekg: a provenance-first knowledge graph of back and spinal pain.

Only the names in ``__all__`` are stable, among them two subpackages: :mod:`spinekg.export` (the
exports: ``FORMATS``, ``write_<fmt>``, ``read_<fmt>``) and :mod:`spinekg.serve` (``serve``, the
SPARQL endpoint); other modules below the top level may change.

>>> import spinekg
>>> kg = spinekg.load()
>>> kg.term("Advil").category
'SKG:BrandProduct'
>>> [m.name for m in spinekg.modules()][:2]
['adverse-effects-of', 'claims-about-term']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinekg.errors import (
    AmbiguousTermError,
    ArgumentError,
    BuildWriteError,
    CurationError,
    DataNotFoundError,
    EndpointError,
    InvalidLimitError,
    InvalidValueError,
    MissingExtraError,
    ParameterError,
    Problem,
    QueryFailedError,
    QueryLimitError,
    QueryRefusedError,
    QueryTimeoutError,
    ServerError,
    SpineKGError,
    StaleBuildError,
    TermCategoryError,
    UnknownFormatError,
    UnknownModuleError,
    UnknownRelationError,
    UnknownTermError,
    WriteError,
)

if TYPE_CHECKING:
    import os

    from spinekg import export
    from spinekg.kg import KnowledgeGraph
    from spinekg.query.modules import Param, QueryModule
    from spinekg.query.results import AskResult, Derivation, GraphResult, QueryResult, Quote, Row
    from spinekg.query.terms import Term

__version__ = "0.1.0"

__all__ = [
    "AmbiguousTermError",
    "ArgumentError",
    "AskResult",
    "BuildWriteError",
    "CurationError",
    "DataNotFoundError",
    "Derivation",
    "EndpointError",
    "GraphResult",
    "InvalidLimitError",
    "InvalidValueError",
    "KnowledgeGraph",
    "MissingExtraError",
    "Param",
    "ParameterError",
    "Problem",
    "QueryFailedError",
    "QueryLimitError",
    "QueryModule",
    "QueryRefusedError",
    "QueryResult",
    "QueryTimeoutError",
    "Quote",
    "Row",
    "ServerError",
    "SpineKGError",
    "StaleBuildError",
    "Term",
    "TermCategoryError",
    "UnknownFormatError",
    "UnknownModuleError",
    "UnknownRelationError",
    "UnknownTermError",
    "WriteError",
    "__version__",
    "connect",
    "export",
    "load",
    "module",
    "modules",
    "serve",
]

#: Where each lazily imported public name lives (``import spinekg`` stays free of rdflib,
#: owlready2 and pyoxigraph until one is used).
_LAZY = {
    "KnowledgeGraph": "spinekg.kg",
    "Term": "spinekg.query.terms",
    "QueryModule": "spinekg.query.modules",
    "Param": "spinekg.query.modules",
    "QueryResult": "spinekg.query.results",
    "Row": "spinekg.query.results",
    "Quote": "spinekg.query.results",
    "Derivation": "spinekg.query.results",
    "AskResult": "spinekg.query.results",
    "GraphResult": "spinekg.query.results",
}
_SUBPACKAGES = ("query", "export", "serve", "validate", "engines", "curation", "compile")


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


def modules() -> list[QueryModule]:
    """Every query module (``queries/*.rq``), by name: its title, description, parameters and example."""
    from spinekg.query.modules import all_modules

    return all_modules()


def module(name: str) -> QueryModule:
    """The query module ``name`` (``queries/<name>.rq``); an unknown name raises
    :class:`UnknownModuleError` naming the closest modules. Its :meth:`~QueryModule.bind` reads
    values as the command line does."""
    from spinekg.query.modules import get_module

    return get_module(name)


def __getattr__(name: str) -> object:
    import importlib

    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name in _SUBPACKAGES:  # subpackages, as attributes
        return importlib.import_module(f"spinekg.{name}")
    raise AttributeError(f"module 'spinekg' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names, the lazy ones included, and the subpackages."""
    return sorted(set(__all__) | set(_SUBPACKAGES))
