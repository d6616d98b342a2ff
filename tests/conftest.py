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


# -- SPARQL servers (tests/serve/, tests/engines/test_remote.py) ----------------------


def free_port() -> int:
    """A TCP port nothing listens on at the moment (on the loopback interface)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, process: object, timeout: float = 20.0) -> None:
    """Return once something accepts connections on ``port``; fail if ``process`` exits first."""
    import socket
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server exited with code {process.returncode}"  # type: ignore[attr-defined]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.02)
    raise AssertionError(f"nothing listens on port {port} after {timeout} s")


@pytest.fixture(scope="session")
def oxigraph_binary() -> Path:
    """The Oxigraph server; its absence fails every server test with the install hint."""
    from spinekg.serve.server import find_oxigraph

    return find_oxigraph()


@pytest.fixture(scope="session")
def store_server(oxigraph_binary: Path, tmp_path_factory: pytest.TempPathFactory):
    """A writable Oxigraph server (``oxigraph serve``) with the union default graph, empty at start.

    Yields its base URL (``/store`` takes the Graph Store Protocol, ``/query`` SPARQL).
    """
    import subprocess

    port = free_port()
    location = tmp_path_factory.mktemp("writable-store")
    process = subprocess.Popen(
        [str(oxigraph_binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def published(store_server: str) -> list:
    """The built graph, published into the writable server through the Graph Store Protocol."""
    from spinekg.serve.publish import publish

    return publish(store_server + "/store")


@pytest.fixture(scope="session")
def served():
    """``spinekg serve`` in a subprocess, as a user runs it (default host, any free port).

    Yields ``(query_url, process)``; stopped with Ctrl-C (SIGINT) at the end, which must exit 0.
    """
    import signal
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "spinekg", "serve", "--bind", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stdout.readline()  # type: ignore[union-attr]
        assert first.startswith("SPARQL endpoint (read-only): "), first + process.stderr.read()  # type: ignore[union-attr]
        yield first.split(": ", 1)[1].strip(), process
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    assert "stopped" in out
