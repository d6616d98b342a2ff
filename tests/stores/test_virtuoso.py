"""The query modules on a real OpenLink Virtuoso 7 (Debian's package, started by the test suite)."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from stores.virtuoso import Virtuoso, find_binary


def _listening(port: int) -> set[str]:
    """The local addresses of the TCP sockets listening on ``port`` (IPv4 and IPv6, from /proc)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hexport = local.partition(":")
            if state == "0A" and int(hexport, 16) == port:
                found.add(address)
    return found


def test_virtuoso_starts_on_loopback_with_the_password_set(virtuoso: Virtuoso) -> None:
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with direct.open(virtuoso.url + "/sparql?query=ASK%7B%7D", timeout=10) as answer:
        assert answer.status == 200 and "Virtuoso" in answer.headers["Server"]
    assert virtuoso.started_in < 60
    # both ports on 127.0.0.1 only
    assert _listening(virtuoso.http_port) == {"0100007F"} and _listening(virtuoso.sql_port) == {"0100007F"}
    # the default password no longer works: the quoted SET PASSWORD took
    with pytest.raises(AssertionError, match="Bad login"):
        virtuoso.isql("SELECT 1;", password="dba")


def test_a_missing_virtuoso_fails_naming_the_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(AssertionError, match="apt-get install -y virtuoso-opensource"):
        find_binary()
