"""The on-disk cache heals itself: a truncated, corrupted, partly built, foreign or stale store is
noticed cheaply and rebuilt (never a traceback, never unbounded memory), and a build killed with
SIGKILL leaves nothing for good. The damage is real: bytes written into the store's own files."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import spinekg
from engines.test_embedded import MODULES, example_args, rows_of
from spinekg.kg import KnowledgeGraph
from spinekg.paths import built_files

ALEVE = "SELECT ?d WHERE { ?d <https://w3id.org/spinekg/hasBrand> <https://w3id.org/spinekg/Aleve> }"


def _cli(cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SPINEKG_CACHE": str(cache)}
    env.pop("SPINEKG_NO_CACHE", None)
    return subprocess.run([sys.executable, "-m", "spinekg", *args], capture_output=True, text=True, env=env, timeout=120)


def peak_kib(cache: Path | None, *args: str) -> int:
    """The peak memory (KiB) of one CLI run, measured by a parent process of its own."""
    code = "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    env = {**os.environ, **({"SPINEKG_CACHE": str(cache)} if cache else {})}
    done = subprocess.run(
        [sys.executable, "-c", code, sys.executable, "-m", "spinekg", *args], capture_output=True, text=True, env=env, timeout=120, check=True
    )
    return int(done.stdout)


def _store(cache: Path) -> Path:
    (store,) = cache.glob("store-*")
    return store


def _answers_right(cache: Path) -> None:
    done = _cli(cache, "query", "claims-about-term", "Aleve", "--format", "csv")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "Naproxen (e.g., Aleve)" in done.stdout


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    _answers_right(folder)  # made on first use, term index included
    assert (_store(folder) / "terms.json").is_file()
    return folder


def _keep_times(path: Path, change: object) -> None:
    """Apply ``change(path)`` and put the file's modification time back, as a careful attacker would."""
    st = path.stat()
    change(path)  # type: ignore[operator]
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_truncated_term_index_is_made_again(cache: Path) -> None:
    index = _store(cache) / "terms.json"
    with index.open("r+b") as fh:
        fh.truncate(1000)
    _answers_right(cache)
    assert len(index.read_bytes()) > 1000


