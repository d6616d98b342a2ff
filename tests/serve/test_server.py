"""`spinekg serve`: a real, read-only Oxigraph server on the loopback interface, its store, its
failures, and the command that runs it until Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import spinekg
from spinekg.cli import cli
from spinekg.engines.remote import RemoteEngine, http_request
from spinekg.errors import EndpointError, ServerError
from spinekg.serve.server import DEFAULT_BIND, MARKER, find_oxigraph, serve, start, stop

COUNT_CLAIMS = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/spinekg/Claim> }"
INSERT = "INSERT DATA { GRAPH <https://w3id.org/spinekg/graph/asserted> { <https://example.org/x> a <https://w3id.org/spinekg/Claim> } }"


def _listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on ``port`` (Linux: /proc/net/tcp and tcp6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                if width == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                else:
                    words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
                    found.add(socket.inet_ntop(socket.AF_INET6, words))
    return found


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/")[0])


def test_serve_listens_on_loopback_only_by_default(served: tuple[str, Any]) -> None:
    assert DEFAULT_BIND == "127.0.0.1:7878"
    assert served[0].startswith("http://127.0.0.1:") and served[0].endswith("/query")
    assert _listening_addresses(_port(served[0])) == {"127.0.0.1"}


def test_default_graph_is_the_union_of_the_named_graphs(served: tuple[str, Any], kg: spinekg.KnowledgeGraph) -> None:
    remote = RemoteEngine(served[0])
    per_graph = dict(remote.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows)
    assert per_graph == dict(kg.engine.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows)
    assert set(per_graph) == {"https://w3id.org/spinekg/graph/ontology", "https://w3id.org/spinekg/graph/asserted", "https://w3id.org/spinekg/graph/inferred"}
    # The default graph shows every triple of every named graph, as the embedded engine's does.
    everything = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert remote.select(everything).rows == kg.engine.select(everything).rows
    assert remote.select(everything).rows[0][0] == sum(per_graph.values())


def test_read_only_server_refuses_updates(served: tuple[str, Any]) -> None:
    base = served[0].removesuffix("/query")
    before = RemoteEngine(served[0]).select(COUNT_CLAIMS).rows
    with pytest.raises(EndpointError) as info:
        http_request(base + "/update", method="POST", body=INSERT.encode(), headers={"Content-Type": "application/sparql-update"})
    assert info.value.status == 403 and "read-only" in str(info.value)
    with pytest.raises(EndpointError) as info:  # the Graph Store Protocol too
        http_request(
            base + "/store?graph=https://example.org/g",
            method="PUT",
            headers={"Content-Type": "application/n-triples"},
            body=b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .",
        )
    assert info.value.status == 403
    assert RemoteEngine(served[0]).select(COUNT_CLAIMS).rows == before


def test_context_manager_serves_and_removes_its_temporary_store(kg: spinekg.KnowledgeGraph) -> None:
    with serve(bind="127.0.0.1:0") as server:
        assert server.temporary and (server.location / MARKER).is_file()
        remote = spinekg.connect(server.query_url).run("red-flags")
        assert sorted(map(repr, remote)) == sorted(map(repr, kg.run("red-flags"))) and remote
        location = server.location
    assert server.process.returncode is not None and server.watchdog.process.returncode is not None
    assert not location.exists()
    stop(server)  # twice is harmless


def test_location_is_kept_and_reused_while_the_graph_is_unchanged(tmp_path: Path) -> None:
    location = tmp_path / "store"
    with serve(bind="127.0.0.1:0", location=location) as server:
        assert not server.temporary
    marker = location / MARKER
    first = marker.stat().st_mtime_ns
    with serve(bind="127.0.0.1:0", location=location) as server:
        (n,) = RemoteEngine(server.query_url).select(COUNT_CLAIMS).rows
        assert n[0] > 300
    assert location.is_dir() and marker.stat().st_mtime_ns == first  # not loaded again


def test_a_folder_with_other_files_is_not_used(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("precious", encoding="utf-8")
    with pytest.raises(ServerError, match=r"holds other files \(thesis.tex\); give --location a new or empty folder"):
        start(bind="127.0.0.1:0", location=tmp_path)
    assert (tmp_path / "thesis.tex").read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.tex"]


def test_a_taken_port_is_reported(served: tuple[str, Any]) -> None:
    port = _port(served[0])
    with pytest.raises(ServerError, match=f"cannot listen on 127.0.0.1:{port}: Address already in use"):
        start(bind=f"127.0.0.1:{port}")


def test_missing_binary_names_the_extra_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ServerError, match=r"install it with: pip install 'spinekg\[server\]'"):
        find_oxigraph()
    result = CliRunner().invoke(cli, ["serve", "--bind", "127.0.0.1:0"])
    assert result.exit_code == 1 and "spinekg[server]" in result.output


def test_binary_is_found_beside_the_interpreter() -> None:
    assert find_oxigraph().parent == Path(sys.executable).parent


@pytest.mark.parametrize("bind", ["nonsense", "127.0.0.1:99999", "127.0.0.1:"])
def test_bad_bind_is_a_usage_error(bind: str) -> None:
    result = CliRunner().invoke(cli, ["serve", "--bind", bind])
    assert result.exit_code == 2 and "HOST:PORT" in result.output


def _spinekg_serve(location: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "spinekg", "serve", "--bind", "0", "--location", str(location)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline().startswith("SPARQL endpoint (read-only): http://127.0.0.1:")
    return process


def _backend(process: subprocess.Popen[str]) -> int:
    """The Oxigraph server behind ``spinekg serve`` (its other child is the watchdog)."""
    # every thread's children: a restarted server is the child of the thread that started it
    children = [c for task in Path(f"/proc/{process.pid}/task").iterdir() for c in (task / "children").read_text().split()]
    (backend,) = [int(c) for c in children if Path(f"/proc/{c}/cmdline").read_bytes().split(b"\0")[1:2] == [b"serve-read-only"]]
    return backend


def test_serve_command_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    process = _spinekg_serve(tmp_path)
    child = _backend(process)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=15)
    assert process.returncode == 0 and "stopped" in out, err
    assert not Path(f"/proc/{child}").exists()  # the Oxigraph server went with it
    assert (tmp_path / MARKER).is_file()  # and the store given by --location stays


def test_serve_command_fails_when_the_server_keeps_dying(tmp_path: Path) -> None:
    process = _spinekg_serve(tmp_path)
    killed = 0
    deadline = time.monotonic() + 20
    while process.poll() is None and time.monotonic() < deadline:
        try:
            os.kill(_backend(process), signal.SIGKILL)  # once is healed (a new server); again and again is not
            killed += 1
        except (ValueError, OSError):
            pass
        time.sleep(0.3)
    _, err = process.communicate(timeout=15)
    assert process.returncode == 1 and killed >= 4
    assert "error: the endpoint stopped: the Oxigraph server stopped by itself 4 times within 30 s" in err


def _tgkill(pid: int, tid: int, sig: int) -> None:
    """Send ``sig`` to one thread of another process (Linux tgkill), as the kernel does when it
    picks that thread for a signal sent to the process."""
    import ctypes
    import platform

    number = {"x86_64": 234, "aarch64": 131}[platform.machine()]
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.syscall(number, pid, tid, sig) == 0, os.strerror(ctypes.get_errno())


def test_ctrl_c_stops_the_serve_command_whichever_thread_takes_it(tmp_path: Path) -> None:
    """Ctrl-C is sent to the process, and the kernel hands it to any one of its threads. Taken by a
    gateway thread, it used to wait for the main thread, which slept in a wait without timeout:
    `spinekg serve` went on serving (README's example caught it). Each thread gets it here."""
    process = _spinekg_serve(tmp_path)
    threads = sorted(int(t.name) for t in Path(f"/proc/{process.pid}/task").iterdir())
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=15)
    assert len(threads) >= 3  # the main thread, the gateway's server and its supervisor at least
    for index in range(len(threads)):
        process = _spinekg_serve(tmp_path)
        tids = sorted(int(t.name) for t in Path(f"/proc/{process.pid}/task").iterdir())
        target = tids[min(index, len(tids) - 1)]
        _tgkill(process.pid, target, signal.SIGINT)
        try:
            out, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            pytest.fail(f"Ctrl-C taken by thread {index} ({target}) did not stop spinekg serve")
        assert process.returncode == 0 and "stopped" in out, err
