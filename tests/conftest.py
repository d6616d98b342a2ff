"""Shared fixtures: the loaded graph, the repository root, and throwaway project copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import spinekg
from spinekg.kg import KnowledgeGraph

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The CLI keeps an on-disk store in the user's cache folder; tests keep theirs to themselves."""
    import os

    os.environ["SPINEKG_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    return spinekg.load()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's ontology folder, safe to break."""
    shutil.copytree(ROOT / "ontology", tmp_path / "ontology")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in ``path``; ``old`` must occur exactly once."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line of ``path`` containing ``needle``."""
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in {path}")
