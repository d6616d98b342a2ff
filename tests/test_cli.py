"""The command line, through click's runner and as a module."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from spinekg.cli import cli


def test_term_shows_claims_with_quotes() -> None:
    result = CliRunner().invoke(cli, ["term", "Advil"])
    assert result.exit_code == 0, result.output
    assert "brand product" in result.output
    assert '"Ibuprofen (e.g., Motrin, Advil)"' in result.output


def test_term_json() -> None:
    result = CliRunner().invoke(cli, ["term", "aleve", "--format", "json"])
    data = json.loads(result.output)
    assert data["curie"] == "SKG:Aleve"
    assert data["claims"][0]["subject_label"] == "naproxen"


def test_unknown_term_exits_1_with_suggestions() -> None:
    result = CliRunner().invoke(cli, ["term", "advill"])
    assert result.exit_code == 1
    assert "unknown term 'advill'" in result.output and "Advil" in result.output


def test_stats_counts_d000(kg) -> None:
    result = CliRunner().invoke(cli, ["stats", "--format", "json"])
    data = json.loads(result.output)
    per_doc = {row["identifier"]: row["claims"] for row in data["claims_per_document"]}
    assert per_doc["D000"] > 60
    assert set(per_doc) == {"D000", "D001", "D002", "D003", "D004"}
    relations = {row["predicateLabel"] for row in data["claims_per_relation"]}
    assert {"treats", "has brand", "caused by", "is a"} <= relations


def test_build_check_from_the_repository(root: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--check", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


def test_python_dash_m(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "spinekg", "--help"], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert "build" in out.stdout and "term" in out.stdout and "stats" in out.stdout


def test_cli_export_choices_are_the_export_formats() -> None:
    from spinekg.cli import EXPORT_FORMATS
    from spinekg.export import FORMATS

    assert tuple(FORMATS) == EXPORT_FORMATS


def test_a_query_command_does_not_import_the_exporters_or_rdflib() -> None:
    """A one-shot query stays fast: rdflib (~120 ms) and the export writers are not imported."""
    import subprocess
    import sys

    code = (
        "import sys, spinekg.cli\n"
        "spinekg.cli.cli(['query', 'adverse-effects-of', 'naproxen', '--format', 'csv'], standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('rdflib', 'spinekg.export', 'networkx'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Naproxen" in out.stdout  # the query ran
    assert out.stdout.strip().splitlines()[-1] == "[]"
