"""SPARQL engines behind the knowledge graph: Oxigraph (embedded, the default) and rdflib.

Both load the same files into the same named graphs (ontology, asserted, inferred) and query with
the default graph as their union. Results come back as plain Python values from either engine
(:func:`python_value`), so callers and tests compare them directly and the query path never
imports rdflib.

Parameters are bound, never pasted: a caller passes RDF terms (:class:`IRI`, ``str``, ``int``,
``bool``), never text. rdflib binds them with ``initBindings``. Oxigraph does not push its SEP-0007
``substitutions`` into the query plan (88 ms against 0.8 ms for the same bound query, see
``benchmarks/``), so the Oxigraph engine binds through SPARQL's own inline-data clause instead:
:func:`spinekg.sparql.bind_values` serialises each term with pyoxigraph's validating term
constructors and puts one ``VALUES`` row at the head of the query's top-level group.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from spinekg import vocab
from spinekg.files import read_regular
from spinekg.values import DEFAULT_MAX_ROWS, IRI, Answer, Table, Triples, Value, python_value, too_many

if TYPE_CHECKING:
    from spinekg.sparql import QueryForm

ENGINES = ("oxigraph", "rdflib")
log = logging.getLogger(__name__)


class Engine(Protocol):
    name: str

    def select(self, text: str, bindings: Mapping[str, Value] | None = None) -> Table: ...

    def execute(self, text: str, *, max_rows: int = DEFAULT_MAX_ROWS, allow_service: bool = False, form: QueryForm | None = None) -> Answer: ...


class OxigraphEngine:
    """pyoxigraph: an in-memory store, or a read-only on-disk store kept in a cache folder.

    The on-disk store opens in milliseconds instead of parsing the files again (about 160 ms), which
    is what a one-shot command wants; a long-lived process gets faster queries from memory.
    """

    name = "oxigraph"

    def __init__(self, files: Mapping[str, Path], *, cache: Path | None = None) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self.files = files
        self.cache_dir: Path | None = None
        store = None
        if cache is not None:
            self.cache_dir = _cached_store(files, cache)
            store = open_cached_store(self.cache_dir) if self.cache_dir is not None else None
            if store is None:
                self.cache_dir = None
        if store is not None:
            self.store = store
        else:
            self.store = ox.Store()
            bulk_load(self.store, files)

    def select(self, text: str, bindings: Mapping[str, Value] | None = None) -> Table:
        from spinekg.sparql import bind_values

        ox = self._ox
        if bindings:
            text = bind_values(text, bindings)
        result = self.store.query(text, use_default_graph_as_union=True)
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError("not a SELECT query")
        names = tuple(v.value for v in result.variables)
        convert = self._value
        rows = tuple(tuple(convert(sol[n]) for n in names) for sol in result)
        return Table(names, rows)

    def execute(self, text: str, *, max_rows: int = DEFAULT_MAX_ROWS, allow_service: bool = False, form: QueryForm | None = None) -> Answer:
        """Run any read query (SELECT, ASK, CONSTRUCT, DESCRIBE) with at most ``max_rows`` rows.

        Free SPARQL calls this in a child process (:mod:`spinekg.isolate`), after the guard.
        """
        from itertools import islice

        from spinekg.errors import QueryFailedError, QueryRefusedError, SpineKGError
        from spinekg.sparql import check_query

        ox = self._ox
        form = form or check_query(text, allow_service=True)  # the guard's reading, when not handed over
        union = not form.dataset  # FROM names the default graph itself
        try:
            result = self.store.query(text, use_default_graph_as_union=union)
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            if isinstance(result, ox.QuerySolutions):
                names = tuple(v.value for v in result.variables)
                convert = self._value
                rows = tuple(tuple(convert(sol[n]) for n in names) for sol in islice(result, max_rows + 1))
                if len(rows) > max_rows:
                    raise too_many(max_rows)
                return Table(names, rows)
            triples = tuple((str(t.subject), str(t.predicate), str(t.object)) for t in islice(result, max_rows + 1))
        except SyntaxError as err:
            raise QueryRefusedError(f"not valid SPARQL: {err}") from None
        except SpineKGError:
            raise
        except (OSError, RuntimeError, ValueError) as err:  # a SERVICE that failed or answered nonsense
            raise QueryFailedError(f"the query failed: {err}") from None
        if len(triples) > max_rows:
            raise too_many(max_rows)
        return Triples(triples)

    def _value(self, term: Any) -> Any:
        if term is None:
            return None
        kind = type(term)
        if kind is self._ox.NamedNode:
            return term.value
        if kind is self._ox.BlankNode:
            return "_:" + term.value
        return python_value(term.value, term.datatype.value)

    def term_index_cache(self) -> Path | None:
        """Where the term index of the cached store is kept (None for an in-memory store)."""
        return self.cache_dir / "terms.json" if self.cache_dir is not None else None


def bulk_load(store: Any, files: Mapping[str, Path]) -> None:
    import pyoxigraph as ox

    store.bulk_load(path=str(files["ttl"]), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(vocab.ONTOLOGY_GRAPH))
    for key in ("relations", "inferred"):
        store.bulk_load(path=str(files[key]), format=ox.RdfFormat.N_QUADS)


def default_cache() -> Path:
    """``$SPINEKG_CACHE``, else ``$XDG_CACHE_HOME/spinekg``, else ``~/.cache/spinekg``."""
    if os.environ.get("SPINEKG_CACHE"):
        return Path(os.environ["SPINEKG_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "spinekg"


def cache_key(files: Mapping[str, Path]) -> str:
    """A key that changes whenever a data file may have: its path, inode, size, modification time
    and status-change time. An edit that keeps the size and resets the modification time still
    moves the change time, which no user can set, so a stale store is never answered from."""
    import hashlib

    h = hashlib.sha256()
    for key in ("ttl", "relations", "inferred"):
        st = files[key].stat()
        h.update(f"{files[key].resolve()}\0{st.st_ino}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\n".encode())
    return h.hexdigest()[:20]


def _owner(files: Mapping[str, Path]) -> str:
    return "\n".join(str(files[k].resolve()) for k in ("ttl", "relations", "inferred"))


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


def _cached_store(files: Mapping[str, Path], cache: Path) -> Path | None:
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


def _build_store(files: Mapping[str, Path], cache: Path, final: Path) -> None:
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


def load_term_index(path: Path) -> list[dict[str, Any]] | None:
    """The term index cached beside a store, or None when it is missing, damaged or not this
    store's (its first line holds the store's name and the SHA-256 of the rest)."""
    import hashlib

    try:
        header, _, body = read_regular(path).partition(b"\n")
        if len(header) > _SMALL:
            return None
        meta = json.loads(header)
        if not isinstance(meta, dict) or meta.get("store") != path.parent.name or meta.get("sha256") != hashlib.sha256(body).hexdigest():
            return None  # another store's, or changed since it was written
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
    header = json.dumps({"store": path.parent.name, "sha256": hashlib.sha256(body).hexdigest()}).encode("ascii")
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        tmp.write_bytes(header + b"\n" + body)
        tmp.replace(path)
    except OSError as err:
        log.warning("cannot cache the term index in %s (%s)", path, err)
        tmp.unlink(missing_ok=True)


class RdflibEngine:
    """rdflib's Dataset: slower, but pure Python and what rdflib users already hold."""

    name = "rdflib"

    def __init__(self, files: Mapping[str, Path]) -> None:
        from rdflib import Dataset, URIRef

        self.dataset = Dataset(default_union=True)
        self.dataset.graph(URIRef(vocab.ONTOLOGY_GRAPH)).parse(files["ttl"], format="turtle")
        for key in ("relations", "inferred"):
            self.dataset.parse(files[key], format="nquads")

    def select(self, text: str, bindings: Mapping[str, Value] | None = None) -> Table:
        result: Any = self.dataset.query(text, initBindings={k: _rdflib_term(v) for k, v in (bindings or {}).items()})
        if result.type != "SELECT":
            raise TypeError("not a SELECT query")
        names = tuple(str(v) for v in result.vars)
        rows = tuple(tuple(_from_rdflib(row[i]) for i in range(len(names))) for row in result)
        return Table(names, rows)

    def execute(self, text: str, *, max_rows: int = DEFAULT_MAX_ROWS, allow_service: bool = False, form: QueryForm | None = None) -> Answer:
        """Run any read query with at most ``max_rows`` rows (see :meth:`OxigraphEngine.execute`).

        rdflib's SERVICE would open any URL ``urllib`` opens, ``file:`` included: it is switched
        off here unless ``allow_service``, and then limited to ``http:`` and ``https:``.

        rdflib loads the graphs a query names with FROM from the web or from files unless told not
        to; the guard lets only the graph's own graphs through, and this switches the loading off.
        """
        from itertools import islice

        import rdflib.plugins.sparql as rdflib_sparql
        from pyparsing import ParseException

        from spinekg.errors import QueryFailedError, QueryRefusedError, SpineKGError

        rdflib_sparql.SPARQL_LOAD_GRAPHS = False
        _guard_rdflib_service(allow_service)
        try:
            result: Any = self.dataset.query(text)
            if result.type == "ASK":
                return bool(result.askAnswer)
            if result.type == "SELECT":
                names = tuple(str(v) for v in result.vars)
                rows = tuple(tuple(_from_rdflib(row[i]) for i in range(len(names))) for row in islice(result, max_rows + 1))
                if len(rows) > max_rows:
                    raise too_many(max_rows)
                return Table(names, rows)
            triples = tuple((s.n3(), p.n3(), o.n3()) for s, p, o in islice(result, max_rows + 1))
        except ParseException as err:
            raise QueryRefusedError(f"not valid SPARQL: {err}") from None
        except SpineKGError:
            raise
        except RecursionError:
            raise QueryRefusedError("the query nests too deeply for the rdflib engine; simplify it") from None
        except Exception as err:  # noqa: BLE001 - rdflib raises bare Exception (a failed SERVICE, for one)
            raise QueryFailedError(f"rdflib could not run the query ({type(err).__name__}: {err})") from None
        if len(triples) > max_rows:
            raise too_many(max_rows)
        return Triples(triples)


