"""Oxigraph (default) and rdflib answer every query module identically."""

from __future__ import annotations

import pytest

import spinekg
from spinekg.paths import queries_dir
from spinekg.query.modules import get_module

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


def _rows(kg, module: str, **params: str) -> list[tuple]:
    return sorted(tuple(sorted(r.items())) for r in kg.run(module, **params))


@pytest.mark.parametrize("module", MODULES)
def test_every_module_agrees_on_both_engines(engines, module: str) -> None:
    for case in _example_args(module):
        a = _rows(engines["oxigraph"], module, **case)
        b = _rows(engines["rdflib"], module, **case)
        assert a == b, (module, case)
        assert a, f"{module} {case} returned nothing"


def test_terms_are_the_same_on_both_engines(engines) -> None:
    assert engines["oxigraph"].terms() == engines["rdflib"].terms()


def test_cached_store_is_made_once_and_answers_like_memory(tmp_path, kg) -> None:
    cached = spinekg.load(cache=tmp_path)
    (store,) = tmp_path.glob("store-*")
    assert (store / "READY").is_file()
    assert cached.term("Advil").category == "BrandProduct"  # the first lookup writes the term index
    assert (store / "terms.json").is_file()
    again = spinekg.load(cache=tmp_path)
    assert again.engine.cache_dir == store
    assert again.terms() == kg.terms()
    for module in MODULES:
        for case in _example_args(module):
            assert _rows(again, module, **case) == _rows(kg, module, **case), module


def test_cached_store_is_remade_when_a_file_changes(tmp_path) -> None:
    import os

    from spinekg.kg import KnowledgeGraph

    first = spinekg.load(cache=tmp_path)
    assert first.files is not None
    files = first.files.copy_to(tmp_path / "data")
    cache = tmp_path / "cache"
    KnowledgeGraph(files, cache=cache)
    (old,) = cache.glob("store-*")
    os.utime(files.relations, ns=(0, 1))  # a rebuilt file: its modification time moves
    KnowledgeGraph(files, cache=cache)
    (new,) = cache.glob("store-*")
    assert new != old and not old.exists()


def test_unwritable_cache_falls_back_to_memory(tmp_path, caplog) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    kg = spinekg.load(cache=blocker)
    assert kg.engine.cache_dir is None
    assert "loading into memory" in caplog.text
    assert kg.term("Aleve").label == "Aleve"


@pytest.mark.parametrize("module", MODULES)
def test_no_module_repeats_a_row_or_a_list_item(kg, module: str) -> None:
    """Oxigraph's union default graph yields a triple once per named graph holding it (rdflib's
    yields it once): without DISTINCT a module would answer differently on the two engines."""
    mod = get_module(module)
    cases = [dict(c) for c in _example_args(module)]
    if len(mod.parameters) == 1 and mod.parameters[0].type == "term":
        cases += [{mod.parameters[0].name: t.iri} for t in kg.terms()[::3]]
    for case in cases:
        try:
            result = kg.query(module, **case)
        except spinekg.UnknownTermError:  # a term outside the parameter's categories
            continue
        assert len(set(result.rows)) == len(result.rows), (module, case)
        for row in result.rows:
            for value in row:
                if isinstance(value, tuple):
                    assert len(set(value)) == len(value), (module, case, value)


def test_checkouts_sharing_a_cache_keep_their_own_stores(tmp_path) -> None:
    """Two copies of the data (say, an installed package and a checkout) sharing one cache folder
    must not remove each other's store, or every command would rebuild it."""

    from spinekg.kg import KnowledgeGraph

    source = spinekg.load().files
    assert source is not None
    copies = [source.copy_to(tmp_path / name) for name in ("a", "b")]
    cache = tmp_path / "cache"
    first = KnowledgeGraph(copies[0], cache=cache).engine.cache_dir
    second = KnowledgeGraph(copies[1], cache=cache).engine.cache_dir
    assert first != second and first.is_dir() and second.is_dir()
    assert KnowledgeGraph(copies[0], cache=cache).engine.cache_dir == first
