"""DOT, written by hand: an independent parser (pydot) reads it back with every text intact, and
the real Graphviz (README's ``sfdp -Tsvg kg.dot -o kg.svg``) draws the whole graph quickly, like the viewer."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import pytest

from spinekg.export.dot import quote, to_dot, write_dot
from spinekg.export.style import COLOURS, EDGE_COLOUR, RELATION_COLOURS, colour, text_colour

if TYPE_CHECKING:
    import networkx as nx

    from spinekg.kg import KnowledgeGraph


def unquote(text: str) -> str:
    assert text.startswith('"') and text.endswith('"'), text
    body, out, i = text[1:-1], [], 0
    while i < len(body):  # DOT's own escapes are \" ; Graphviz reads \\ and \n in labels
        if body[i] == "\\" and i + 1 < len(body):
            out.append({"n": "\n", '"': '"', "\\": "\\"}.get(body[i + 1], body[i : i + 2]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def test_quote_escapes_what_dot_needs() -> None:
    assert quote('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'
    assert quote(["x", "y"]) == '"[\\"x\\", \\"y\\"]"'
    assert quote(True) == '"true"'


def test_pydot_reads_the_hostile_graph(hostile: nx.MultiDiGraph) -> None:
    import pydot

    (parsed,) = pydot.graph_from_dot_data(to_dot(hostile))
    nodes = {unquote(n.get_name()): n for n in parsed.get_nodes() if n.get_name() not in ("node", "edge", "graph")}
    assert set(nodes) == set(hostile)
    a = nodes["SKG:A"]
    assert unquote(a.get("label")) == hostile.nodes["SKG:A"]["label"]
    assert json.loads(unquote(a.get("synonyms"))) == hostile.nodes["SKG:A"]["synonyms"]
    edges = parsed.get_edges()
    assert len(edges) == hostile.number_of_edges()
    quotes = [json.loads(unquote(e.get("quotes"))) for e in edges]
    assert all(q == hostile.edges["SKG:A", "SKGCLAIM:D9-001/regimen", "SKG:treats"]["quotes"] for q in quotes)
    assert {unquote(e.get("style")) for e in edges} == {"solid", "dashed"}  # inferred edges are dashed
    assert {unquote(e.get("tooltip")) for e in edges} == {hostile.edges["SKG:A", "SKGCLAIM:D9-001/regimen", "SKG:treats"]["label"]}


def test_ego_graph_parses_and_colours_by_category(kg: KnowledgeGraph) -> None:
    import pydot

    ego = kg.to_networkx(term="pregnancy", depth=1)
    (parsed,) = pydot.graph_from_dot_data(to_dot(ego))
    assert len(parsed.get_edges()) == ego.number_of_edges()
    pregnancy = parsed.get_node('"SKG:Pregnancy"')[0]
    electro = parsed.get_node('"SKG:Electrotherapy"')[0]
    assert unquote(pregnancy.get("fillcolor")) == "#e377c2"  # physiological state
    assert unquote(electro.get("fillcolor")) == "#2ca02c"  # physiotherapy falls under treatment
    quotes = {q for e in parsed.get_edges() for q in json.loads(unquote(e.get("quotes")))}
    assert (
        "But we must remember that this reduction in pain is contraindicated in pregnancy, blood diseases, "
        "oncological pathologies and acute infectious processes." in quotes
    )


# a statement of the DOT this module writes: quoted IDs, name=quoted value pairs (pydot takes 25 s on
# the full graph; this grammar checks every line of it in a fraction of a second)
STRING = r'"(?:[^"\\]|\\.)*"'
STATEMENT = re.compile(rf"  {STRING}(?: -> {STRING})? \[(?:(?:\w+|{STRING})={STRING}(?:, )?)+\];")


def test_every_statement_of_the_full_graph_is_well_formed(graph: nx.MultiDiGraph) -> None:
    lines = to_dot(graph).splitlines()
    body = [line for line in lines[4:-1]]
    assert lines[0] == 'digraph "spinekg" {' and lines[-1] == "}"
    assert len(body) == graph.number_of_nodes() + graph.number_of_edges()
    bad = [line[:120] for line in body if not STATEMENT.fullmatch(line)]
    assert not bad


SVG = "{http://www.w3.org/2000/svg}"


def test_sfdp_draws_the_full_graph_in_seconds_like_the_viewer(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    """README's command on the full export: the real sfdp (Debian's graphviz), in at most 10 s."""
    sfdp = shutil.which("sfdp")
    if sfdp is None:
        pytest.fail("sfdp is not installed: apt-get install graphviz (README's Graphviz line needs it)")
    write_dot(graph, tmp_path / "kg.dot")
    start = time.perf_counter()
    subprocess.run([sfdp, "-Tsvg", "kg.dot", "-o", "kg.svg"], cwd=tmp_path, check=True, timeout=60)
    took = time.perf_counter() - start
    assert took <= 10, f"sfdp took {took:.1f} s"

    svg = ElementTree.parse(tmp_path / "kg.svg").getroot()
    groups = [g for g in svg.iter(f"{SVG}g") if g.get("class") in ("node", "edge")]
    drawn_edges = [next(g.iter(f"{SVG}path")) for g in groups if g.get("class") == "edge"]
    assert len(drawn_edges) == graph.number_of_edges()
    strokes = Counter(p.get("stroke") for p in drawn_edges)
    keys = Counter(k for _, _, k in graph.edges(keys=True))
    # contraindications red (and heavier), advice against orange, is-a faint, the rest grey
    assert strokes["#d62728"] == keys["SKG:contraindicatedIn"] > 50
    assert strokes[RELATION_COLOURS["SKG:advisedAgainstFor"]] == keys["SKG:advisedAgainstFor"] > 0
    assert strokes[RELATION_COLOURS["rdfs:subClassOf"]] == keys["rdfs:subClassOf"]
    assert strokes[EDGE_COLOUR] == graph.number_of_edges() - sum(keys[k] for k in RELATION_COLOURS)
    red = [p for p in drawn_edges if p.get("stroke") == "#d62728"]
    assert all(p.get("stroke-width") == "1.6" for p in red)
    # inferred edges dashed, asserted ones solid
    inferred = sum(1 for _, _, d in graph.edges(data=True) if d["inferred"])
    assert sum(1 for p in drawn_edges if p.get("stroke-dasharray")) == inferred > 100
    # nodes filled with their category's colour, as the viewer's
    nodes = {g.find(f"{SVG}title").text: g for g in groups if g.get("class") == "node"}
    assert len(nodes) == graph.number_of_nodes()

    def fill(curie: str) -> str:
        return next(p.get("fill") for p in nodes[curie].iter() if p.tag in (f"{SVG}path", f"{SVG}polygon"))

    assert fill("SKG:Pregnancy") == COLOURS["SKG:PhysiologicalState"] and fill("SKG:Naproxen") == COLOURS["SKG:Drug"]
    assert {fill(n) for n in graph} == {colour(graph.graph, d["category"]) for _, d in graph.nodes(data=True)}
    naproxen = next(t for t in nodes["SKG:Naproxen"].iter(f"{SVG}text"))
    assert naproxen.text == "naproxen" and naproxen.get("fill") == text_colour(COLOURS["SKG:Drug"]) == "#ffffff"
    # the legend: the categories and the edge styles, under the picture
    texts = {t.text for t in svg.iter(f"{SVG}text")}
    assert {"physiological state", "drug", "treatment", "contraindicated in", "advised against for"} <= texts
    # no relation name is drawn on the edges (1,800 of them would cover the picture): they are tooltips
    assert all(g.find(f".//{SVG}text") is None for g in groups if g.get("class") == "edge")
    titles = {a.get("{http://www.w3.org/1999/xlink}title") for g in groups if g.get("class") == "edge" for a in g.iter(f"{SVG}a")}
    assert "contraindicated in" in titles and "is a" in titles
