"""No traceback reaches a user of the CLI, and API misuse raises spinekg's own errors (which are
also the matching built-in exceptions). Each case is what a user can really type or call."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import spinekg
from spinekg.cli import VALIDATE_NEEDS, cli
from spinekg.errors import ArgumentError, ParameterError, SpineKGError


def _run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spinekg", *args], capture_output=True, text=True, cwd=cwd, input=stdin, timeout=120)


@pytest.mark.parametrize("output", ["missing/dir/kg.json", "adir"])
def test_an_export_that_cannot_be_written_names_the_path(tmp_path: Path, output: str) -> None:
    (tmp_path / "adir").mkdir()
    done = _run("export", "--term", "naproxen", "--format", "node-link", "-o", output, cwd=tmp_path)
    assert done.returncode == 1 and f"error: cannot write {output}" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_failed_export_leaves_the_earlier_file_whole(tmp_path: Path) -> None:
    """A real full disk: a tmpfs with room for the earlier, small export but not for the new one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True, text=True)
    assert done.returncode == 0, f"the test needs to mount a small tmpfs (run as root): {done.stderr}"
    try:
        earlier = _run("export", "--term", "Aleve", "--depth", "0", "-o", str(mount / "kg.json"))
        assert earlier.returncode == 0, earlier.stderr
        before = (mount / "kg.json").read_bytes()
        done = _run("export", "-o", str(mount / "kg.json"))  # the whole graph: megabytes
        assert done.returncode == 1 and "No space left on device" in done.stderr and "Traceback" not in done.stderr
        assert (mount / "kg.json").read_bytes() == before
        assert sorted(p.name for p in mount.iterdir()) == ["kg.json"]
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_an_export_to_dev_full_is_a_clean_error_and_dev_full_stays_a_device() -> None:
    done = _run("export", "--term", "naproxen", "--format", "dot", "-o", "/dev/full")
    assert done.returncode == 1 and "cannot write /dev/full: No space left on device" in done.stderr
    assert Path("/dev/full").is_char_device()


def test_mappings_output_that_cannot_be_written_names_the_path(tmp_path: Path) -> None:
    done = _run("mappings", "-o", str(tmp_path / "no" / "such" / "m.tsv"))
    assert done.returncode == 1 and "cannot write" in done.stderr and "Traceback" not in done.stderr


