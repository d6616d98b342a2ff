"""A private OpenLink Virtuoso 7 for the tests: Debian's ``virtuoso-opensource`` package, run from a
copy of its ``virtuoso.ini`` in a temporary folder, on free loopback ports, stopped and removed after.

The package's postinst cannot start the service in a container (and its preseeded password is then
never set), so nothing here touches the system's instance: the database, its logs and its lock file
all live in the folder, the SQL port and the HTTP port listen on 127.0.0.1 only.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "virtuoso-opensource"
BINARY = "virtuoso-t"
ISQL = "isql-vt"
#: Where Debian's package puts the configuration (the second is the package's pristine copy).
INI_FILES = (Path("/etc/virtuoso-opensource-7/virtuoso.ini"), Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"))
#: The database folder the Debian ini names, replaced by the temporary folder.
DEBIAN_DB = "/var/lib/virtuoso-opensource-7/db/"
#: The dba password the tests set (with a "-", which an unquoted ``SET PASSWORD`` silently drops).
PASSWORD = "spinekg-test-pw"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:
    """In the child before it runs Virtuoso: be sent SIGTERM when the test process dies, however it
    dies (Linux's PR_SET_PDEATHSIG), so no server outlives a killed test run."""
    import ctypes
    import signal

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def find_binary() -> tuple[str, str]:
    """The server and the isql client; an AssertionError naming the apt package when missing."""
    server, isql = shutil.which(BINARY), shutil.which(ISQL)
    if server is None or isql is None:
        raise AssertionError(
            f"OpenLink Virtuoso is not installed ({BINARY if server is None else ISQL} not found): "
            f"the Virtuoso conformance tests need Debian's package: apt-get install -y {PACKAGE}"
        )
    return server, isql


def debian_ini() -> str:
    for path in INI_FILES:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise AssertionError(f"no virtuoso.ini at {' or '.join(map(str, INI_FILES))}: reinstall the package (apt-get install -y --reinstall {PACKAGE})")


def configure(ini: str, folder: Path, *, sql_port: int, http_port: int, settings: dict[str, dict[str, str]]) -> str:
    """The Debian ini with its database files in ``folder``, both ports on loopback, and
    ``settings`` (section -> key -> value) set, replacing a key where the ini has it."""
    wanted = {
        "Parameters": {"ServerPort": f"127.0.0.1:{sql_port}"},
        "HTTPServer": {"ServerPort": f"127.0.0.1:{http_port}"},
        "URIQA": {"DefaultHost": f"127.0.0.1:{http_port}"},
    }
    for section, values in settings.items():
        wanted.setdefault(section, {}).update(values)
    out: list[str] = []
    section = ""
    done: set[tuple[str, str]] = set()

    def close_section() -> None:
        for key, value in wanted.get(section, {}).items():
            if (section, key) not in done:
                out.append(f"{key} = {value}")
                done.add((section, key))

    for line in ini.splitlines():
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            close_section()
            section = header.group(1).strip()
            out.append(line)
            continue
        key = line.split("=", 1)[0].strip() if "=" in line and not line.lstrip().startswith(";") else ""
        if key and key in wanted.get(section, {}):
            if (section, key) not in done:  # the Debian ini names some keys twice
                out.append(f"{key} = {wanted[section][key]}")
                done.add((section, key))
            continue
        out.append(line.replace(DEBIAN_DB, str(folder) + "/"))
    close_section()
    for section, values in wanted.items():
        missing = {k: v for k, v in values.items() if (section, k) not in done}
        if missing:
            out.append(f"[{section}]")
            out.extend(f"{k} = {v}" for k, v in missing.items())
    text = "\n".join(out) + "\n"
    assert "/var/lib/virtuoso-opensource-7/db" not in text, "a database path of the system's instance is left in the ini"
    return text


#: Small and fast: a few buffers (the graph is some 55,000 triples), the Debian ini otherwise.
SMALL = {
    "Parameters": {"NumberOfBuffers": "10000", "MaxDirtyBuffers": "6000", "MaxQueryMem": "200M", "ThreadsPerQuery": "2"},
}


@dataclass
class Virtuoso:
    """A running private Virtuoso: its base URL (``/sparql``, ``/sparql-auth``,
    ``/sparql-graph-crud-auth``), its folder and process."""

    folder: Path
    settings: dict[str, dict[str, str]] = field(default_factory=dict)
    http_port: int = 0
    sql_port: int = 0
    process: subprocess.Popen[bytes] | None = None
    started_in: float = 0.0
    user: str = "dba"
    password: str = PASSWORD

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def start(self, timeout: float = 60.0) -> Virtuoso:
        server, isql = find_binary()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.sql_port, self.http_port = _free_port(), _free_port()
        settings = {s: dict(v) for s, v in SMALL.items()}
        for section, values in self.settings.items():
            settings.setdefault(section, {}).update(values)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(configure(debian_ini(), self.folder, sql_port=self.sql_port, http_port=self.http_port, settings=settings), encoding="utf-8")
        began = time.monotonic()
        log = (self.folder / "stdout.log").open("wb")
        self.process = subprocess.Popen(
            [server, "+foreground", "+configfile", str(ini)], cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
        )
        log.close()
        try:
            self._wait(timeout)
            self._set_password(isql)
        except BaseException:
            self.stop()
            raise
        self.started_in = time.monotonic() - began
        return self

    def _wait(self, timeout: float) -> None:
        """Until the SPARQL endpoint answers (the HTTP port opens before the server is ready)."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        probe = self.url + "/sparql?query=ASK%7B%7D"
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxy reaches the loopback
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"Virtuoso exited at start (code {self.process.returncode}):\n{self.log_tail()}")
            try:
                with direct.open(probe, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"Virtuoso did not answer at {probe} within {timeout:g} s:\n{self.log_tail()}")
            time.sleep(0.1)

    def isql(self, statements: str, *, password: str | None = None) -> str:
        """Run SQL statements through isql as dba; their output (AssertionError on any error)."""
        _, isql = find_binary()
        done = subprocess.run(
            [isql, f"127.0.0.1:{self.sql_port}", self.user, password or self.password, f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise AssertionError(f"isql failed ({done.returncode}) on {statements!r}:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def _set_password(self, isql: str) -> None:
        # quoted: unquoted, a password holding "-" is read as an expression and silently not set;
        # the checkpoint makes it outlive a restart (SET PASSWORD is not in the transaction log)
        self.isql(f'SET PASSWORD "dba" "{self.password}"; checkpoint;', password="dba")
        self.isql("SELECT 1;")  # the new password works

    def log_tail(self, lines: int = 30) -> str:
        path = self.folder / "stdout.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else "(no log)"

    def stop(self) -> None:
        """Stop the server (SIGTERM: a quick shutdown, about 2 s; SIGKILL after 30 s) and remove its folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)
