"""DOT, written by hand: an independent parser (pydot) reads it back with every text intact."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from spinekg.export.dot import quote, to_dot

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
