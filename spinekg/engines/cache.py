"""The on-disk cache of loaded stores: a read-only Oxigraph store per set of built files, kept in
the user's cache folder, with its term index beside it.

A store is used only when its READY manifest matches the store's files (a stat fingerprint), and
the term index only when its header names that store and its SHA-256; anything damaged, partial,
foreign or special is rebuilt with a warning, and leftovers of killed builds are removed.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from spinekg import vocab
from spinekg.files import read_regular
from spinekg.paths import BuiltFiles

log = logging.getLogger(__name__)


def bulk_load(store: Any, files: BuiltFiles) -> None:
    import pyoxigraph as ox

    store.bulk_load(path=str(files.ttl), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(vocab.ONTOLOGY_GRAPH))
    for path in (files.relations, files.inferred):
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)


def default_cache() -> Path:
    """``$SPINEKG_CACHE``, else ``$XDG_CACHE_HOME/spinekg``, else ``~/.cache/spinekg``."""
    if os.environ.get("SPINEKG_CACHE"):
        return Path(os.environ["SPINEKG_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "spinekg"


def cache_key(files: BuiltFiles) -> str:
    """A key that changes whenever a data file may have: its path, inode, size, modification time
    and status-change time. An edit that keeps the size and resets the modification time still
    moves the change time, which no user can set, so a stale store is never answered from."""
    import hashlib

    h = hashlib.sha256()
    for path in files.graph_files:
        st = path.stat()
        h.update(f"{path.resolve()}\0{st.st_ino}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\n".encode())
    return h.hexdigest()[:20]


def _owner(files: BuiltFiles) -> str:
    return "\n".join(str(path.resolve()) for path in files.graph_files)


#: The most a manifest or an index header may hold (a manifest is a few kilobytes).
_SMALL = 1024 * 1024
#: RocksDB's own bookkeeping, which may change under a reader: not part of a store's fingerprint.
_VOLATILE = ("LOG", "LOCK")
#: A partial store (its build was killed) older than this is removed by the next build.
_ABANDONED_AFTER = 3600.0


def _fingerprint(folder: Path) -> dict[str, list[int]]:
    """Size, inode and times of every file of a store: any write to it, a truncation or a flipped
    byte included, changes this (a stat per file, no reading)."""
    out = {}
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_file(follow_symlinks=False) and not entry.name.startswith(_VOLATILE):
            st = entry.stat(follow_symlinks=False)
            out[entry.name] = [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]
    return out


def _ready(final: Path) -> bool:
    """Whether ``final`` holds a whole, unchanged store (its READY manifest matches its files)."""
    try:
        manifest = json.loads(read_regular(final / "READY", _SMALL))
        return isinstance(manifest, dict) and bool(manifest.get("store")) and manifest["store"] == _fingerprint(final / "store")
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return False


def _manifest_owner(folder: Path) -> str | None:
    try:
        owner = json.loads(read_regular(folder / "READY", _SMALL)).get("owner")
    except (OSError, ValueError, AttributeError, RecursionError):
        return None
    return owner if isinstance(owner, str) else None


def _remove_abandoned(cache: Path) -> None:
    """Partial stores left by a build that was killed: their process is gone, or they are old."""
    import time

    for folder in cache.glob("building-*"):
        pid = folder.name.split("-")[1]
        alive = pid.isdigit() and Path(f"/proc/{pid}").exists() if Path("/proc/self").exists() else True
        try:
            old = time.time() - folder.stat().st_mtime > _ABANDONED_AFTER
        except OSError:
            continue
        if not alive or old:
            shutil.rmtree(folder, ignore_errors=True)


def cached_store(files: BuiltFiles, cache: Path) -> Path | None:
    """The folder of a ready on-disk store for ``files`` under ``cache``, made on first use.

    The store is built in a temporary folder and renamed into place, so a reader never sees half a
    store and two processes building at once both end with a whole one. Its READY manifest records
    every file of the store; a store whose files no longer match (truncated, corrupted, partly
    deleted, foreign) is removed and built again. If the cache cannot be written, None: the
    caller loads into memory instead.
    """
    final = cache / f"store-{cache_key(files)}"
    if _ready(final):
        return final
    try:
        cache.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(cache)
        if final.exists():
            log.warning("the cached store %s is damaged or incomplete; building it again", final)
            shutil.rmtree(final)
        _build_store(files, cache, final)
    except OSError as err:
        log.warning("cannot cache the store in %s (%s); loading into memory", cache, err)
        return None
    return final if _ready(final) else None


def _build_store(files: BuiltFiles, cache: Path, final: Path) -> None:
    import pyoxigraph as ox

    tmp = Path(tempfile.mkdtemp(prefix=f"building-{os.getpid()}-", dir=cache))
    try:
        store = ox.Store(str(tmp / "store"))
        bulk_load(store, files)
        store.flush()
        store.optimize()
        del store
        # READY names the files the store was made from (a newer build of the same files replaces
        # it, while a store of another checkout or installation sharing the cache is left alone)
        # and fingerprints the store's own files
        owner = _owner(files)
        manifest = {"owner": owner, "store": _fingerprint(tmp / "store")}
        (tmp / "READY").write_text(json.dumps(manifest), encoding="utf-8")
        try:
            tmp.rename(final)
        except OSError:  # another process finished first; its store is as good as ours
            pass
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for old in cache.glob("store-*"):
        if old != final and _manifest_owner(old) == owner:
            shutil.rmtree(old, ignore_errors=True)


def open_cached_store(folder: Path) -> Any:
    """Open a cached store read-only; None when it cannot be opened (then it is removed)."""
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(str(folder / "store"))
    except (OSError, ValueError, RuntimeError) as err:
        log.warning("the cached store %s cannot be opened (%s); loading into memory", folder, err)
        shutil.rmtree(folder, ignore_errors=True)
        return None


#: The shape of the cached term index (:meth:`spinekg.query.terms.Term.to_dict`); a cache written
#: with another is ignored and written again. 2: categories and parents as CURIEs.
TERM_INDEX_FORMAT = 2


def load_term_index(path: Path) -> list[dict[str, Any]] | None:
    """The term index cached beside a store, or None when it is missing, damaged or not this
    store's (its first line holds the store's name and the SHA-256 of the rest)."""
    import hashlib

    try:
        header, _, body = read_regular(path).partition(b"\n")
        if len(header) > _SMALL:
            return None
        meta = json.loads(header)
        if not isinstance(meta, dict) or meta.get("format") != TERM_INDEX_FORMAT or meta.get("store") != path.parent.name:
            return None  # another store's, or written by a spinekg whose terms had another shape
        if meta.get("sha256") != hashlib.sha256(body).hexdigest():
            return None  # changed since it was written
        rows = json.loads(body)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        return None
    return rows


def save_term_index(path: Path, rows: list[dict[str, Any]]) -> None:
    """Write the term index next to a cached store (atomically; failure only costs speed)."""
    import hashlib

    body = json.dumps(rows, ensure_ascii=False).encode("utf-8")
    header = json.dumps({"format": TERM_INDEX_FORMAT, "store": path.parent.name, "sha256": hashlib.sha256(body).hexdigest()}).encode("ascii")
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        tmp.write_bytes(header + b"\n" + body)
        tmp.replace(path)
    except OSError as err:
        log.warning("cannot cache the term index in %s (%s)", path, err)
        tmp.unlink(missing_ok=True)
