"""The guard in front of the Oxigraph server: what makes ``spinekg serve`` safe to leave running.

Oxigraph's server runs every SERVICE call a query makes (it has no switch to stop it), and it
cannot cancel a query that runs past its time limit (oxigraph/oxigraph#1336): it answers the client
and goes on computing. So the public address is this gateway's, and the Oxigraph server (the
*backend*) listens on a private loopback port behind it:

- every query, however it arrives (GET, form-encoded POST, direct POST), is read by the same guard
  as free SPARQL (:func:`spinekg.engines.sparql.check_query`) and refused with ``400`` before anything is
  sent when it calls SERVICE, names a graph from elsewhere with FROM or ``default-graph-uri``, or
  is an update; the backend receives only the checked text, re-sent as a direct POST;
- a query still running at the time limit is stopped by killing the backend and starting it again
  on the same read-only store (about 50 ms): its client gets ``503``, queries of other clients that
  were cut off with it are sent again, and new ones wait for the new backend;
- updates (``/update``, and writes to ``/store``) get ``403``;
- a backend that dies by itself is started again; one that keeps dying stops the gateway;
- with CORS on (:class:`spinekg.serve.cors.Cors`), every answer, refusals and errors included, carries
  its headers, and a preflight ``OPTIONS`` is answered here (``204``); nothing else changes.

A watchdog process, which outlives a gateway killed with SIGKILL, stops the backend and removes a
temporary store after it (:func:`spawn_watchdog`).
"""

from __future__ import annotations

import http.client
import logging
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

from spinekg.engines.sparql import MAX_QUERY_BYTES, OWN_GRAPHS, check_query
from spinekg.errors import QueryRefusedError, ServerError
from spinekg.serve.cors import Cors

log = logging.getLogger(__name__)

#: Times a backend may die by itself within :data:`_CRASH_WINDOW` seconds before the gateway stops.
_MAX_CRASHES = 3
_CRASH_WINDOW = 30.0
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "transfer-encoding",
        "content-length",
        "te",
        "trailer",
        "upgrade",
        "proxy-authenticate",
        "proxy-authorization",
        "server",
        "date",
    }
)
_DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
#: The paths the gateway answers (anything else is 404).
_PATHS = ("/query", "/update", "/store", "/")


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    gateway: Gateway

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], *, ipv6: bool) -> None:
        self.address_family = socket.AF_INET6 if ipv6 else socket.AF_INET
        super().__init__(address, handler)


