"""`spinekg export`: every format from the command line, filters, and the documented exit codes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from spinekg.cli import cli
from spinekg.export import read_graphml, read_node_link


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["export", *args])
    return result.exit_code, result.output


def test_node_link_with_filters(tmp_path: Path) -> None:
    out = tmp_path / "contra.json"
    code, output = run(
        "--format", "node-link", "--predicate", "contraindicated in", "--category", "treatment", "--category", "physiological state", "-o", str(out)
    )
    assert code == 0, output
    g = read_node_link(out)
    assert output.startswith(f"wrote {out} (node-link): {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    # D003: electric current, ultrasound and magnetic field are contraindicated in pregnancy (and so
    # electrophoresis and UHF therapy, their subtypes)
    assert {u for u, v in g.in_edges("SKG:Pregnancy")} == {
        "SKG:Electrotherapy",
        "SKG:UltrasoundTherapy",
        "SKG:Magnetotherapy",
        "SKG:Electrophoresis",
        "SKG:UHFTherapy",
    }


def test_a_category_cut_that_leaves_no_edge_says_which_ends_it_dropped(tmp_path: Path) -> None:
    """--category keeps nodes under the categories named and the edges between two kept nodes; the
    texts contraindicate treatments in states (D003: pregnancy; D001/D003: conditions), so keeping
    the treatments alone leaves no contraindication, and the command says why instead of
    silently writing an empty graph."""
    out = tmp_path / "contra.json"
    result = CliRunner().invoke(cli, ["export", "--predicate", "contraindicated in", "--category", "treatment", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out} (node-link): 0 nodes, 0 edges\n"
    assert result.stderr.startswith("warning: no edge is left: --category keeps only the nodes under the categories named")
    assert "'contraindicated in' runs from " in result.stderr and "--category 'physiological state'" in result.stderr
    # with the states kept as well, the pregnancy contraindications are there
    code, output = run("--predicate", "contraindicated in", "--category", "treatment", "--category", "physiological state", "-o", str(out))
    assert code == 0 and "warning" not in output
    assert "SKG:Pregnancy" in read_node_link(out)


def test_format_from_suffix_asserted_only_no_isa_ego(tmp_path: Path) -> None:
    out = tmp_path / "ego.graphml"
    code, output = run("--term", "pregnancy", "--depth", "1", "--asserted-only", "--no-isa", "-o", str(out))
    assert code == 0, output
    g = read_graphml(out)
    assert not any(d["inferred"] for _, _, d in g.edges(data=True))
    assert "rdfs:subClassOf" not in {k for _, _, k in g.edges(keys=True)}
    assert "SKG:Electrotherapy" in g and "SKG:Electrophoresis" not in g  # inherited only by inference


@pytest.mark.parametrize("target", ["dir/", "prefix"])
def test_kgx_directory_or_prefix(tmp_path: Path, target: str) -> None:
    code, output = run("--format", "kgx", "--term", "naproxen", "-o", f"{tmp_path}/{target}")
    assert code == 0, output
    nodes = tmp_path / ("dir/nodes.tsv" if target == "dir/" else "prefix_nodes.tsv")
    edges = nodes.with_name(nodes.name.replace("nodes", "edges"))
    assert f"wrote {nodes} and {edges} (kgx)" in output
    with nodes.open(encoding="utf-8") as fh:
        ids = {r["id"] for r in csv.DictReader(fh, delimiter="\t")}
    assert "SKG:Naproxen" in ids and "SKG:Aleve" in ids  # D000: "Naproxen (e.g., Aleve)"


def test_html_viewer(tmp_path: Path) -> None:
    out = tmp_path / "kg.html"
    code, output = run("-o", str(out), "--term", "pregnancy", "--depth", "2")
    assert code == 0, output
    page = out.read_text(encoding="utf-8")
    island = page.split('<script type="application/json" id="skg-data">', 1)[1].split("</script>", 1)[0]
    assert "SKG:Pregnancy" in {n["data"]["id"] for n in json.loads(island)["elements"]["nodes"]}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--format", "pdf", "-o", "x.pdf"], 2, "Invalid value for '-f' / '--format'"),
        (["-o", "x.xyz"], 2, "unknown file suffix '.xyz'"),
        (["--depth", "2", "-o", "x.json"], 2, "--depth needs --term"),
        (["--term", "naproxn", "-o", "x.json"], 1, "error: unknown term 'naproxn'; closest: naproxen"),
        (["--predicate", "treatz", "-o", "x.json"], 1, "error: unknown relation 'treatz'"),
        (["--category", "naproxen", "-o", "x.json"], 1, "'naproxen' is a drug, not a category"),
        ([], 2, "Missing option '-o'"),
    ],
    ids=["unknown-format", "unknown-suffix", "depth-without-term", "unknown-term", "unknown-relation", "not-a-category", "no-output"],
)
def test_errors_and_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    got, output = run(*args)
    assert got == code and message in output, output
    assert not list(tmp_path.iterdir())  # nothing written on failure
