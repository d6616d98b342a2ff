"""Where spinekg finds its files.

Installed from a wheel, the built ontology, the corpus and the query modules sit inside the package
(``spinekg/data/``). In a checkout (or an editable install) they are read from the repository's
``ontology/`` and ``queries/`` folders, so a rebuild is seen at once.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spinekg.errors import DataNotFoundError

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


@lru_cache(maxsize=1)
def data_root() -> Path:
    """The folder holding ``ontology/`` and ``queries/`` for this installation."""
    for candidate in (_PACKAGE / "data", _CHECKOUT):
        if (candidate / "ontology" / "spinekg.ttl").is_file():
            return candidate
    raise DataNotFoundError(
        "the built ontology is missing: expected spinekg/data/ontology/spinekg.ttl (installed) or "
        "ontology/spinekg.ttl (checkout); run `spinekg build` in a checkout"
    )


def ontology_file(name: str) -> Path:
    """A built file of ``ontology/`` (``spinekg.ttl``, ``spinekg.owl``, ``spinekg-relations.nq``)."""
    return data_root() / "ontology" / name


def sources_dir() -> Path:
    """The corpus: the source texts and ``documents.yaml``."""
    return data_root() / "ontology" / "sources"


def queries_dir() -> Path:
    """The SPARQL query modules (``*.rq``)."""
    return data_root() / "queries"


def find_project_root(start: Path | None = None) -> Path:
    """The checkout to build: the nearest folder at or above ``start`` (default: the working
    directory) with ``ontology/curation/schema.yaml``, else the checkout this package runs from."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "ontology" / "curation" / "schema.yaml").is_file():
            return folder
    if (_CHECKOUT / "ontology" / "curation" / "schema.yaml").is_file():
        return _CHECKOUT
    raise DataNotFoundError(
        f"no spinekg checkout at or above {here}: `spinekg build` needs the curation sources "
        "(ontology/curation/); pass --root or run it inside a clone of the repository"
    )
