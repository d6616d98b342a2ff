"""Serve the built graph as a read-only SPARQL 1.1 endpoint, with the Oxigraph server.

The ``oxigraph`` binary (the pip package ``oxigraph``, extra ``spinekg[server]``) loads the built
files into an on-disk store with ``oxigraph load`` (the ontology into its named graph, the N-Quads
files into theirs; then ``oxigraph optimize``) and answers with ``oxigraph serve-read-only
--union-default-graph``: the named graphs stay as they are and the default graph is their union,
as the query modules expect.

>>> from spinekg.serve.server import serve
>>> with serve(bind="127.0.0.1:0") as server:          # doctest: +SKIP
...     kg = spinekg.connect(server.query_url)

The server listens on the loopback interface unless told otherwise: the endpoint is read-only but
has no authentication, so exposing it (``bind="0.0.0.0:7878"``) is a deliberate choice.

Web pages on other origins (a SPARQL client such as YASGUI) may read its answers only with
``cors=True`` (any origin) or ``cors=["https://yasgui.example"]`` (those origins): see
:mod:`spinekg.serve.cors`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from spinekg import vocab
from spinekg.errors import ServerError
from spinekg.paths import BuiltFiles
from spinekg.serve.cors import Cors
from spinekg.serve.gateway import Gateway, Watchdog

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_BIND = f"{DEFAULT_HOST}:{DEFAULT_PORT}"
#: Seconds a query may run on the server before it is abandoned.
DEFAULT_QUERY_TIMEOUT = 60
INSTALL_HINT = "pip install 'spinekg[server]'"
#: Written beside the store: which built files it holds, so an unchanged graph is not loaded again.
MARKER = "spinekg-store.json"
_STORE = "store"
_LOADING = "store.loading"


def find_oxigraph() -> Path:
    """The ``oxigraph`` executable: beside the running Python (a virtual environment's ``bin``),
    else on ``PATH``."""
    here = Path(sys.executable).parent  # not resolved: a venv's python is a symlink out of the venv
    for candidate in (here / "oxigraph", here / "oxigraph.exe"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise ServerError(f"the Oxigraph server is not installed (no `oxigraph` beside {sys.executable} or on PATH); install it with: {INSTALL_HINT}")


def parse_bind(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:PORT`` for IPv6) or a bare ``PORT`` on the loopback interface.

    >>> parse_bind("127.0.0.1:7878"), parse_bind("8080"), parse_bind("[::1]:0")
    (('127.0.0.1', 7878), ('127.0.0.1', 8080), ('::1', 0))
    """
    host, sep, port = text.strip().rpartition(":")
    if not sep:
        host, port = DEFAULT_HOST, text.strip()
    host = host.removeprefix("[").removesuffix("]")
    if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"expected HOST:PORT (e.g. {DEFAULT_BIND}), got {text!r}")
    return host, int(port)


def prepare_store(location: Path, files: BuiltFiles | None = None, *, oxigraph: Path | None = None) -> Path:
    """The Oxigraph store folder under ``location`` holding ``files`` (default: the built graph),
    loaded with ``oxigraph load`` unless it already holds these very files.

    ``location`` must be new, empty, or a folder this function filled before: nothing else in it is
    ever deleted.
    """
    from spinekg.engines.cache import cache_key
    from spinekg.paths import built_files

    files = files or built_files()
    exe = oxigraph or find_oxigraph()
    location = Path(location)
    store, loading, marker = location / _STORE, location / _LOADING, location / MARKER
    wanted = {"files": cache_key(files), "oxigraph": _version(exe)}
    if marker.is_file() and store.is_dir():
        try:
            if json.loads(marker.read_text(encoding="utf-8")) == wanted:
                return store
        except ValueError:
            pass
    try:
        location.mkdir(parents=True, exist_ok=True)
        foreign = sorted(p.name for p in location.iterdir() if p.name not in (_STORE, _LOADING, MARKER))
        if foreign:
            raise ServerError(f"{location} holds other files ({', '.join(foreign[:3])}); give --location a new or empty folder")
        marker.unlink(missing_ok=True)
        shutil.rmtree(store, ignore_errors=True)
        shutil.rmtree(loading, ignore_errors=True)
        _run(exe, "load", "--location", str(loading), "--file", str(files.ttl), "--graph", vocab.ONTOLOGY_GRAPH)
        _run(exe, "load", "--location", str(loading), "--file", str(files.relations), str(files.inferred))
        _run(exe, "optimize", "--location", str(loading))  # 0.1 s; queries about a quarter faster
        loading.rename(store)
        marker.write_text(json.dumps(wanted), encoding="utf-8")
    except OSError as err:
        raise ServerError(f"cannot make the store in {location}: {err}") from err
    return store


def _version(exe: Path) -> str:
    return _run(exe, "--version").strip()


