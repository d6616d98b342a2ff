"""`spinekg serve` under attack: every way a query reaches it is guarded, a query past the time
limit stops using CPU while other clients go on being answered, and a killed server leaves nothing
behind. The attacks are real: a listener on the loopback interface records any request the server
makes, queries that would run for hours, SIGKILL."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from engines.test_cache import peak_kib
from engines.test_guard import ENDLESS_COUNT, Listener

import spinekg
from spinekg.engines.remote import http_request
from spinekg.errors import EndpointError
from spinekg.serve.server import Server, serve

RED_FLAGS = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/spinekg/Claim> }"


@pytest.fixture(scope="module")
def guarded() -> Iterator[Server]:
    with serve(bind="127.0.0.1:0", query_timeout=2) as server:
        yield server


@pytest.fixture
def listener() -> Iterator[Listener]:
    ear = Listener()
    yield ear
    ear.sock.close()


def _send(url: str, how: str, query: str, extra: dict[str, str] | None = None) -> tuple[int, str]:
    """One query sent the way ``how`` names; the HTTP status and the body's start."""
    params = {"query": query, **(extra or {})}
    try:
        if how == "GET":
            _, body = http_request(url + "?" + urllib.parse.urlencode(params), method="GET")
        elif how == "form":  # what a web page can send without asking (a CORS simple request)
            _, body = http_request(
                url, method="POST", body=urllib.parse.urlencode(params).encode(), headers={"Content-Type": "application/x-www-form-urlencoded"}
            )
        else:
            rest = urllib.parse.urlencode(extra or {})
            _, body = http_request(url + ("?" + rest if rest else ""), method="POST", body=query.encode(), headers={"Content-Type": "application/sparql-query"})
    except EndpointError as err:
        return err.status or 0, str(err)
    return 200, body.decode("utf-8", "replace")


@pytest.mark.parametrize("how", ["GET", "form", "direct"])
def test_service_never_leaves_the_server_however_the_query_arrives(guarded: Server, listener: Listener, how: str) -> None:
    for query in (
        f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{listener.url}/x.ttl> WHERE {{ ?s ?p ?o }}",
    ):
        status, body = _send(guarded.query_url, how, query)
        assert status == 400 and "is refused" in body, body
    status, body = _send(guarded.query_url, how, RED_FLAGS, {"default-graph-uri": f"{listener.url}/g"})
    assert status == 400 and "default-graph-uri" in body
    time.sleep(0.2)
    assert listener.requests == []
    status, body = _send(guarded.query_url, how, RED_FLAGS)
    assert status == 200 and '"n"' in body  # the same route answers a plain query


def test_the_oxigraph_server_behind_the_guard_would_have_made_the_request(guarded: Server, listener: Listener) -> None:
    """The control: sent to the Oxigraph server directly, the same query does reach the listener."""
    backend = f"http://127.0.0.1:{guarded.gateway.backend_port}/query"
    _send(backend, "form", f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}")
    time.sleep(0.2)
    assert len(listener.requests) == 1 and listener.requests[0].startswith(b"POST /sparql")


@pytest.mark.parametrize("how", ["GET", "form", "direct"])
def test_updates_are_refused_however_they_arrive(guarded: Server, how: str) -> None:
    update = "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }"
    assert _send(guarded.query_url, how, update)[0] == 400
    status, _ = _send(guarded.query_url, "form", RED_FLAGS, {"update": update})
    assert status == 403
    assert _send(guarded.url + "/update", "form", update)[0] == 403


def test_a_query_past_the_limit_stops_using_cpu_and_others_are_answered_meanwhile(guarded: Server) -> None:
    backend = guarded.process.pid
    outcome: dict[str, object] = {}

    def slow() -> None:
        start = time.monotonic()
        outcome["status"], outcome["body"] = _send(guarded.query_url, "direct", ENDLESS_COUNT)
        outcome["took"] = time.monotonic() - start

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)
    start = time.monotonic()
    answered = spinekg.connect(guarded.query_url).sparql(RED_FLAGS).rows[0].n
    assert answered > 1000 and time.monotonic() - start < 1  # not held up by the slow query
    thread.join(timeout=10)
    assert outcome["status"] == 503 and "ran past the time limit of 2 s" in str(outcome["body"])
    assert outcome["took"] < 2 + 1
    deadline = time.monotonic() + 2
    while Path(f"/proc/{backend}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{backend}").exists(), "the process running the slow query is gone"
    assert spinekg.connect(guarded.query_url).sparql(RED_FLAGS).rows[0].n == answered