class Gateway:
    """The public endpoint: an HTTP server in this process, supervising one Oxigraph backend."""

    def __init__(
        self,
        *,
        start_backend: Callable[[int], subprocess.Popen[bytes]],
        host: str,
        port: int,
        query_timeout: float | None,
        on_backend: Callable[[int], None] = lambda pid: None,
        cors: Cors | None = None,
    ) -> None:
        self._start_backend = start_backend
        self._on_backend = on_backend
        self.query_timeout = query_timeout
        #: Which web pages may read the answers (None: CORS off, no Access-Control-* header is sent)
        self.cors = cors
        self._cond = threading.Condition()
        self._generation = 0
        self._restarting = False
        self._stopping = False
        self._crashes: list[float] = []
        #: Requests being answered by the backend: a backend that dies while some are is taken to
        #: have been brought down by one of them, and is replaced without counting towards the stop
        self.in_flight = 0
        self.last_answer = 0.0
        self.failure: str | None = None
        self.stopped = threading.Event()
        try:
            self.http = _HTTPServer((host, port), _Handler, ipv6=":" in host)
        except OSError as err:
            raise ServerError(f"cannot listen on {host}:{port}: {err.strerror or err}") from err
        self.http.gateway = self
        self.port = int(self.http.server_address[1])
        self.backend_port = 0
        self.process: subprocess.Popen[bytes] | None = None
        try:
            self._launch()
        except BaseException:
            self.http.server_close()
            raise
        self._threads = [
            threading.Thread(target=self.http.serve_forever, kwargs={"poll_interval": 0.1}, name="spinekg-gateway", daemon=True),
            threading.Thread(target=self._watch, name="spinekg-supervisor", daemon=True),
        ]
        for t in self._threads:
            t.start()

    # -- the backend -----------------------------------------------------------------------------
    def _launch(self) -> None:
        port = _free_port()
        process = self._start_backend(port)
        self._on_backend(process.pid)
        deadline = time.monotonic() + 30
        while True:
            code = process.poll()
            if code is not None:
                raise ServerError(f"the Oxigraph server exited at start (code {code})")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    process.kill()
                    raise ServerError("the Oxigraph server did not accept connections within 30 s") from None
                time.sleep(0.01)
        self.process, self.backend_port = process, port

    def backend(self, timeout: float) -> tuple[int, int]:
        """The current backend's generation and port, waiting while it is being restarted."""
        with self._cond:
            end = time.monotonic() + timeout
            while self._restarting and not self._stopping:
                left = end - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the SPARQL server is restarting")
                self._cond.wait(left)
            if self._stopping or self.process is None:
                raise ConnectionError("the SPARQL server is stopping")
            return self._generation, self.backend_port

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def restarting(self) -> bool:
        return self._restarting

    def restart(self, generation: int, why: str) -> None:
        """Kill the backend of ``generation`` and start a new one (once, however many ask)."""
        with self._cond:
            if generation != self._generation or self._restarting or self._stopping:
                return
            self._restarting = True
        log.warning("restarting the Oxigraph server: %s", why)
        try:
            old = self.process
            if old is not None and old.poll() is None:
                old.kill()
                old.wait()
            self._launch()
        except ServerError as err:
            self._fail(str(err))
        finally:
            with self._cond:
                self._generation += 1
                self._restarting = False
                self._cond.notify_all()

    def _watch(self) -> None:
        while not self._stopping:
            time.sleep(0.1)
            with self._cond:
                if self._restarting or self._stopping:
                    continue
                generation, process = self._generation, self.process
            if process is not None and process.poll() is not None:
                if self.in_flight or time.monotonic() - self.last_answer < 1.0:
                    self.restart(generation, f"it stopped while answering (exit code {process.returncode})")
                    continue
                now = time.monotonic()
                self._crashes = [t for t in self._crashes if now - t < _CRASH_WINDOW] + [now]
                if len(self._crashes) > _MAX_CRASHES:
                    self._fail(
                        f"the Oxigraph server stopped by itself {len(self._crashes)} times within {_CRASH_WINDOW:g} s (last exit code {process.returncode})"
                    )
                    return
                self.restart(generation, f"it stopped by itself (exit code {process.returncode})")

    def _fail(self, why: str) -> None:
        self.failure = why
        threading.Thread(target=self.close, daemon=True).start()

    def close(self) -> None:
        """Stop answering, then stop the backend. Safe to call twice."""
        with self._cond:
            if self._stopping:
                return
            self._stopping = True
            self._cond.notify_all()
        self.http.shutdown()
        self.http.server_close()
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.stopped.set()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.0"  # one request per connection: a stream of results ends with it
    server_version = "spinekg-gateway"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(60)  # a client that stops reading or writing is dropped
        self.started = time.monotonic()

    def _dispatch(self) -> None:
        self._route(self.command)

    def end_headers(self) -> None:
        # every answer passes here (forwarded ones, refusals, and http.server's own errors)
        cors = self.server.gateway.cors
        if cors is not None:
            request = getattr(self, "headers", None)  # absent when the request line itself was refused
            for name, value in cors.headers(request.get("Origin") if request is not None else None):
                self.send_header(name, value)
        super().end_headers()

    # http.server looks for do_<METHOD>: every method takes the same route
    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _dispatch

    # -- routing ---------------------------------------------------------------------------------
    def _route(self, method: str) -> None:
        url = urllib.parse.urlsplit(self.path)
        try:
            if method == "OPTIONS" and url.path in _PATHS and self._preflight():
                return
            if url.path == "/query":
                self._query(method, url.query)
            elif url.path == "/update":
                self._text(403, "the endpoint is read-only: updates are refused")
            elif url.path in ("/store", "/"):
                if method not in ("GET", "HEAD"):
                    self._text(403, "the endpoint is read-only: the Graph Store Protocol only reads here")
                else:
                    self._forward(method, self.path, None, {"Accept": self.headers.get("Accept", "*/*")})
            else:
                self._text(404, f"no such resource {url.path}; SPARQL queries go to /query")
        except _Refusal as refusal:
            self._text(refusal.status, refusal.message)

    def _preflight(self) -> bool:
        """Answer a CORS preflight (``OPTIONS`` with ``Access-Control-Request-Method``) when CORS is on:
        ``204``, allowing what the request that follows may use; that request is then guarded as
        any other. Whether the browser may send it is the browser's to decide from these headers."""
        cors = self.server.gateway.cors
        if cors is None or "Access-Control-Request-Method" not in self.headers:
            return False
        try:
            self.send_response(204)
            for name, value in cors.preflight(self.headers.get("Origin")):
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
        except OSError:
            pass
        return True

    def _query(self, method: str, query_string: str) -> None:
        gateway = self.server.gateway
        params = urllib.parse.parse_qs(query_string, keep_blank_values=True)
        if method == "POST":
            body = self._body()
            kind = self.headers.get_content_type()
            if kind == "application/x-www-form-urlencoded":
                for key, values in urllib.parse.parse_qs(_text(body), keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            elif kind == "application/sparql-query":
                params.setdefault("query", []).append(_text(body))
            elif kind == "application/sparql-update":
                raise _Refusal(403, "the endpoint is read-only: updates are refused")
            else:
                raise _Refusal(415, f"a query is sent as application/sparql-query or a form, not {kind}")
        elif method not in ("GET", "HEAD"):
            raise _Refusal(405, f"{method} is not a SPARQL query method; use GET or POST")
        if "update" in params:
            raise _Refusal(403, "the endpoint is read-only: updates are refused")
        queries = params.get("query", [])
        if len(queries) != 1:
            raise _Refusal(400, "give the query once, as the parameter `query`" if queries else "no query: give it as the parameter `query`")
        text = queries[0]
        try:
            check_query(text, service_hint="")
        except QueryRefusedError as err:
            raise _Refusal(400, str(err)) from None
        dataset = []
        for key in _DATASET_PARAMS:
            for value in params.get(key, []):
                if value not in OWN_GRAPHS:
                    raise _Refusal(400, f"{key} <{value}> is refused: only the graph's own graphs can be named ({', '.join(f'<{g}>' for g in OWN_GRAPHS)})")
                dataset.append((key, value))
        target = "/query" + ("?" + urllib.parse.urlencode(dataset) if dataset else "")
        headers = {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": self.headers.get("Accept", "*/*")}
        del gateway
        self._forward("POST", target, text.encode("utf-8"), headers)

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise _Refusal(411, "a POST needs a Content-Length")
        if int(length) > 3 * MAX_QUERY_BYTES:
            raise _Refusal(413, f"the request is {int(length):,} bytes; a query may have at most {MAX_QUERY_BYTES // 1048576} MB")
        return self.rfile.read(int(length))

    # -- the backend -----------------------------------------------------------------------------
    def _forward(self, method: str, target: str, body: bytes | None, headers: dict[str, str]) -> None:
        gateway = self.server.gateway
        limit = gateway.query_timeout
        deadline = self.started + limit if limit else float("inf")
        for attempt in (1, 2):
            try:
                generation, port = gateway.backend(timeout=max(0.1, min(deadline - time.monotonic(), 30)))
            except (TimeoutError, ConnectionError) as err:
                raise _Refusal(503, str(err)) from None
            sent = False
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=_left(deadline))
            with gateway._cond:
                gateway.in_flight += 1
            try:
                connection.request(method, target, body=body, headers=headers)
                self._await(connection, deadline, generation)
                response = connection.getresponse()
                self.send_response(response.status, response.reason)
                for name, value in response.getheaders():
                    # the gateway's own CORS headers only (end_headers), never the backend's
                    if name.lower() not in _HOP_BY_HOP and not name.lower().startswith("access-control-"):
                        self.send_header(name, value)
                self.end_headers()
                sent = True
                if method == "HEAD":
                    return
                while True:
                    connection.sock.settimeout(_left(deadline))
                    chunk = response.read1(65536)
                    if not chunk:
                        return
                    if time.monotonic() > deadline:
                        raise TimeoutError
                    try:
                        self.wfile.write(chunk)
                    except OSError:
                        raise _ClientGone from None
            except _ClientGone:
                gateway.restart(generation, "the client of a running query went away")
                self.close_connection = True
                return
            except TimeoutError:
                gateway.restart(generation, f"a query ran past the time limit of {limit:g} s")
                if not sent:
                    raise _Refusal(503, f"the query ran past the time limit of {limit:g} s and was stopped") from None
                self.close_connection = True  # the client sees a cut answer, never a silent partial one
                return
            except (ConnectionError, http.client.HTTPException, OSError) as err:
                if sent:  # our client went away, or the backend died mid-answer
                    self.close_connection = True
                    return
                restarted = gateway.generation != generation or gateway.restarting
                if restarted and attempt == 1 and time.monotonic() < deadline:
                    # cut off by a restart another query caused: wait for it, and send this again
                    gateway.backend(timeout=max(0.1, min(_left(deadline) or 30, 30)))
                    continue
                raise _Refusal(502, f"the SPARQL server failed ({type(err).__name__}); try again") from None
            finally:
                connection.close()
                with gateway._cond:
                    gateway.in_flight -= 1
                    gateway.last_answer = time.monotonic()

    def _await(self, connection: http.client.HTTPConnection, deadline: float, generation: int) -> None:
        """Wait until the backend has something to send; raise :class:`_ClientGone` when the client
        closes its connection first (its query is stopped then), TimeoutError at the deadline."""
        import select

        backend = connection.sock
        while True:
            wait = _left(deadline)
            ready, _, _ = select.select([backend, self.connection], [], [], min(wait, 0.5) if wait is not None else 0.5)
            if backend in ready:
                return
            if self.connection in ready:
                try:
                    if not self.connection.recv(1, socket.MSG_PEEK):
                        raise _ClientGone
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    raise _ClientGone from None
                time.sleep(0.05)  # the client sent more (pipelining): not our concern, keep waiting
            if wait is not None and time.monotonic() >= deadline:
                raise TimeoutError

    def _text(self, status: int, message: str) -> None:
        data = (message + "\n").encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except OSError:
            pass


class _ClientGone(Exception):
    """The client closed its connection while its query ran."""


class _Refusal(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise _Refusal(400, "the request body is not UTF-8") from None


def _left(deadline: float) -> float | None:
    if deadline == float("inf"):
        return None
    return max(0.01, deadline - time.monotonic())


# -- the watchdog ------------------------------------------------------------------------------

_WATCHDOG = r"""
import os, shutil, signal, sys
for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(sig, signal.SIG_IGN)
pids = []
for line in sys.stdin:
    if line.strip().isdigit():
        pids.append(int(line))
for pid in pids:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            mine = fh.read().split(b"\0")[1:2] == [b"serve-" + b"read-only"]
    except OSError:
        mine = False
    if mine:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
if len(sys.argv) > 1:
    shutil.rmtree(sys.argv[1], ignore_errors=True)
"""


class Watchdog:
    """A small process that cleans up after this one however it ends, SIGKILL included: when its
    standard input closes (this process is gone, or :meth:`close` was called), it kills every
    backend it was told of and removes ``folder`` (a temporary store)."""

    def __init__(self, folder: Path | None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, *([str(folder)] if folder is not None else [])],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._pipe: IO[bytes] | None = self.process.stdin

    def tell(self, pid: int) -> None:
        if self._pipe is not None:
            try:
                self._pipe.write(f"{pid}\n".encode())
                self._pipe.flush()
            except OSError:  # pragma: no cover - the watchdog died
                pass

    def close(self) -> None:
        """Let the watchdog do its work now, and wait for it."""
        if self._pipe is not None:
            try:
                self._pipe.close()
            except OSError:  # pragma: no cover
                pass
            self._pipe = None
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.process.kill()
