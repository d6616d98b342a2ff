"""The ROBOT-style QC report and xref verification against the offline code sets."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import RDFS, Graph, Literal, URIRef

from spinekg import vocab
from spinekg.cli import cli
from spinekg.validate.mappings import check_xref
from spinekg.validate.qc import report

SKG = vocab.BASE


def _copy(kg) -> Graph:
    g = Graph()
    for t in kg.ontology_graph:
        g.add(t)
    return g


def test_report_is_clean_on_the_built_ontology(kg) -> None:
    assert [i for i in report(kg.ontology_graph) if i.level != "INFO"] == []


def test_report_catches_label_and_definition_problems(kg) -> None:
    g = _copy(kg)
    g.remove((URIRef(SKG + "Fever"), URIRef(vocab.IAO_DEFINITION), None))
    g.remove((URIRef(SKG + "Chills"), RDFS.label, None))
    g.add((URIRef(SKG + "Chills"), RDFS.label, Literal("fever ")))
    g.add((URIRef(SKG + "Aspirin"), URIRef(vocab.OBOINOWL + "hasDbXref"), Literal("not a curie")))
    found = {(i.level, i.rule, i.subject) for i in report(g)}
    assert ("ERROR", "missing_definition", "SKG:Fever") in found
    assert ("ERROR", "label_whitespace", "SKG:Chills") in found
    assert ("ERROR", "invalid_xref", "SKG:Aspirin") in found


def test_validate_passes_on_the_repository(root: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--root", str(root), "--format", "tsv"])
    assert result.exit_code == 0, result.output
    # the full graph conforms to the SHACL shapes and HermiT finds it consistent
    assert "INFO\tshacl\tgraph" in result.output and "INFO\treasoner\tontology" in result.output


def test_xref_verification_uses_the_code_sets() -> None:
    ok = check_xref("T", "low back pain", [], "ICD10:M54.5", {})
    assert (ok.status, ok.official_label) == ("verified", "Low back pain")
    assert check_xref("T", "fever", [], "HP:0001945", {}).status == "verified"
    assert check_xref("T", "low back pain", [], "ICD10CM:M54.50", {}).status == "verified"
    assert check_xref("T", "fever", [], "HP:9999999", {}).status == "missing"
    assert check_xref("T", "fever", [], "ICD10:M54.5", {}).status == "mismatch"
    accepted = check_xref("T", "fever", [], "ICD10:M54.5", {("T", "ICD10:M54.5"): "a reason"})
    assert (accepted.status, accepted.message) == ("accepted", "a reason")
    assert check_xref("T", "x", [], "MESH:D001416", {}).status == "unverified"
    assert check_xref("T", "x", [], "MESH:12", {}).status == "invalid"
    assert check_xref("T", "x", [], "FOO:1", {}).status == "invalid"


def test_committed_sssom_table_is_current(root: Path) -> None:
    fresh = CliRunner().invoke(cli, ["mappings"])
    assert fresh.exit_code == 0, fresh.output
    assert (root / "ontology/spinekg.sssom.tsv").read_text(encoding="utf-8") == fresh.output, "run: spinekg mappings -o ontology/spinekg.sssom.tsv"
    assert "SKG:treats\ttreats\tskos:exactMatch\tbiolink:treats" in fresh.output


def test_validate_fails_clearly_when_a_term_is_both_drug_and_condition(project: Path) -> None:
    from conftest import edit

    edit(project / "ontology/curation/terms/drugs.yaml", "  label: aspirin\n  is_a: [NSAID]", "  label: aspirin\n  is_a: [NSAID, Condition]")
    result = CliRunner().invoke(cli, ["validate", "--root", str(project), "--no-reasoner", "--format", "tsv"])
    assert result.exit_code == 1
    assert "term Aspirin: falls under disjoint categories Condition, Drug" in result.output


def test_the_report_renders_as_the_command_prints_it() -> None:
    import json

    from spinekg.validate.qc import Issue, render_issues

    issues = [Issue("ERROR", "missing_label", "SKG:X", "rdfs:label", "no label"), Issue("INFO", "reasoner", "ontology", "", "consistent")]
    assert (
        render_issues(issues, "tsv")
        == "level\trule\tsubject\tproperty\tmessage\nERROR\tmissing_label\tSKG:X\trdfs:label\tno label\nINFO\treasoner\tontology\t\tconsistent"
    )
    table = render_issues(issues, "table", level="ERROR")
    assert "reasoner" not in table and table.endswith("\n1 errors, 0 warnings, 1 notes")  # the count covers what is not shown
    assert [d["rule"] for d in json.loads(render_issues(issues, "json"))] == ["missing_label", "reasoner"]