def test_validate_without_its_extra_says_which_extra_to_install(tmp_path: Path) -> None:
    """A real environment without the validate packages: this interpreter's site-packages, as a
    folder of links that leaves them out."""
    import site

    (packages,) = [Path(p) for p in site.getsitepackages() if Path(p, "spinekg").exists() or Path(p, "rdflib").exists()][:1]
    shadow = tmp_path / "site"
    shadow.mkdir()
    left_out = {n.lower() for n in VALIDATE_NEEDS}
    for entry in packages.iterdir():
        stem = entry.name.split("-")[0].split(".")[0].lower()
        if stem not in left_out and not entry.name.endswith(".pth"):
            (shadow / entry.name).symlink_to(entry)
    root = Path(spinekg.__file__).resolve().parents[1]
    code = (
        "import sys; sys.path[:] = [p for p in sys.path if 'site-packages' not in p] + [sys.argv[1], sys.argv[2]]; "
        "sys.argv = ['spinekg', 'validate']; from spinekg.cli import main; main()"
    )
    done = subprocess.run([sys.executable, "-c", code, str(shadow), str(root)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "pip install 'spinekg[validate]'" in done.stderr and "Traceback" not in done.stderr


def test_a_parameter_given_twice_is_a_usage_error() -> None:
    out = CliRunner().invoke(cli, ["query", "treatments-contraindicated-in", "state=pregnancy", "state=sciatica"])
    assert out.exit_code == 2 and "given twice" in out.output


@pytest.mark.parametrize(
    ("args", "usage", "message"),
    [
        (["query", "provenance", "first=Advil"], "provenance [OPTIONS] first second", "Error: query module 'provenance' needs second: term\n"),
        (
            ["query", "treatments-contraindicated-in"],
            "treatments-contraindicated-in [OPTIONS] state",
            "Error: query module 'treatments-contraindicated-in' needs state: term (",
        ),
    ],
    ids=["one-of-two-missing", "the-only-one-missing"],
)
def test_a_missing_module_parameter_is_a_usage_error(args: list[str], usage: str, message: str) -> None:
    """Shown with the module's own usage line and how to get its help."""
    out = CliRunner().invoke(cli, args, prog_name="spinekg")
    assert out.exit_code == 2
    assert out.output.startswith(f"Usage: spinekg query {usage}\nTry 'spinekg query {args[1]} --help' for help.\n") and message in out.output


def test_a_bad_module_parameter_is_a_parameter_error_naming_it(kg: spinekg.KnowledgeGraph) -> None:
    with pytest.raises(ParameterError, match=r"^query module 'provenance' takes no parameter third \(it takes: first, second\)$") as err:
        kg.query("provenance", first="Advil", second="naproxen", third="Aleve")
    assert (err.value.module, err.value.parameters) == ("provenance", ("third",))
    assert isinstance(err.value, ArgumentError) and isinstance(err.value, TypeError)
    with pytest.raises(ParameterError, match="parameter state of 'treatments-contraindicated-in' takes a term name"):
        kg.query("treatments-contraindicated-in", state=7)


def _main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """``spinekg ARGS`` through the console script's entry point, in this process (so that a
    fault can be put into the library): its exit code and standard error."""
    from spinekg.cli import main

    monkeypatch.setattr(sys, "argv", ["spinekg", *args])
    monkeypatch.delenv("SPINEKG_DEBUG", raising=False)
    with pytest.raises(SystemExit) as done:
        main()
    return int(done.value.code or 0), capsys.readouterr().err


def test_a_type_error_inside_the_library_is_a_bug_not_a_usage_error(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A fault in the library (a list used as a key): not blamed on the user's arguments."""
    from spinekg.query.terms import TermIndex

    monkeypatch.setattr(TermIndex, "get", lambda self, name: self.by_iri[name.split()])
    code, err = _main(monkeypatch, capsys, "query", "treatments-contraindicated-in", "pregnancy")
    assert code == 1
    assert err == "error: spinekg failed unexpectedly (TypeError: unhashable type: 'list'); please report this (SPINEKG_DEBUG=1 shows the details)\n"


def test_a_wrong_type_passed_inside_the_library_is_not_a_usage_error(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The library calling itself with a wrong type raises ArgumentError, a TypeError, but not a
    ParameterError: the user's arguments were fine, so no usage message and not exit 2."""
    import spinekg.kg
    from spinekg.query.modules import get_module

    monkeypatch.setattr(spinekg.kg, "get_module", lambda name: get_module(name.encode()))
    code, err = _main(monkeypatch, capsys, "query", "red-flags")
    assert (code, err) == (1, "error: a query module is named by a string, not bytes\n")


def test_a_module_name_is_never_a_path() -> None:
    out = CliRunner().invoke(cli, ["query", "../README"])
    assert out.exit_code == 1 and "no query module '../README'" in out.output


def test_a_closed_output_pipe_is_quiet() -> None:
    pipeline = subprocess.run(f"{sys.executable} -m spinekg queries | head -1", shell=True, capture_output=True, text=True, timeout=60)
    assert pipeline.stdout.count("\n") == 1 and "Traceback" not in pipeline.stderr


@pytest.mark.parametrize(
    ("call", "builtin"),
    [
        (lambda kg: kg.term(None), TypeError),
        (lambda kg: kg.term(42), TypeError),
        (lambda kg: kg.query(None), TypeError),
        (lambda kg: kg.query("treatments-contraindicated-in", state=None), TypeError),
        (lambda kg: kg.query("treatments-contraindicated-in", state="pregnancy", month=3), TypeError),
        (lambda kg: kg.sparql(None), ValueError),
        (lambda kg: kg.sparql("ASK {}", max_rows=0), ValueError),
        (lambda kg: spinekg.connect(None), TypeError),
        (lambda kg: spinekg.connect("ftp://example.org/sparql"), ConnectionError),
        (lambda kg: spinekg.connect("http://127.0.0.1:9/query", timeout=-1), ValueError),
    ],
)
def test_api_misuse_raises_spinekg_errors_that_are_also_the_builtin(kg: spinekg.KnowledgeGraph, call: object, builtin: type[Exception]) -> None:
    with pytest.raises(SpineKGError) as err:
        call(kg)  # type: ignore[operator]
    assert isinstance(err.value, builtin)


def test_argument_error_is_exported_as_a_spinekg_error() -> None:
    assert issubclass(ArgumentError, SpineKGError) and issubclass(ArgumentError, TypeError)
    assert os.environ.get("SPINEKG_DEBUG") is None


@pytest.mark.parametrize("args", [["stats"], ["query", "claims-per-relation"], ["sparql", "-"]])
def test_output_to_a_full_device_is_a_clear_error(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "spinekg", *args], input="ASK { ?s ?p ?o }", stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 1 and "cannot write the output (No space left on device)" in done.stderr
    assert "Traceback" not in done.stderr and "unexpectedly" not in done.stderr


def test_written_files_keep_the_mode_a_user_expects(tmp_path: Path) -> None:
    target = tmp_path / "kg.json"
    done = _run("export", "--term", "Aleve", "--depth", "0", "-o", str(target))
    assert done.returncode == 0
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()
    target.chmod(0o640)
    assert _run("export", "--term", "Aleve", "--depth", "0", "-o", str(target)).returncode == 0
    assert target.stat().st_mode & 0o777 == 0o640


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_kgx_to_an_existing_file_or_device_is_refused() -> None:
    before = sorted(p.name for p in Path("/dev").iterdir())
    done = _run("export", "--format", "kgx", "-o", "/dev/full")
    assert done.returncode == 1 and "KGX writes a directory" in done.stderr
    assert sorted(p.name for p in Path("/dev").iterdir()) == before


@pytest.mark.parametrize("args", [["export", "-o", ""], ["mappings", "-o", ""]])
def test_an_empty_output_name_is_a_usage_error(args: list[str]) -> None:
    assert _run(*args).returncode == 2