def test_a_flipped_byte_in_a_store_file_is_noticed_and_the_store_rebuilt(cache: Path) -> None:
    store = _store(cache)
    sst = max((store / "store").glob("*.sst"), key=lambda p: p.stat().st_size)

    def flip(path: Path) -> None:
        with path.open("r+b") as fh:
            fh.seek(path.stat().st_size // 2)
            byte = fh.read(1)
            fh.seek(-1, 1)
            fh.write(bytes([byte[0] ^ 0xFF]))

    _keep_times(sst, flip)
    assert peak_kib(cache, "query", "claims-about-term", "Aleve") < 600 * 1024, "memory stayed bounded"
    _answers_right(cache)
    assert _store(cache) == store and all(p.stat().st_size for p in (store / "store").glob("*.sst"))


@pytest.mark.parametrize("damage", ["truncate", "delete CURRENT", "delete READY", "garbage READY"])
def test_a_damaged_store_is_rebuilt(cache: Path, damage: str) -> None:
    store = _store(cache)
    if damage == "truncate":
        sst = max((store / "store").glob("*.sst"), key=lambda p: p.stat().st_size)
        _keep_times(sst, lambda p: os.truncate(p, 100))
    elif damage == "delete CURRENT":
        (store / "store" / "CURRENT").unlink()
    elif damage == "delete READY":
        (store / "READY").unlink()
    else:
        (store / "READY").write_text('{"owner": "someone else", "store": {}}')
    _answers_right(cache)


def test_a_foreign_folder_in_the_store_place_is_replaced(cache: Path) -> None:
    store = _store(cache)
    shutil.rmtree(store)
    store.mkdir()
    (store / "notes.txt").write_text("not a store")
    _answers_right(cache)
    assert (store / "READY").is_file() and not (store / "notes.txt").exists()


def test_an_edit_that_keeps_size_and_modification_time_is_not_answered_from_the_stale_store(tmp_path: Path) -> None:
    files = built_files().copy_to(tmp_path)
    cache = tmp_path / "cache"
    assert KnowledgeGraph(files, cache=cache).engine.select(ALEVE).rows == (("https://w3id.org/spinekg/Naproxen",),)
    # the same number of bytes: naproxen's brand Aleve becomes brand of "Naproxem" in the relation graph
    _keep_times(
        files.relations,
        lambda p: p.write_bytes(
            p.read_bytes().replace(
                b"<https://w3id.org/spinekg/Naproxen> <https://w3id.org/spinekg/hasBrand>",
                b"<https://w3id.org/spinekg/Naproxem> <https://w3id.org/spinekg/hasBrand>",
            )
        ),
    )
    rows = KnowledgeGraph(files, cache=cache).engine.select(ALEVE).rows
    assert rows == (("https://w3id.org/spinekg/Naproxem",),)


def test_a_build_killed_midway_leaves_nothing_for_good(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "SPINEKG_CACHE": str(cache)}
    process = subprocess.Popen([sys.executable, "-m", "spinekg", "stats"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not list(cache.glob("building-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert list(cache.glob("building-*")), "the build was killed while it wrote its store"
    # the next build (of a store for other files) clears the dead process's leftovers
    _answers_right(cache)
    assert not list(cache.glob("building-*"))


def test_an_unwritable_cache_falls_back_to_memory_with_a_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    done = _cli(blocker, "query", "claims-about-term", "Aleve", "--format", "csv")
    assert done.returncode == 0 and "Naproxen (e.g., Aleve)" in done.stdout
    assert "loading into memory" in done.stderr and "Traceback" not in done.stderr


def test_load_takes_a_folder_for_its_cache_and_refuses_nonsense(tmp_path: Path) -> None:
    kg = spinekg.load(cache=str(tmp_path / "c"))
    assert kg.engine.select(ALEVE).rows and list((tmp_path / "c").glob("store-*"))
    with pytest.raises(TypeError, match="cache is True, False or a folder"):
        spinekg.load(cache=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown engine 'jena'"):
        spinekg.load(engine="jena")


def test_a_changed_term_index_is_not_trusted(cache: Path) -> None:
    index = _store(cache) / "terms.json"
    _keep_times(
        index, lambda p: p.write_bytes(p.read_bytes().replace(b'"iri": "https://w3id.org/spinekg/Aleve"', b'"iri": "https://w3id.org/spinekg/Cleve"', 1))
    )
    _answers_right(cache)


@pytest.mark.parametrize("damage", ["fifo READY", "fifo terms", "zero terms", "deep READY", "deep terms"])
def test_special_or_hostile_cache_files_are_healed_without_hanging(cache: Path, damage: str) -> None:
    store = _store(cache)
    what, name = damage.split()
    path = store / ("READY" if name == "READY" else "terms.json")
    path.unlink()
    if what == "fifo":
        os.mkfifo(path)
    elif what == "zero":
        path.symlink_to("/dev/zero")
    else:
        path.write_text("[" * 100_000)
    _answers_right(cache)


# -- a healthy cache ---------------------------------------------------------------------------------


def test_cached_store_is_made_once_and_answers_like_memory(tmp_path, kg) -> None:
    cached = spinekg.load(cache=tmp_path)
    (store,) = tmp_path.glob("store-*")
    assert (store / "READY").is_file()
    assert cached.term("Advil").category == "SKG:BrandProduct"  # the first lookup writes the term index
    assert (store / "terms.json").is_file()
    again = spinekg.load(cache=tmp_path)
    assert again.engine.cache_dir == store
    assert again.terms() == kg.terms()
    for module in MODULES:
        for case in example_args(module):
            assert rows_of(again, module, **case) == rows_of(kg, module, **case), module


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