def _guard_rdflib_service(allow_service: bool) -> None:
    """Put a check in front of rdflib's SERVICE evaluation (once; it reads the current setting)."""
    import rdflib.plugins.sparql.evaluate as evaluate

    from spinekg.errors import QueryRefusedError

    _SERVICE["allowed"] = allow_service
    if "original" in _SERVICE:
        return
    _SERVICE["original"] = evaluate.evalServiceQuery

    def guarded(ctx: Any, part: Any) -> Any:
        import re

        # the endpoint the way rdflib reads it from the pattern's text
        found = re.match(r"^service <(.*)>[ \n]*{(.*)}[ \n]*$", str(part.get("service_string", "")), re.DOTALL | re.IGNORECASE)
        target = found.group(1) if found else ""
        if not _SERVICE["allowed"]:
            raise QueryRefusedError("SERVICE is refused: a query may not call other endpoints")
        if not target.startswith(("http://", "https://")):
            raise QueryRefusedError(f"SERVICE <{target}> is refused: only http(s) endpoints can be called")
        return _SERVICE["original"](ctx, part)

    evaluate.evalServiceQuery = guarded


_SERVICE: dict[str, Any] = {}


def _rdflib_term(value: Value) -> Any:
    from rdflib import Literal, URIRef

    if isinstance(value, IRI):
        return URIRef(value)
    if isinstance(value, (bool, int, str)):
        return Literal(value)
    raise TypeError(f"cannot bind {value!r}")


def _from_rdflib(term: Any) -> Any:
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        return python_value(str(term), str(term.datatype) if term.datatype is not None else None)
    if isinstance(term, BNode):
        return "_:" + str(term)
    return str(term)


def make(name: str, files: Mapping[str, Path], *, cache: Path | None = None) -> Engine:
    if name == "oxigraph":
        return OxigraphEngine(files, cache=cache)
    if name == "rdflib":
        return RdflibEngine(files)
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
