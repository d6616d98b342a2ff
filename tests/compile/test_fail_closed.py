"""The build fails closed: whatever a curator's editor or disk does to the files, every problem is
listed with file and line, nothing is lost silently, and the built files change all together or not
at all. The faults are real: emptied files, bad bytes, a full tmpfs, a directory in a file's place."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from spinekg.compile import OUTPUTS, build
from spinekg.errors import BuildWriteError, CurationError

D004 = Path("ontology/curation/claims/D004.yaml")
DRUGS = Path("ontology/curation/terms/drugs.yaml")


def _snapshot(project: Path) -> dict[Path, bytes]:
    return {rel: (project / rel).read_bytes() for rel in OUTPUTS}


def _problems(project: Path) -> list[tuple[str, int, str]]:
    before = _snapshot(project)
    with pytest.raises(CurationError) as err:
        build(project)
    assert _snapshot(project) == before, "a failed build touched the released files"
    return [(p.file, p.line, p.message) for p in err.value.problems]


@pytest.mark.parametrize("content", ["", "# D004's claims, all gone\n#\n", "\n\n   \n"])
def test_an_emptied_claims_file_fails_instead_of_dropping_its_claims(project: Path, content: str) -> None:
    (project / D004).write_text(content, encoding="utf-8")
    problems = _problems(project)
    assert [(f, line) for f, line, _ in problems] == [(str(D004), 1)]
    assert "empty or holds only comments" in problems[0][2]


def test_a_claims_file_with_an_empty_list_fails(project: Path) -> None:
    (project / D004).write_text("document: D004\nclaims: []\n", encoding="utf-8")
    assert [(f, line, "empty" in m) for f, line, m in _problems(project)] == [(str(D004), 2, True)]


def test_an_emptied_terms_file_fails_instead_of_leaving_dangling_references(project: Path) -> None:
    (project / DRUGS).write_text("# nothing here now\n", encoding="utf-8")
    problems = _problems(project)
    assert (str(DRUGS), 1) in [(f, line) for f, line, _ in problems]
    assert any("empty or holds only comments" in m for f, _, m in problems if f == str(DRUGS))


def test_a_document_without_a_claims_file_fails(project: Path) -> None:
    (project / D004).unlink()
    problems = _problems(project)
    assert len(problems) == 1 and problems[0][0] == "ontology/sources/documents.yaml"
    assert "D004: no claims file ontology/curation/claims/D004.yaml" in problems[0][2]


def test_an_unknown_key_in_a_claims_file_fails_with_its_line_and_a_hint(project: Path) -> None:
    path = project / D004
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("document: D004\n", "document: D004\nclams: []\n", 1), encoding="utf-8")
    problems = _problems(project)
    line = text.splitlines().index("document: D004") + 2
    assert problems == [(str(D004), line, "unknown key 'clams' in a claims file (it takes document, claims); did you mean 'claims'?")]


@pytest.mark.parametrize("rel", [D004, DRUGS])
def test_a_byte_that_is_not_utf8_is_reported_with_line_and_column(project: Path, rel: Path) -> None:
    path = project / rel
    lines = path.read_bytes().split(b"\n")
    lines[6] = lines[6][:3] + b"\xff" + lines[6][3:]
    path.write_bytes(b"\n".join(lines))
    problems = [p for p in _problems(project) if p[0] == str(rel)]
    assert problems == [(str(rel), 7, "not UTF-8 text: byte 0xff at line 7, column 4 (invalid start byte)")]


def test_a_changed_source_text_is_named_and_a_bad_byte_in_it_located(project: Path) -> None:
    text = project / "ontology/sources/002_e71b4cd886836f40.txt"
    data = text.read_bytes()
    text.write_bytes(data[:10] + b"\xfe" + data[10:])
    messages = [m for _, _, m in _problems(project)]
    assert any("document D002: ontology/sources/002_e71b4cd886836f40.txt has changed" in m for m in messages)
    assert any("document D002: not UTF-8 text: byte 0xfe at line 1, column 11" in m for m in messages)


def test_a_megabyte_quote_that_is_not_in_the_text_is_reported_quickly_and_briefly(project: Path) -> None:
    path = project / D004
    text = path.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.strip().startswith("quote:"))
    huge = "back pain eased by walking " * 40_000  # 1 MB, nowhere in the text
    path.write_text(text.replace(first, f"    quote: {huge}", 1), encoding="utf-8")
    start = time.monotonic()
    problems = _problems(project)
    assert time.monotonic() - start < 2 + 10  # the build itself takes a few seconds; the search adds little
    (message,) = [m for _, _, m in problems]
    assert "quote not found in D004" in message and "(1,079,999 characters)" in message  # its last space is stripped
    assert len(message) < 800


def test_a_quote_search_does_not_grow_with_the_quote(project: Path) -> None:
    from spinekg.curation.sources import SourceText

    source = SourceText("D003", (project / "ontology/sources/003_87f77cd30d4d92e2.txt").read_text(encoding="utf-8"))
    start = time.monotonic()
    source.closest("x y z " * 200_000)
    assert time.monotonic() - start < 2


# -- the write phase: all or nothing -------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real tmpfs with room for the project's sources but not for a second copy of its outputs."""
    mount = tmp_path / "disk"
    mount.mkdir()
    from conftest import ROOT

    size = sum(f.stat().st_size for f in (ROOT / "ontology").rglob("*") if f.is_file())
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size + 2_000_000}", "tmpfs", str(mount)], capture_output=True, text=True)
    assert done.returncode == 0, f"the test needs to mount a small tmpfs (run as root): {done.stderr}"
    try:
        shutil.copytree(ROOT / "ontology", mount / "ontology")
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_leaves_the_old_files_and_no_temporary_file(small_disk: Path) -> None:
    listing = sorted(p.name for p in (small_disk / "ontology").iterdir())
    (small_disk / "ontology/spinekg.owl").write_bytes(b"<!-- an older build -->\n")  # so the build has work to do
    before = _snapshot(small_disk)
    with pytest.raises(BuildWriteError, match="No space left on device; the built files are unchanged") as err:
        build(small_disk)
    assert isinstance(err.value, OSError)
    assert _snapshot(small_disk) == before
    assert sorted(p.name for p in (small_disk / "ontology").iterdir()) == listing