def test_a_backend_killed_from_outside_is_replaced(guarded: Server) -> None:
    os.kill(guarded.process.pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        status, body = _send(guarded.query_url, "GET", RED_FLAGS)
        if status == 200:
            break
        time.sleep(0.1)
    assert status == 200, body


def _children(pid: int) -> list[int]:
    return [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]


def _cmdline(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")


def test_sigkill_of_spinekg_serve_leaves_no_process_and_no_store() -> None:
    process = subprocess.Popen([sys.executable, "-m", "spinekg", "serve", "--bind", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline().startswith("SPARQL endpoint (read-only): ")
        (backend,) = [c for c in _children(process.pid) if _cmdline(c)[1:2] == ["serve-read-only"]]
        command = _cmdline(backend)
        store = Path(command[command.index("--location") + 1])
        assert store.is_dir()
        process.kill()
        process.wait(timeout=10)
        deadline = time.monotonic() + 5
        while (Path(f"/proc/{backend}").exists() or store.parent.exists()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(f"/proc/{backend}").exists(), "the Oxigraph server died with spinekg serve"
        assert not store.parent.exists(), "the temporary store is removed"
    finally:
        process.kill()
        process.communicate(timeout=10)


def test_a_client_that_gives_up_stops_its_query_on_the_server(tmp_path: Path) -> None:
    """`--endpoint` and `connect()` keep their time limit, and the server stops the work with them."""
    with serve(bind="127.0.0.1:0", query_timeout=60) as server:
        backend = server.process.pid
        kg = spinekg.connect(server.query_url)
        start = time.monotonic()
        with pytest.raises(spinekg.SpineKGError, match=r"time limit of 1\.5 s"):
            kg.sparql(ENDLESS_COUNT, timeout=1.5)
        assert time.monotonic() - start < 1.5 + 1
        deadline = time.monotonic() + 2
        while Path(f"/proc/{backend}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(f"/proc/{backend}").exists(), "the server stopped the query its client gave up"
        # the server restarts its backend after the kill; the next query may wait for that, not fail
        assert kg.sparql(RED_FLAGS, timeout=60).rows[0].n > 1000


def test_the_cli_with_endpoint_stops_at_its_time_limit(guarded: Server, tmp_path: Path) -> None:
    query = tmp_path / "long.rq"
    query.write_text(ENDLESS_COUNT, encoding="utf-8")
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "spinekg", "sparql", "--timeout", "1", "--endpoint", guarded.query_url, str(query)], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 1 and "time limit of 1 s" in done.stderr and "Traceback" not in done.stderr
    assert time.monotonic() - start < 1 + 1.5


@pytest.mark.parametrize("shape", ["{", "(", "["])
def test_deep_nesting_is_refused_before_it_can_crash_the_server(shape: str) -> None:
    # a server of its own: the shared one may be restarting after another test's slow query
    with serve(bind="127.0.0.1:0", query_timeout=2) as own:
        backend = own.process.pid
        close = {"{": "}", "(": ")", "[": "]"}[shape]
        query = "SELECT * WHERE { ?s ?p ?o FILTER(" + shape * 10_000 + "1" + close * 10_000 + ") }"
        status, body = _send(own.query_url, "direct", query)
        assert status == 400 and "nests" in body
        assert own.process.pid == backend and own.process.poll() is None


@pytest.mark.parametrize(
    "template", ["SELECT * WHERE {{ SERVICESILENT<{url}/s> {{ ?s ?p ?o }} }}", "PREFIX : <{url}/> SELECT * WHERE {{ SERVICE:s {{ ?s ?p ?o }} }}"]
)
@pytest.mark.parametrize("how", ["GET", "form", "direct"])
def test_glued_service_never_leaves_the_server(guarded: Server, listener: Listener, template: str, how: str) -> None:
    status, body = _send(guarded.query_url, how, template.format(url=listener.url))
    assert status == 400 and "holds the keyword SERVICE" in body
    time.sleep(0.2)
    assert listener.requests == []


class _Dripper:
    """A local 'endpoint' that answers 200 and then sends its body a byte at a time, or without end."""

    def __init__(self, mode: str) -> None:
        import socket as sockets

        self.sock = sockets.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/query"
        self.mode = mode
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        end = time.monotonic() + 20
        try:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n")
            block = b" " * (1 << 20)
            while not self.stop.is_set() and time.monotonic() < end:
                if self.mode == "drip":
                    conn.sendall(b" ")
                    time.sleep(0.3)
                else:
                    conn.sendall(block)
        except OSError:
            pass
        finally:
            conn.close()


@pytest.mark.parametrize("mode", ["drip", "flood"])
def test_endpoint_queries_keep_their_time_limit_and_bounded_memory_against_a_hostile_server(tmp_path: Path, mode: str) -> None:
    server = _Dripper(mode)
    query = tmp_path / "q.rq"
    query.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1", encoding="utf-8")
    try:
        start = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "spinekg", "sparql", "--timeout", "2", "--endpoint", server.url, str(query)], capture_output=True, text=True, timeout=60
        )
        took = time.monotonic() - start
        peak = peak_kib(None, "sparql", "--timeout", "2", "--endpoint", server.url, str(query))
    finally:
        server.stop.set()
        server.sock.close()
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert took < 2 + 1.5
    assert peak < 1024 * 1024  # KiB: under 1 GB


@pytest.mark.parametrize("how", ["GET", "form", "direct"])
def test_texts_read_two_ways_never_leave_the_server(guarded: Server, listener: Listener, how: str) -> None:
    for query in (
        f"SELECT * WHERE {{ BIND(1 <'> ' AS ?c) SERVICE <{listener.url}/x> {{ ?s ?p ?o }} # '\n}}",
        f"SELECT * WHERE {{ BIND('abc\\u005C' AS ?c) SERVICE <{listener.url}/esc> {{ ?s ?p ?o }} # '\n}}",
    ):
        status, _ = _send(guarded.query_url, how, query)
        assert status == 400
    time.sleep(0.2)
    assert listener.requests == []


def test_an_endpoint_answer_nested_without_end_is_an_endpoint_error() -> None:
    import http.server

    class Deep(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            body = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": ' + b"[" * 200_000
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Deep)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(EndpointError, match="nested too deeply"):
            spinekg.connect(f"http://127.0.0.1:{server.server_address[1]}/query")
    finally:
        server.shutdown()
        server.server_close()
