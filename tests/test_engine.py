"""Oxigraph (default) and rdflib answer every query module identically."""

from __future__ import annotations

import pytest

import spinekg
from spinekg.queries import get_module
from spinekg.paths import queries_dir

MODULES = sorted(p.stem for p in queries_dir().glob("*.rq"))
EXAMPLE_TERMS = ["naproxen", "Advil", "tender spot on the spine", "physiotherapy"]


def _example_args(module: str) -> list[dict[str, str]]:
    """The module's documented example (`spinekg query NAME ARG...`), as keyword arguments."""
    import shlex

    mod = get_module(module)
    words = shlex.split(mod.example)
    if not mod.params:
        return [{}]
    if words[:3] == ["spinekg", "query", module] and len(words) > 3:
        args = words[3:]
        if len(mod.params) == 1 and "=" not in args[0]:
            return [{next(iter(mod.params)): args[0]}]
        return [dict(a.split("=", 1) for a in args)]
    return [{name: t for name in mod.params} for t in EXAMPLE_TERMS]  # pragma: no cover


@pytest.fixture(scope="module")
def engines() -> dict[str, spinekg.KnowledgeGraph]:
    return {name: spinekg.load(engine=name) for name in ("oxigraph", "rdflib")}


def _rows(kg, module: str, **params: str) -> list[tuple]:  # noqa: ANN001
    return sorted(tuple(sorted(r.items())) for r in kg.run(module, **params))


@pytest.mark.parametrize("module", MODULES)
def test_every_module_agrees_on_both_engines(engines, module: str) -> None:  # noqa: ANN001
    for case in _example_args(module):
        a = _rows(engines["oxigraph"], module, **case)
        b = _rows(engines["rdflib"], module, **case)
        assert a == b, (module, case)
        assert a, f"{module} {case} returned nothing"


def test_terms_are_the_same_on_both_engines(engines) -> None:  # noqa: ANN001
    assert engines["oxigraph"].terms() == engines["rdflib"].terms()
