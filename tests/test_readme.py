"""README.md runs as written, and shows what it prints.

Every fenced block of README.md is one test, run as a reader would run it:

- ``console``: each ``$ `` line is run by bash, in a fresh directory (``HOME`` too), with this
  environment's ``spinekg`` first on ``PATH`` and ``COLUMNS=100``. It must exit 0, and the lines
  shown under it are its output, exactly; a line ``...`` stands for any number of lines. A line
  ending in ``&``, and ``spinekg serve``, which runs until stopped, are started in the background:
  the lines shown under it are the first it prints, and the lines after it run while it serves
  (a ``--bind HOST:PORT`` it names must accept connections first); it is stopped with Ctrl-C
  (SIGINT) at the end of the block and must exit 0 then.
- ``pycon``: run by doctest, each ``>>>`` line's output checked (``...`` is doctest's ellipsis).
- ``python``: run as a script; when a ``text`` block follows it directly, that is what it prints.
- ``yaml`` (the claim "Add a claim" shows as it stands): the lines are in that claims file.
- ``sh``: the set-up commands, which ``.ci/run`` runs verbatim (and checks against README).

A block of another kind fails, so nothing in README goes untested.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import redirect_stdout
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BIN = Path(sys.executable).parent
_FENCE = re.compile(r"^( *)```[ \t]*([\w-]*)[^\n]*\n(.*?)^\1```[ \t]*$", re.S | re.M)
#: Commands that need the project checkout as their working directory (they read its curation files).
_IN_CHECKOUT = re.compile(r"^spinekg (build|validate)\b")
_BIND = re.compile(r"--bind[ =](\S+):(\d+)")


@dataclass(frozen=True)
class Block:
    lang: str
    body: str
    line: int  # of the opening fence, 1-based
    after: Block | None = None  # the block that follows directly (only blank lines between)

    @property
    def id(self) -> str:
        return f"{self.lang}-line-{self.line}"


def blocks() -> list[Block]:
    doc = README.read_text(encoding="utf-8")
    found = list(_FENCE.finditer(doc))
    out: list[Block] = []
    for i, m in enumerate(found):
        indent = len(m.group(1))
        body = "".join(line[indent:] + "\n" for line in m.group(3).splitlines())
        nxt = None
        if i + 1 < len(found) and not doc[m.end() : found[i + 1].start()].strip():
            n = found[i + 1]
            nxt = Block(n.group(2), "".join(line[len(n.group(1)) :] + "\n" for line in n.group(3).splitlines()), doc.count("\n", 0, n.start()) + 1)
        out.append(Block(m.group(2), body, doc.count("\n", 0, m.start()) + 1, nxt))
    return out


BLOCKS = blocks()


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` lines are ``expected``, where a line ``...`` is any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and matches(expected[1:], actual[1:])


def _commands(body: str) -> list[tuple[str, list[str]]]:
    """(command, the lines shown under it) of a console block."""
    out: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        else:
            assert out, f"output before any command: {line!r}"
            out[-1][1].append(line)
    return out


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPINEKG_ENDPOINT", "PYTEST", "COV_"))}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", HOME=str(home), COLUMNS="100", LC_ALL="C.UTF-8")
    env.pop("SPINEKG_DEBUG", None)
    return env


def _wait_for_port(host: str, port: int, proc: subprocess.Popen[str], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the background command exited with {proc.returncode}"
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"nothing listens on {host}:{port} after {timeout} s")


def _read_lines(proc: subprocess.Popen[str], n: int, timeout: float = 90) -> list[str]:
    """The first ``n`` lines a background command prints (stdout and stderr together), read by a
    thread so that a line in the pipe's buffer is never waited for."""
    import queue
    import threading

    assert proc.stdout is not None
    stream = proc.stdout
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    out: list[str] = []
    deadline = time.monotonic() + timeout
    while len(out) < n:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            break
        out.append(line)
    return out