def _run(exe: Path, *args: str) -> str:
    done = subprocess.run([str(exe), *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ServerError(f"`oxigraph {' '.join(args)}` failed: {_first_error(done.stderr)}")
    return done.stdout


def _first_error(text: str) -> str:
    """Oxigraph's error without the Rust backtrace that follows it."""
    message = text.split("Stack backtrace:")[0].strip()
    return message.removeprefix("Error:").strip() or "(no message)"


@dataclass
class Server:
    """A running endpoint (see :func:`start`): the guard (:class:`spinekg.serve.gateway.Gateway`) on the
    public address, and the Oxigraph server behind it."""

    gateway: Gateway
    host: str
    port: int
    location: Path
    temporary: bool
    log: IO[bytes] = field(repr=False)
    watchdog: Watchdog = field(repr=False)

    @property
    def cors(self) -> Cors | None:
        """Which web pages may read the answers (None: CORS is off)."""
        return self.gateway.cors

    @property
    def process(self) -> subprocess.Popen[bytes]:
        """The Oxigraph server process answering now (a new one after each restart)."""
        assert self.gateway.process is not None
        return self.gateway.process

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint (what :func:`spinekg.connect` takes)."""
        return self.url + "/query"

    @property
    def update_url(self) -> str:
        """The update endpoint, which refuses every request (the server is read-only)."""
        return self.url + "/update"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint (read-only here)."""
        return self.url + "/store"

    def wait(self) -> str:
        """Block until the endpoint stops by itself (its Oxigraph server kept failing); why.

        Waits in short steps: a Ctrl-C the kernel hands to one of the gateway's threads only runs its
        handler once the main thread wakes, and a wait without a timeout would never wake (Ctrl-C
        then did nothing, depending on which thread took the signal)."""
        while not self.gateway.stopped.wait(0.2):
            pass
        return self.gateway.failure or "stopped"

    def output(self) -> str:
        """What the Oxigraph server printed so far ("" once stopped)."""
        if self.log.closed:
            return ""
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")


def start(
    *,
    bind: str = DEFAULT_BIND,
    location: Path | None = None,
    files: BuiltFiles | None = None,
    query_timeout: float | None = DEFAULT_QUERY_TIMEOUT,
    ready_timeout: float = 30.0,
    cors: bool | Sequence[str] = False,
) -> Server:
    """Load the graph and start a read-only endpoint on ``bind`` (``HOST:PORT``; port 0 picks a
    free one); returns once it accepts connections. Stop it with :func:`stop`.

    ``location`` keeps the store between runs (it is reused while the built files are unchanged);
    without it the store lives in a temporary folder that :func:`stop` removes, and that a
    watchdog removes if this process is killed. A query may run ``query_timeout`` seconds.

    ``cors``: ``False`` (no Access-Control-* header), ``True`` (any origin may read the answers) or
    the origins that may (``["https://yasgui.example"]``); an origin that is not one raises ValueError.
    """
    policy = cors_policy(cors)
    exe = find_oxigraph()
    host, port = parse_bind(bind)
    temporary = location is None
    folder = Path(tempfile.mkdtemp(prefix="spinekg-serve-")) if location is None else Path(location)
    watchdog = Watchdog(folder if temporary else None)
    log = tempfile.TemporaryFile(mode="a+b")  # noqa: SIM115 - kept open for the server's life; appending: the server's writes never overwrite, reads may seek
    try:
        store = prepare_store(folder, files, oxigraph=exe)

        def backend(private_port: int) -> subprocess.Popen[bytes]:
            command = [str(exe), "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{private_port}", "--union-default-graph"]
            # its own session: Ctrl-C in the terminal reaches this process, which stops it in order
            return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

        gateway = Gateway(start_backend=backend, host=host, port=port, query_timeout=query_timeout, on_backend=watchdog.tell, cors=policy)
    except BaseException as err:
        printed = _read_log(log)
        log.close()
        watchdog.close()
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)
        if isinstance(err, ServerError) and "exited at start" in str(err):
            raise ServerError(f"{err}: {_first_error(printed)}") from err
        raise
    return Server(gateway, host, gateway.port, folder, temporary, log, watchdog)


def cors_policy(cors: bool | Sequence[str]) -> Cors | None:
    """The policy ``cors`` names (see :func:`start`).

    >>> cors_policy(False), cors_policy(True)
    (None, Cors(origins=None))
    >>> cors_policy(["https://yasgui.example"])
    Cors(origins=frozenset({'https://yasgui.example'}))
    """
    if cors is False:
        return None
    if cors is True:
        return Cors.from_origins(None)
    return Cors.from_origins([cors] if isinstance(cors, str) else cors)


def _read_log(log: IO[bytes]) -> str:
    try:
        log.seek(0)
        return log.read().decode("utf-8", "replace")
    except (OSError, ValueError):
        return ""


def stop(server: Server, *, grace: float = 5.0) -> None:
    """Stop the endpoint and its Oxigraph server, and remove its temporary store. Safe to call twice."""
    server.gateway.close()
    server.watchdog.close()
    server.log.close()
    if server.temporary:
        shutil.rmtree(server.location, ignore_errors=True)


@contextmanager
def serve(
    *,
    bind: str = DEFAULT_BIND,
    location: Path | None = None,
    files: BuiltFiles | None = None,
    query_timeout: float | None = DEFAULT_QUERY_TIMEOUT,
    cors: bool | Sequence[str] = False,
) -> Iterator[Server]:
    """:func:`start` a server for the ``with`` block and :func:`stop` it after."""
    server = start(bind=bind, location=location, files=files, query_timeout=query_timeout, cors=cors)
    try:
        yield server
    finally:
        stop(server)
