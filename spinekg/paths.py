"""Where spinekg finds its files.

Installed from a wheel, the built ontology, the corpus and the query modules sit inside the package
(``spinekg/data/``). In a checkout (or an editable install) they are read from the repository's
``ontology/`` and ``queries/`` folders, so a rebuild is seen at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
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


#: The names of the built files, in the order the build writes them.
BUILT_FILE_NAMES = {"owl": "spinekg.owl", "ttl": "spinekg.ttl", "relations": "spinekg-relations.nq", "inferred": "spinekg-inferred.nq"}


@dataclass(frozen=True)
class BuiltFiles:
    """The four files ``spinekg build`` writes: the ontology as RDF/XML (``owl``) and Turtle
    (``ttl``), the asserted relation graph and the inferred one (N-Quads).

    >>> BuiltFiles.in_folder(Path("ontology")).relations.as_posix()
    'ontology/spinekg-relations.nq'
    """

    owl: Path
    ttl: Path
    relations: Path
    inferred: Path

    @classmethod
    def in_folder(cls, folder: Path) -> BuiltFiles:
        """The built files under their usual names in ``folder``."""
        return cls(**{key: folder / name for key, name in BUILT_FILE_NAMES.items()})

    def __iter__(self) -> Iterator[Path]:
        """The four paths, in build order."""
        return iter((self.owl, self.ttl, self.relations, self.inferred))

    def copy_to(self, folder: Path) -> BuiltFiles:
        """Copy the four files into ``folder`` (made if missing) under their usual names."""
        import shutil

        folder.mkdir(parents=True, exist_ok=True)
        copy = BuiltFiles.in_folder(folder)
        for source, target in zip(self, copy, strict=True):
            shutil.copyfile(source, target)
        return copy

    @property
    def graph_files(self) -> tuple[Path, Path, Path]:
        """What an engine loads: the Turtle ontology, then the asserted and inferred N-Quads."""
        return (self.ttl, self.relations, self.inferred)


def built_files() -> BuiltFiles:
    """The built files of this installation (the checkout's ``ontology/`` or the wheel's copy)."""
    return BuiltFiles.in_folder(data_root() / "ontology")


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
