"""The command line, through click's runner and as a module."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from spinekg.cli import cli
from spinekg.kg import KnowledgeGraph


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


def test_stats_counts_d000() -> None:
    """ontology/curation/claims/D000.yaml has 72 claim entries, and an entry with several objects
    makes one claim per object: 92 claims. D000's title is in ontology/sources/documents.yaml."""
    result = CliRunner().invoke(cli, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (d000,) = [row for row in data["claims_per_document"] if row["identifier"] == "D000"]
    assert d000["claims"] == 92
    assert d000["title"] == "Causes and Treatment of Tender Spot on Spine When Pressed"
    assert [row["identifier"] for row in data["claims_per_document"]] == ["D000", "D001", "D002", "D003", "D004"]
    relations = {row["predicateLabel"] for row in data["claims_per_relation"]}
    assert {"treats", "has brand", "caused by", "is a"} <= relations
    text = CliRunner().invoke(cli, ["stats"]).output.splitlines()
    assert "     92  D000  Causes and Treatment of Tender Spot on Spine When Pressed" in text


@pytest.mark.parametrize(
    "args",
    [
        ["query", "treatments-contraindicated-in", "pregnancy"],
        ["query", "treatments-contraindicated-in", "sciatica", "--format", "tsv"],
        ["sparql", "-", "--format", "json"],
        ["term", "naproxen"],
        ["term", "Advil", "--no-claims"],
    ],
    ids=["table", "empty-tsv", "ask-json", "term-card", "term-card-no-claims"],
)
def test_the_cli_prints_what_the_library_renders(kg: KnowledgeGraph, args: list[str]) -> None:
    """The commands print the library's text as it is: nothing is laid out in the CLI."""
    from spinekg.query.render import render, term_card

    result = CliRunner().invoke(cli, args, input="ASK { ?s ?p ?o }")
    assert result.exit_code == 0, result.output
    if args[0] == "term":
        t = kg.term(args[1])
        expected = term_card(t, None if "--no-claims" in args else kg.claims_about(t.iri))
    elif args[0] == "sparql":
        expected = render(kg.sparql("ASK { ?s ?p ?o }"), "json")
    else:
        expected = render(kg.query(args[1], state=args[2]), args[4] if len(args) > 3 else "table")
    assert result.output == expected


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


def test_cli_query_formats_and_exit_codes() -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["query", "claims-about-term", "Aleve", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["params"] == {"term": "SKG:Aleve"}  # the bound term, as a CURIE
    out = runner.invoke(cli, ["query", "claims-about-term", "term=Aleve", "--format", "tsv"])
    assert out.output.splitlines()[0].split("\t")[:2] == ["claim", "subject"]  # one row per claim; the bound term is no column
    assert out.output.splitlines()[1].split("\t")[:2] == ["SKGCLAIM:D000-050", "SKG:Naproxen"]  # D000 "Naproxen (e.g., Aleve)"
    assert runner.invoke(cli, ["query", "claims-about-term", "Alevee"]).exit_code == 1
    assert runner.invoke(cli, ["query", "claims-about-term", "a", "b"]).exit_code == 2
    out = runner.invoke(cli, ["sparql", "-"], input="DELETE WHERE { ?s ?p ?o }")
    assert out.exit_code == 1 and "read-only" in out.output
    out = runner.invoke(cli, ["queries"])
    assert "claims-about-term term" in out.output.splitlines()


# -- a CLI for people: values in order, names that are close ----------------------------------------


def _spinekg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``spinekg ARGS`` as a user runs it: its own process, standard error apart."""
    import os

    return subprocess.run([sys.executable, "-m", "spinekg", *args], capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})


def test_bare_values_fill_the_modules_parameters_in_order() -> None:
    """D001's table of the differential diagnosis of back pain: the Inflammatory column has
    morning stiffness of "More than 30 min" and a pain response to rest of "Gain"."""
    bare = _spinekg("query", "differential-diagnosis", "morning stiffness more than 30 minutes", "pain increases with rest", "--format", "json")
    named = _spinekg("query", "differential-diagnosis", "f1=morning stiffness more than 30 minutes", "f2=pain increases with rest", "--format", "json")
    assert bare.returncode == 0, bare.stderr
    assert bare.stdout == named.stdout
    top = json.loads(bare.stdout)["rows"][0]
    assert "inflammatory" in top["groupLabel"] and top["matched"] == 2


def test_two_bare_values_for_two_parameters() -> None:
    """D004: fish oil lacks "the side effects associated with NSAIDS (namely stomach upset)", and
    D000 names ibuprofen among them: what links ibuprofen and stomach upset."""
    bare = _spinekg("query", "provenance", "ibuprofen", "stomach upset", "--format", "json")
    assert bare.returncode == 0, bare.stderr
    assert bare.stdout == _spinekg("query", "provenance", "first=ibuprofen", "second=stomach upset", "--format", "json").stdout
    assert bare.stdout == _spinekg("query", "provenance", "second=stomach upset", "ibuprofen", "--format", "json").stdout
    assert {(r["subjectLabel"], r["objectLabel"]) for r in json.loads(bare.stdout)["rows"]} == {("ibuprofen", "stomach upset")}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["provenance", "first=ibuprofen", "Advil"], "parameter first of 'provenance' is given twice ('Advil' by position and 'ibuprofen' by name)"),
        (["provenance", "ibuprofen", "Advil", "Aleve"], "query module 'provenance' takes at most 2 values (first, second); 'Aleve' left over"),
        (["provenance", "frist=ibuprofen", "Advil"], "query module 'provenance' takes no parameter frist; did you mean first?"),
        (["term-search", "a=b"], "query module 'term-search' takes no parameter a (it takes: text); for the value 'a=b', write text=a=b"),
    ],
    ids=["twice", "too-many", "misspelt-name", "value-with-equals"],
)
def test_a_misplaced_value_is_a_usage_error_with_the_modules_usage(args: list[str], message: str) -> None:
    done = _spinekg("query", *args)
    assert done.returncode == 2
    assert done.stderr.startswith(f"Usage: spinekg query {args[0]} [OPTIONS]") and f"Try 'spinekg query {args[0]} --help' for help." in done.stderr
    assert f"Error: {message}" in done.stderr and "Traceback" not in done.stderr


def test_a_misspelt_module_names_the_closest_one_not_all_twenty() -> None:
    done = _spinekg("query", "treatments-fr", "sciatica")
    assert (done.returncode, done.stderr) == (1, "error: no query module 'treatments-fr'; closest: treatments-for\n")


def test_a_misspelt_option_names_the_closest_option() -> None:
    done = _spinekg("query", "treatments-for", "--fromat", "json", "sciatica")
    assert done.returncode == 2 and "No such option '--fromat'. Did you mean '--format'?" in done.stderr


def test_a_term_of_the_wrong_category_points_to_the_modules_that_take_it() -> None:
    """D000 lists ibuprofen among the analgesics: a drug, not a condition to treat."""
    done = _spinekg("query", "treatments-for", "ibuprofen")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(
        "error: 'ibuprofen' is a drug, but condition of 'treatments-for' takes a term under Condition | ClinicalFinding (a condition or clinical finding)"
    )
    assert "modules that take it: adverse-effects-of (treatment)" in done.stderr


def test_an_unknown_term_is_answered_with_terms_the_parameter_takes() -> None:
    done = _spinekg("query", "symptoms-of", "spinal infecton")
    assert (done.returncode, done.stderr) == (1, "error: unknown term 'spinal infecton'; closest: spinal infection\n")
    done = _spinekg("query", "symptoms-of", "tender spot")
    assert done.returncode == 1 and "'tender spot' (tender spot on the spine) is a sign" in done.stderr
    assert "conditions-with-symptom (symptom)" in done.stderr and "closest" not in done.stderr


# -- help for one module ---------------------------------------------------------------------------


def _header(module: str) -> dict[str, str]:
    """The ``# key: value`` lines of a module's .rq file, read from the file (params apart)."""
    from conftest import ROOT

    lines = (ROOT / "queries" / f"{module}.rq").read_text(encoding="utf-8").splitlines()
    return {k.strip(): v.strip() for k, _, v in (line[1:].partition(":") for line in lines if line.startswith("# ")) if k.strip() != "param"}


def _category_label(category: str) -> str:
    """A category's label, from the curator's schema."""
    import yaml
    from conftest import ROOT

    schema = yaml.safe_load((ROOT / "ontology" / "curation" / "schema.yaml").read_text(encoding="utf-8"))
    (label,) = [c["label"] for c in schema["categories"] if c["id"] == category]
    return str(label)


def _header_params_spec(module: str) -> dict[str, str]:
    from conftest import ROOT

    text = (ROOT / "queries" / f"{module}.rq").read_text(encoding="utf-8")
    return {name: spec.strip() for name, spec in (line[len("# param: ") :].split(":", 1) for line in text.splitlines() if line.startswith("# param: "))}


@pytest.mark.parametrize("help_option", ["--help", "-h"])
def test_help_for_a_module_describes_its_parameters_and_example(help_option: str) -> None:
    done = _spinekg("query", "differential-diagnosis", help_option, env={"COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    header = _header("differential-diagnosis")
    text = done.stdout
    assert text.startswith("Usage: spinekg query differential-diagnosis [OPTIONS] f1 [f2] [f3] [f4] [f5]\n")
    assert f"  {header['title']}.\n" in text
    assert " ".join(header["description"].split()[:6]) in " ".join(text.split())
    lines = text.splitlines()
    label = _category_label("PresentationFeature")
    assert f"  f1    a term: {label} (PresentationFeature)" in lines
    assert f"  [f2]  optional; a term: {label} (PresentationFeature)" in lines
    assert f"  {header['example']}" in lines  # never wrapped: a command to copy
    assert "Options:" in lines and any(line.lstrip().startswith("--format") for line in lines)


def test_help_for_a_module_names_each_category_it_takes() -> None:
    done = _spinekg("query", "treatments-contraindicated-in", "--help", "--format", "json")  # --help wins wherever it stands
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    cats = [c.strip() for c in _header_params_spec("treatments-contraindicated-in")["state"].removeprefix("term (").removesuffix(")").split("|")]
    assert cats[0] == "PhysiologicalState"
    for c in cats:
        assert f"{_category_label(c)} ({c})" in text


def test_help_without_a_module_is_the_commands_help_and_a_value_after_dashes_is_no_option() -> None:
    done = _spinekg("query", "--help")
    assert done.returncode == 0 and done.stdout.startswith("Usage: spinekg query [OPTIONS] MODULE [ARGS]...")
    done = _spinekg("query", "term-search", "--", "--help")
    # a search for the text "--help", which no term has
    assert (done.returncode, done.stdout) == (0, "(0 answers)\nThe sources state nothing here. That is not a statement that anything is safe.\n")


def test_help_for_an_unknown_module_names_the_closest() -> None:
    done = _spinekg("query", "red-flag", "--help")
    assert (done.returncode, done.stderr) == (1, "error: no query module 'red-flag'; closest: red-flags\n")


# -- the list of modules ---------------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["50", "80", "200"])
def test_the_module_list_wraps_to_the_terminal_width(columns: str) -> None:
    done = _spinekg("queries", env={"COLUMNS": columns})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= int(columns)
    assert "differential-diagnosis f1 [f2] [f3] [f4] [f5]" in lines
    assert "provenance first second" in lines
