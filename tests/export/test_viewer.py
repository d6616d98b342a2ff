"""The HTML viewer without a browser: one self-contained file, every text escaped."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from spinekg.export.cytoscape import to_cytoscape
from spinekg.export.layout import layout, node_size
from spinekg.export.style import root_category
from spinekg.export.viewer import ASSETS, inline, to_html

if TYPE_CHECKING:
    import networkx as nx

    from spinekg.kg import KnowledgeGraph

DATA = re.compile(r'<script type="application/json" id="skg-data">(.*?)</script>', re.DOTALL)


def test_page_is_self_contained(graph: nx.MultiDiGraph) -> None:
    page = to_html(graph)
    assert not re.search(r"<script[^>]*\bsrc=|<link\b|@import|<iframe|<img\b", page, re.IGNORECASE)
    assert "Copyright (c) 2016-2026, The Cytoscape Consortium" in page  # the vendored library, inlined
    assert (ASSETS / "cytoscape.min.js").read_text(encoding="utf-8") in page
    assert "window.skg" in page and 'data-test="search"' in page
    assert re.search(r"<title>spinekg: \d+ terms, \d+ edges</title>", page)


def test_title_names_the_term_of_an_ego_graph(kg: KnowledgeGraph) -> None:
    page = to_html(kg.to_networkx(term="SKG:PagetDiseaseOfBone", depth=1))
    assert re.search(r"<title>spinekg: \d+ terms, \d+ edges around Paget&#x27;s disease of bone \(depth 1\)</title>", page)


def test_graph_data_is_the_cytoscape_json(graph: nx.MultiDiGraph) -> None:
    page = to_html(graph)
    (island,) = DATA.findall(page)
    assert "<" not in island and ">" not in island and "&" not in island
    data = json.loads(island)
    expected = to_cytoscape(graph)
    assert data["graph"] == expected["data"]
    assert [e["data"]["id"] for e in data["elements"]["edges"]] == [e["data"]["id"] for e in expected["elements"]["edges"]]
    nodes = {n["data"]["id"]: n["data"] for n in data["elements"]["nodes"]}
    assert nodes["SKG:Pregnancy"]["root"] == "SKG:PhysiologicalState" and nodes["SKG:Pregnancy"]["colour"] == "#e377c2"
    assert nodes["SKG:Electrotherapy"]["root"] == "SKG:Treatment"


def test_hostile_text_cannot_break_out(hostile: nx.MultiDiGraph) -> None:
    page = to_html(hostile, title='</title><script>alert("t")</script>')
    assert "<script>alert" not in page and "</b>" not in page
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;</title>" in page
    (island,) = DATA.findall(page)
    assert json.loads(island)["elements"]["nodes"][0]["data"]["label"] == hostile.nodes["SKG:A"]["label"]
    assert page.count("</script>") == 3  # the data island, Cytoscape.js and the viewer: nothing ends early


def test_viewer_script_puts_text_as_text() -> None:
    script = (ASSETS / "viewer.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script


def test_inlined_code_may_not_end_its_element() -> None:
    with pytest.raises(ValueError, match="</script"):
        inline("var x = '</SCRIPT>';", "script")


def test_vendored_library_ships_with_its_license() -> None:
    assert "Permission is hereby granted, free of charge" in (ASSETS / "cytoscape.LICENSE").read_text(encoding="utf-8")
    assert "3.34.4" in (ASSETS / "README.md").read_text(encoding="utf-8")


# -- the layout, computed when the file is written ---------------------------------------------


def test_same_graph_same_bytes(graph: nx.MultiDiGraph) -> None:
    assert to_html(graph) == to_html(graph)


def test_layout_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """The positions come out the same in fresh interpreters with different string hashing (no
    set order, no randomness leaks into the picture), and so do the HTML pages."""
    script = (
        "import hashlib, sys, spinekg\n"
        "from spinekg.export.viewer import to_html\n"
        "kg = spinekg.load()\n"
        "for g in (kg.to_networkx(), kg.to_networkx(term='pregnancy', depth=2)):\n"
        "    print(hashlib.sha256(to_html(g).encode()).hexdigest())\n"
    )
    out = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True, cwd=tmp_path)
        out.append(done.stdout)
    assert out[0] == out[1] and len(out[0].split()) == 2


def test_every_node_has_a_place_and_room(graph: nx.MultiDiGraph) -> None:
    drawn = layout(graph)
    assert set(drawn.positions) == set(graph) and drawn.centre is None
    points = list(drawn.positions.items())
    for i, (a, (ax, ay)) in enumerate(points):
        for b, (bx, by) in points[i + 1 :]:
            assert math.hypot(ax - bx, ay - by) >= (drawn.sizes[a] + drawn.sizes[b]) / 2, (a, b)  # no node over another
    # hubs are drawn larger
    assert drawn.sizes["SKG:BackPain"] > 2 * drawn.sizes["SKG:Advil"] and drawn.sizes["SKG:BackPain"] == node_size(graph.degree("SKG:BackPain"))


def test_overview_groups_categories_in_regions(graph: nx.MultiDiGraph) -> None:
    drawn = layout(graph)
    regions = {r["category"]: r for r in drawn.regions}
    assert set(regions) == {root_category(graph.graph, d["category"]) for _, d in graph.nodes(data=True)}
    for n, (x, y) in drawn.positions.items():  # each node inside the disc of its top-level category
        r = regions[root_category(graph.graph, graph.nodes[n]["category"])]
        assert math.hypot(x - r["x"], y - r["y"]) <= r["r"] - drawn.sizes[n] / 2 + 0.2, n
    for i, a in enumerate(drawn.regions):  # and the discs apart
        for b in drawn.regions[i + 1 :]:
            assert math.hypot(a["x"] - b["x"], a["y"] - b["y"]) >= a["r"] + b["r"], (a["category"], b["category"])


def test_ego_graph_is_drawn_around_its_term(kg: KnowledgeGraph) -> None:
    g = kg.to_networkx(term="pregnancy", depth=2)
    drawn = layout(g)
    assert drawn.centre == "SKG:Pregnancy" and drawn.positions["SKG:Pregnancy"] == (0.0, 0.0) and drawn.regions == []
    near = set(g.successors("SKG:Pregnancy")) | set(g.predecessors("SKG:Pregnancy"))
    radius = {n: math.hypot(*p) for n, p in drawn.positions.items()}
    one = [radius[n] for n in near]
    two = [radius[n] for n in g if n not in near and n != "SKG:Pregnancy"]
    assert max(one) - min(one) < 0.5 and max(two) - min(two) < 0.5  # a ring one edge away, one two edges away ...
    assert max(one) < min(two)  # ... outside it
    page = to_html(g)
    view = json.loads(DATA.findall(page)[0])["view"]
    assert view == {"centre": "SKG:Pregnancy", "depth": 2, "isa": True, "regions": []}


def test_positions_go_to_cytoscape_as_preset(graph: nx.MultiDiGraph) -> None:
    data = json.loads(DATA.findall(to_html(graph))[0])
    drawn = layout(graph)
    for el in data["elements"]["nodes"]:
        assert (el["position"]["x"], el["position"]["y"]) == drawn.positions[el["data"]["id"]]
        assert el["data"]["size"] == drawn.sizes[el["data"]["id"]]
    assert data["view"]["centre"] is None and data["view"]["isa"] is False and len(data["view"]["regions"]) == 15
    script = (ASSETS / "viewer.js").read_text(encoding="utf-8")
    assert '"preset"' in script and "cose" not in script  # the browser lays nothing out for the first view


def test_small_and_odd_graphs_have_a_layout() -> None:
    import networkx as nx

    empty: nx.MultiDiGraph = nx.MultiDiGraph(name="empty")
    assert layout(empty).positions == {} and "window.skg" in to_html(empty)
    g: nx.MultiDiGraph = nx.MultiDiGraph(name="cycle")
    for n in ("SKG:A", "SKG:B", "SKG:C"):
        g.add_node(n, label=n[4:], category="SKG:Drug")
    g.add_edge("SKG:A", "SKG:B", key="rdfs:subClassOf")  # an is-a cycle: A < B < C < A
    g.add_edge("SKG:B", "SKG:C", key="rdfs:subClassOf")
    g.add_edge("SKG:C", "SKG:A", key="rdfs:subClassOf")
    assert set(layout(g).positions) == {"SKG:A", "SKG:B", "SKG:C"}
    g.graph["selection"] = {"term": "SKG:A", "depth": 0}
    g.remove_edges_from(list(g.edges))
    drawn = layout(g)
    assert drawn.centre == "SKG:A" and drawn.positions["SKG:A"] == (0.0, 0.0) and len(drawn.positions) == 3  # the unreached on an outer ring
