"""The HTML viewer without a browser: one self-contained file, every text escaped."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest

from spinekg.export.cytoscape import to_cytoscape
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