def test_a_failure_on_the_last_file_puts_the_first_three_back(project: Path) -> None:
    (project / "ontology/spinekg.owl").write_bytes(b"<!-- an older build -->\n")
    before = {rel: (project / rel).read_bytes() for rel in OUTPUTS[:-1]}
    last = project / OUTPUTS[-1]
    last.unlink()
    last.mkdir()  # a directory where the last file should be
    (last / "keep").write_text("x")
    with pytest.raises(BuildWriteError, match=f"cannot write {last}"):
        build(project)
    assert {rel: (project / rel).read_bytes() for rel in OUTPUTS[:-1]} == before
    assert not [p for p in (project / "ontology").iterdir() if p.name.startswith(".")]


def test_the_cli_reports_a_write_failure_without_a_traceback(project: Path) -> None:
    (project / "ontology/spinekg.owl").write_bytes(b"<!-- an older build -->\n")
    last = project / OUTPUTS[-1]
    last.unlink()
    last.mkdir()
    done = subprocess.run([sys.executable, "-m", "spinekg", "build", "--root", str(project)], capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert f"error: cannot write {last}: it is a directory; the built files are unchanged" in done.stderr
    assert "Traceback" not in done.stderr
    assert (project / "ontology/spinekg.owl").read_bytes() == b"<!-- an older build -->\n"


def test_a_build_keeps_the_mode_of_the_files_it_replaces(project: Path) -> None:
    for rel in OUTPUTS:
        (project / rel).chmod(0o644)
    (project / "ontology/spinekg.owl").write_bytes(b"<!-- an older build -->\n")
    build(project)
    assert {(project / rel).stat().st_mode & 0o777 for rel in OUTPUTS} == {0o644}


def test_a_fifo_or_a_device_where_a_curation_file_should_be_is_a_problem_not_a_hang(project: Path) -> None:
    terms = project / DRUGS
    terms.unlink()
    os.mkfifo(terms)
    text = project / "ontology/sources/000_442b502e28cd03de.txt"
    text.unlink()
    text.symlink_to("/dev/zero")
    start = time.monotonic()
    problems = _problems(project)
    assert time.monotonic() - start < 60
    assert (str(DRUGS), 0, "cannot read the file (not a regular file)") in problems
    assert any("cannot read 000_442b502e28cd03de.txt (not a regular file)" in m for _, _, m in problems)


def test_a_fifo_where_a_built_file_should_be_is_refused_and_nothing_is_left(project: Path) -> None:
    (project / "ontology/spinekg.owl").write_bytes(b"<!-- an older build -->\n")
    fifo = project / OUTPUTS[1]
    fifo.unlink()
    os.mkfifo(fifo)
    with pytest.raises(BuildWriteError, match="not a regular file"):
        build(project)
    assert (project / "ontology/spinekg.owl").read_bytes() == b"<!-- an older build -->\n"
    assert not [p for p in (project / "ontology").iterdir() if p.name.startswith(".")]