def _as_in_a_terminal() -> None:
    """Ctrl-C (SIGINT) as a shell's foreground job gets it: a test worker may ignore SIGINT, and
    an ignored signal stays ignored in the programs it starts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_console(block: Block, where: Path) -> None:
    env = _env(where)
    background: list[tuple[str, subprocess.Popen[str]]] = []
    try:
        for command, shown in _commands(block.body):
            cmd = command.split("  #", 1)[0].strip() if "  #" in command else command
            if cmd.endswith("&") or cmd.startswith("spinekg serve"):
                cmd = cmd.removesuffix("&").strip()
                proc = subprocess.Popen(
                    ["bash", "-c", f"exec {cmd}"],
                    cwd=where,
                    env=env,
                    text=True,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    preexec_fn=_as_in_a_terminal,
                )
                background.append((command, proc))
                if shown:
                    got = _read_lines(proc, len(shown))
                    assert got == shown, f"README line {command!r} printed\n" + "\n".join(got)
                if bind := _BIND.search(cmd):
                    _wait_for_port(bind.group(1), int(bind.group(2)), proc)
                continue
            cwd = ROOT if _IN_CHECKOUT.match(cmd) else where
            done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, text=True, capture_output=True, timeout=300)
            out = (done.stdout + done.stderr).splitlines()
            assert done.returncode == 0, f"README line {command!r} exited {done.returncode}:\n{done.stdout}{done.stderr}"
            if shown:
                assert matches(shown, out), f"README line {command!r} printed\n" + "\n".join(out)
    finally:
        for command, proc in reversed(background):
            os.killpg(proc.pid, signal.SIGINT)
            try:
                code = proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                tree = subprocess.run(["ps", "-o", "pid,stat,wchan:20,cmd", "--forest", "-g", str(proc.pid)], capture_output=True, text=True).stdout
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                pytest.fail(f"README line {command!r} did not stop on Ctrl-C; its processes:\n{tree}")
            assert code in (0, -signal.SIGINT, 130), f"README line {command!r} exited {code} on Ctrl-C"


def run_pycon(block: Block, where: Path) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.body, {}, f"README.md line {block.line}", str(README), block.line)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE  # an exception is checked with its message
    runner = doctest.DocTestRunner(optionflags=flags)
    report = StringIO()
    runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()


def run_python(block: Block, where: Path) -> None:
    shown = block.after.body if block.after is not None and block.after.lang == "text" else None
    printed = StringIO()
    with redirect_stdout(printed):
        exec(compile(block.body, f"README.md line {block.line}", "exec"), {"__name__": "__readme__"})
    if shown is not None:
        assert matches(shown.splitlines(), printed.getvalue().splitlines()), printed.getvalue()


def check_yaml(block: Block) -> None:
    """The claim README shows is in its claims file as shown, whole (comments aside)."""
    shown = [re.sub(r"\s+#.*$", "", line).rstrip() for line in block.body.splitlines()]
    claim_id = shown[0].removeprefix("- id: ")
    document = claim_id.split("-")[0]
    lines = [line.rstrip() for line in (ROOT / "ontology" / "curation" / "claims" / f"{document}.yaml").read_text(encoding="utf-8").splitlines()]
    (start,) = [i for i, line in enumerate(lines) if line.strip() == shown[0]]
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (len(lines[end]) - len(lines[end].lstrip()) > indent or not lines[end].strip()):
        end += 1
    claim = [line[indent:] for line in lines[start:end]]
    while claim and not claim[-1]:
        claim.pop()
    assert claim == shown


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_readme_block(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    if block.lang == "console":
        run_console(block, tmp_path)
    elif block.lang == "pycon":
        run_pycon(block, tmp_path)
    elif block.lang == "python":
        run_python(block, tmp_path)
    elif block.lang == "text":
        assert any(b.after is not None and b.after.line == block.line and b.lang == "python" for b in BLOCKS), (
            "a text block shows the output of the python block above it"
        )
    elif block.lang == "yaml":
        check_yaml(block)
    elif block.lang == "sh":
        ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
        assert all(f"\n{line}\n" in ci for line in block.body.splitlines()), "a set-up command .ci/run does not run verbatim"
    else:
        pytest.fail(f"README line {block.line}: a ```{block.lang} block, which no test runs")


def test_every_block_is_found() -> None:
    """The fences are read right: as many blocks as fence pairs, each kind known."""
    fences = [line for line in README.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("```")]
    assert len(fences) == 2 * len(BLOCKS)
    assert {b.lang for b in BLOCKS} <= {"console", "pycon", "python", "text", "yaml", "sh"}
    assert shutil.which("bash")


def test_readme_uses_only_the_stable_api() -> None:
    """README says only the names in ``spinekg.__all__`` are stable; its Python uses no other."""
    import spinekg

    code = "\n".join(
        [b.body for b in BLOCKS if b.lang == "python"]
        + [line[4:] for b in BLOCKS if b.lang == "pycon" for line in b.body.splitlines() if line.startswith((">>> ", "... "))]
    )
    used = set(re.findall(r"\bspinekg\.(\w+)", code)) | set(re.findall(r"^\W*from spinekg\.(\w+)", code, re.M))
    assert used, "README's Python names no spinekg attribute"
    assert used <= set(spinekg.__all__), used - set(spinekg.__all__)
    assert "Only the names in `spinekg.__all__` are stable API" in README.read_text(encoding="utf-8")
