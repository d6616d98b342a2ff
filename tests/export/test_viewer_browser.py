"""The viewer in a real browser: Debian's Chromium, driven by Playwright, fully offline.

What a person sees is checked through Cytoscape.js's own API (positions, label bounding boxes,
what is displayed). Never skipped: without Chromium the test fails and says how to install it.
Timing is not tested here (benchmarks/viewer.py measures it). The screenshots are kept: under
pytest's temporary folder, or in ``$SPINEKG_VIEWER_SHOTS`` when that is set; each test prints
where it wrote them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from spinekg.export.viewer import layout, write_html

if TYPE_CHECKING:
    import networkx as nx

    from spinekg.kg import KnowledgeGraph

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# D003, the sentence that contraindicates physiotherapy with current, ultrasound and magnetic field
QUOTE = (
    "But we must remember that this reduction in pain is contraindicated in pregnancy, blood diseases, oncological pathologies and acute infectious processes."
)
# D002: one sentence, two sibling claims (bleeding ulcers, fatal heart attacks) on two edges of NSAID
NSAID_QUOTE = "Additionally, NSAIDs come with a long list of side effects including an increased risk of bleeding ulcers and fatal heart attacks."

# the label bounding boxes (model coordinates) of the labelled nodes, as Cytoscape.js computes them
LABEL_BOXES = """() => skg.labelled().map(n => {
  const b = n.boundingBox({includeNodes: false, includeEdges: false, includeLabels: true});
  return {id: n.id(), label: n.data('label'), x1: b.x1, x2: b.x2, y1: b.y1, y2: b.y2, px: n.pstyle('font-size').pfValue * skg.cy.zoom()};
})"""
# a node shown with no edge shown: an orphan
ORPHANS = "() => skg.cy.nodes().filter(n => n.visible() && n.connectedEdges().filter(e => e.visible()).length === 0).map(n => n.id())"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found ({CHROMIUM}): the viewer test needs a real browser; install Debian's package with `apt-get install -y chromium` (.ci/run does)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)  # a fresh profile each time
        yield b
        b.close()


@pytest.fixture(scope="module")
def pregnancy(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """The ego graph the issue looked at: ``spinekg export --term pregnancy --depth 2``."""
    return kg.to_networkx(term="pregnancy", depth=2)


def open_page(browser: Any, path: Path) -> tuple[Any, dict[str, list[str]]]:
    seen: dict[str, list[str]] = {"errors": [], "requests": [], "dialogs": [], "console": []}
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: seen["console"].append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.route(
        "**/*", lambda route: (seen["requests"].append(route.request.url), route.continue_() if route.request.url.startswith("file:") else route.abort())
    )
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=90_000)
    return page, seen


def settled(page: Any) -> None:
    """Wait until the labels have followed the zoom and the page has drawn the result."""
    page.wait_for_function("() => !skg.relabelling()")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def shot(page: Any, tmp_path: Path, name: str) -> Path:
    """A screenshot kept as an artefact of the test run."""
    folder = Path(os.environ.get("SPINEKG_VIEWER_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    page.screenshot(path=str(path))
    print(f"screenshot: {path}")
    assert path.stat().st_size > 30_000  # a drawn page, not a blank one
    return path


def click_on_canvas(page: Any, js_position: str) -> None:
    pos = page.evaluate(f"() => {js_position}")
    box = page.locator("[data-test=graph]").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


def overlaps(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]:
                out.append((a["label"], b["label"]))
    return out


def quiet(seen: dict[str, list[str]], path: Path) -> None:
    """No error, no console error or warning, no dialog, nothing fetched but the file itself."""
    assert seen["errors"] == [] and seen["console"] == [] and seen["dialogs"] == []
    assert seen["requests"] == [path.as_uri()]  # nothing fetched: the library is inlined


def test_search_click_and_read_the_quote(browser: Any, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "kg.html"
    write_html(graph, path)
    page, seen = open_page(browser, path)
    assert page.locator("[data-test=category-filter]").count() == 15  # top-level categories and dose regimens
    assert page.locator("[data-test=relation-filter]").count() == len({k for _, _, k in graph.edges(keys=True)})

    page.fill("[data-test=search]", "pregnancy")
    first = page.locator("[data-test=search-result]").first
    assert first.get_attribute("data-id") == "SKG:Pregnancy"
    first.click()
    assert page.locator("[data-test=panel-title]").inner_text() == "pregnancy"
    assert page.locator("[data-test=definition]").inner_text()
    assert page.locator("[data-test=status]").inner_text().startswith("Focus on \u201cpregnancy\u201d: 9 terms, 8 edges")
    focus = page.evaluate("() => { const p = skg.cy.getElementById('SKG:Pregnancy').renderedPosition(); return [p.x, p.y, skg.cy.width(), skg.cy.height()]; }")
    assert abs(focus[0] - focus[2] / 2) < 1.5 and abs(focus[1] - focus[3] / 2) < 1.5  # the focused term at the middle
    assert overlaps(page.evaluate(LABEL_BOXES)) == [] and len(page.evaluate(LABEL_BOXES)) == 9  # pregnancy and its eight neighbours, all named
    shot(page, tmp_path, "viewer-focus-pregnancy.png")

    # a real click on a node of the canvas: electrotherapy, one of what pregnancy rules out
    click_on_canvas(page, "skg.cy.getElementById('SKG:Electrotherapy').renderedPosition()")
    panel = page.locator("[data-test=panel]")
    assert panel.get_attribute("data-id") == "SKG:Electrotherapy"
    assert page.locator("[data-test=panel-title]").inner_text() == "electrotherapy"
    assert QUOTE in panel.locator("[data-test=quote]").all_text_contents()
    assert (
        "SKGDOC:D003 \u2014 The backbone hurts in the middle of a back: the reasons and treatment" in panel.locator("[data-test=document]").all_text_contents()
    )

    # its neighbour bone metastasis, with its curated cross-reference (terms/d001.yaml)
    click_on_canvas(page, "skg.cy.getElementById('SKG:BoneMetastasis').renderedPosition()")
    assert page.locator("[data-test=panel-title]").inner_text() == "bone metastasis"
    assert "ICD10CM:C79.51" in page.locator("[data-test=xrefs]").inner_text()
    # a label with an apostrophe, found by a synonym
    page.fill("[data-test=search]", "osteitis deformans")
    page.locator("[data-test=search-result][data-id='SKG:PagetDiseaseOfBone']").click()
    assert page.locator("[data-test=panel-title]").inner_text() == "Paget's disease of bone"

    # an inferred edge: its derivation in words and the quote it rests on
    page.fill("[data-test=search]", "electrophoresis")
    page.locator("[data-test=search-result][data-id='SKG:Electrophoresis']").click()
    edge = "skg.cy.getElementById('SKG:Electrophoresis SKG:contraindicatedIn SKG:Pregnancy')"
    click_on_canvas(page, f"{edge}.renderedMidpoint()")
    assert panel.get_attribute("data-kind") == "edge"
    derivation = panel.locator("[data-test=derivation]")
    assert derivation.all_text_contents() == ["electrophoresis is a kind of electrotherapy; electrotherapy is contraindicated in pregnancy (D003)"]
    assert "SKG:Electrophoresis rdfs:subClassOf SKG:Electrotherapy" in (derivation.get_attribute("data-triples") or "")  # the triples stay at hand
    assert QUOTE in panel.locator("[data-test=quote]").all_text_contents()
    shot(page, tmp_path, "viewer-edge.png")

    # filters: a category and a relation, in the whole view (where is-a edges are not drawn)
    page.locator("[data-test=show-all]").click()

    def visible(js: str) -> bool:
        settled(page)
        return bool(page.evaluate(f"() => {js}.visible()"))

    assert visible("skg.cy.getElementById('SKG:Electrotherapy')")
    page.locator("[data-test=category-filter][data-category='SKG:Treatment'] input").uncheck()
    assert not visible("skg.cy.getElementById('SKG:Electrotherapy')") and visible("skg.cy.getElementById('SKG:Pregnancy')")
    page.locator("[data-test=category-filter][data-category='SKG:Treatment'] input").check()
    assert visible(edge)
    page.locator("[data-test=relation-filter][data-predicate='SKG:contraindicatedIn'] input").uncheck()
    # electrophoresis is reached only through contraindications here: it goes with them
    assert not visible(edge) and not visible("skg.cy.getElementById('SKG:Electrophoresis')")
    assert visible("skg.cy.getElementById('SKG:Electrotherapy')")
    page.locator("[data-test=relation-filter][data-predicate='SKG:contraindicatedIn'] input").check()
    page.locator("[data-test=inferred-filter]").uncheck()
    assert not visible(edge) and visible("skg.cy.getElementById('SKG:Electrotherapy SKG:contraindicatedIn SKG:Pregnancy')")
    shot(page, tmp_path, "viewer-overview-asserted.png")
    quiet(seen, path)


def test_overview_labels_the_hubs_without_overlap(browser: Any, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "kg.html"
    write_html(graph, path)
    page, seen = open_page(browser, path)
    status = page.locator("[data-test=status]")
    shown = sum(1 for n in graph if any(k != "rdfs:subClassOf" for *_, k in [*graph.in_edges(n, keys=True), *graph.out_edges(n, keys=True)]))
    non_isa = sum(1 for *_, k in graph.edges(keys=True) if k != "rdfs:subClassOf")
    terms, edges = f"{graph.number_of_nodes():,}", f"{graph.number_of_edges():,}"
    assert status.inner_text() == f"Whole graph: {shown} of {terms} terms, {non_isa:,} of {edges} edges shown; is-a edges hidden"
    # the picture is the file's: positions as written, the whole of it in view
    x, y = layout(graph).positions["SKG:BackPain"]
    assert page.evaluate("() => skg.cy.getElementById('SKG:BackPain').position()") == {"x": x, "y": y}
    assert page.evaluate(
        """() => skg.cy.nodes(':visible').every(n => {
          const p = n.renderedPosition(); return p.x > 0 && p.y > 0 && p.x < skg.cy.width() && p.y < skg.cy.height(); })"""
    )
    # hubs are larger
    sizes = page.evaluate("() => [skg.cy.getElementById('SKG:BackPain').width(), skg.cy.getElementById('SKG:Advil').width()]")
    assert sizes[0] > 2 * sizes[1]

    boxes = page.evaluate(LABEL_BOXES)
    labels = {b["label"] for b in boxes}
    assert 25 <= len(boxes) <= 150, len(boxes)  # the hubs, not every node
    assert {"back pain", "pain in the middle of the back", "pain", "physiotherapy", "non-steroidal anti-inflammatory drug"} <= labels
    assert all(b["px"] >= 11.5 for b in boxes)  # readable: 12 px on screen at any zoom
    assert overlaps(boxes) == []
    shot(page, tmp_path, "viewer-overview.png")

    # zoomed in three times: more labels, still none over another, the same size on screen
    page.evaluate("() => skg.cy.zoom({level: skg.cy.zoom() * 3, renderedPosition: {x: skg.cy.width() / 2, y: skg.cy.height() / 2}})")
    settled(page)
    closer = page.evaluate(LABEL_BOXES)
    assert len(closer) > len(boxes)
    assert all(11.5 <= b["px"] <= 12 * 2**0.25 + 0.01 for b in closer)
    assert overlaps(closer) == []
    shot(page, tmp_path, "viewer-overview-zoom3.png")

    # is-a edges: hidden in the overview, a tick away
    page.locator("[data-test=isa-filter]").check()
    assert status.inner_text() == f"Whole graph: {terms} of {terms} terms, {edges} of {edges} edges shown"
    assert overlaps(page.evaluate(LABEL_BOXES)) == []
    quiet(seen, path)


def test_ego_graph_centres_and_marks_its_term(browser: Any, pregnancy: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "pregnancy.html"
    write_html(pregnancy, path)
    page, seen = open_page(browser, path)
    n, m = pregnancy.number_of_nodes(), pregnancy.number_of_edges()
    centre = page.evaluate(
        "() => { const n = skg.cy.getElementById('SKG:Pregnancy'), p = n.renderedPosition();"
        " return {x: p.x, y: p.y, w: skg.cy.width(), h: skg.cy.height(), marked: n.hasClass('skg-centre'), bold: n.pstyle('font-weight').strValue,"
        " border: n.pstyle('border-width').pfValue * skg.cy.zoom(), label: n.pstyle('label').strValue}; }"
    )
    assert abs(centre["x"] - centre["w"] / 2) < 1.5 and abs(centre["y"] - centre["h"] / 2) < 1.5  # at the middle of the canvas
    assert centre["marked"] and centre["bold"] == "bold" and centre["border"] >= 2.9 and centre["label"] == "pregnancy"
    assert page.locator("[data-test=status]").inner_text() == (f"Around \u201cpregnancy\u201d (marked, depth 2): {n} of {n} terms, {m} of {m} edges shown")
    assert page.locator("[data-test=panel-title]").inner_text() == "pregnancy"  # the panel opens on it
    assert page.locator("[data-test=panel] [data-test=edge]").count() == 8
    # the neighbours one edge away are nearer than those two away
    rings = page.evaluate(
        """() => { const c = skg.cy.getElementById('SKG:Pregnancy').position();
          return skg.cy.nodes().map(n => [n.id(), Math.hypot(n.position().x - c.x, n.position().y - c.y)]); }"""
    )
    near = {v for u, v in pregnancy.out_edges("SKG:Pregnancy")} | {u for u, v in pregnancy.in_edges("SKG:Pregnancy")}
    distance = dict(rings)
    assert max(distance[n] for n in near) < min(d for n, d in distance.items() if n not in near and n != "SKG:Pregnancy")
    boxes = page.evaluate(LABEL_BOXES)
    assert len(boxes) >= 20 and "pregnancy" in {b["label"] for b in boxes}
    assert overlaps(boxes) == []  # no pile of labels at the centre
    shot(page, tmp_path, "viewer-pregnancy-depth2.png")

    # hiding inferred edges hides what only they reach from pregnancy, and the panel follows
    page.locator("[data-test=inferred-filter]").uncheck()
    settled(page)
    assert page.evaluate(ORPHANS) == []
    reached = page.evaluate(  # what the shown edges reach from pregnancy in two steps
        """() => { const on = e => e.visible(), seen = new Set(['SKG:Pregnancy']); let front = ['SKG:Pregnancy'];
        for (let d = 0; d < 2; d++) {
          const next = [];
          front.forEach(id => skg.cy.getElementById(id).connectedEdges().filter(on).connectedNodes().forEach(m => {
            if (!seen.has(m.id())) { seen.add(m.id()); next.push(m.id()); } }));
          front = next;
        }
        return [seen.size, skg.cy.nodes(':visible').length]; }"""
    )
    assert reached[0] == reached[1] < n
    status = page.locator("[data-test=status]")
    assert status.get_attribute("data-shown-nodes") == str(reached[1])
    assert f"{reached[1]} of {n} terms" in status.inner_text()
    assert page.locator("[data-test=panel] [data-test=edge]").count() == 6  # electrophoresis and UHF therapy were inferred
    assert "2 more edges are hidden by the filters" in page.locator("[data-test=panel-note]").inner_text()
    # magnetotherapy rests on the two D003 passages electrotherapy's edge shows: named in one line
    magneto = page.locator("[data-test=panel] [data-test=edge]", has_text="magnetotherapy")
    assert magneto.locator("[data-test=quote]").count() == 0
    assert magneto.locator("[data-test=quote-ref]").all_text_contents() == [
        "The same passages (D003 @43599\u201343733, D003 @43735\u201343888)"
        " as under \u201celectrotherapy \u2014 contraindicated in \u2192 pregnancy\u201d above"
    ]
    quiet(seen, path)


def test_hiding_inferred_edges_leaves_no_orphan(browser: Any, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "kg.html"
    write_html(graph, path)
    page, seen = open_page(browser, path)

    def visible(node: str) -> bool:
        settled(page)
        return bool(page.evaluate(f"() => skg.cy.getElementById({node!r}).visible()"))

    def orphans() -> list[str]:
        settled(page)
        return list(page.evaluate(ORPHANS))

    assert orphans() == []
    assert visible("SKG:Electrophoresis")  # only inferred contraindications, besides is-a
    page.locator("[data-test=inferred-filter]").uncheck()
    assert orphans() == []
    assert not visible("SKG:Electrophoresis") and not visible("SKG:UHFTherapy")
    status = page.locator("[data-test=status]")
    settled(page)
    shown = page.evaluate("() => [skg.cy.nodes(':visible').length, skg.cy.edges(':visible').length]")
    assert [status.get_attribute("data-shown-nodes"), status.get_attribute("data-shown-edges")] == [str(shown[0]), str(shown[1])]
    assert shown[1] == sum(1 for _, _, k, d in graph.edges(keys=True, data=True) if not d["inferred"] and k != "rdfs:subClassOf")
    # with the is-a edges, electrophoresis is back (it is a kind of electrotherapy), still no orphan
    page.locator("[data-test=isa-filter]").check()
    assert orphans() == [] and visible("SKG:Electrophoresis")
    # in a focus view too, and the panel lists what is shown
    page.evaluate("() => skg.focusNode('SKG:Pregnancy')")
    assert orphans() == []
    settled(page)
    assert page.locator("[data-test=panel] [data-test=edge]").count() == page.evaluate("() => skg.cy.edges(':visible').length") == 6
    page.locator("[data-test=inferred-filter]").check()
    assert page.locator("[data-test=panel] [data-test=edge]").count() == 8
    radii = page.evaluate(  # the neighbours shown again take their places on the ring around it
        """() => { const c = skg.cy.getElementById('SKG:Pregnancy').position();
          return skg.cy.nodes(':visible').filter(n => n.id() !== 'SKG:Pregnancy').map(n => Math.hypot(n.position().x - c.x, n.position().y - c.y)); }"""
    )
    assert len(radii) == 8 and max(radii) - min(radii) < 1
    quiet(seen, path)


def test_search_forgives_typos_and_ranks_exact_and_prefix_first(browser: Any, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "kg.html"
    write_html(graph, path)
    page, seen = open_page(browser, path)

    def results(query: str) -> list[str]:
        page.fill("[data-test=search]", query)
        return [x.get_attribute("data-id") for x in page.locator("[data-test=search-result]").all()]

    assert results("ibuprofn")[0] == "SKG:Ibuprofen"  # a letter left out
    assert results("ibuporfen")[0] == "SKG:Ibuprofen"  # two swapped
    assert results("pregnacy")[0] == "SKG:Pregnancy"
    assert results("motrn")[0] == "SKG:Motrin"  # a brand name
    assert results("ibu")[0] == "SKG:Ibuprofen"  # a prefix
    assert results("Advil")[:2] == ["SKG:Advil", "SKG:Ibuprofen"]  # the brand itself, then the drug it names
    assert results("SKG:NSAID")[0] == "SKG:NSAID"  # a CURIE
    assert results("osteitis deformans")[0] == "SKG:PagetDiseaseOfBone"  # a synonym
    # exact, then prefix, then word and forgiving matches
    assert results("back pain")[0] == "SKG:BackPain"
    assert results("pain")[0] == "SKG:Pain"
    scores = [float(x.get_attribute("data-score")) for x in page.locator("[data-test=search-result]").all()]
    labels = page.locator("[data-test=search-result] > span:first-child").all_text_contents()
    assert scores == sorted(scores) and labels[1].startswith("pain") and "back pain" in labels
    assert results("xqzvw") == [] and page.locator("[data-test=no-result]").count() == 1
    # Enter opens the first result
    page.fill("[data-test=search]", "ibuprofn")
    page.press("[data-test=search]", "Enter")
    assert page.locator("[data-test=panel-title]").inner_text() == "ibuprofen"
    quiet(seen, path)


def test_panel_shows_each_quote_once_and_derivations_in_words(browser: Any, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "kg.html"
    write_html(graph, path)
    page, seen = open_page(browser, path)
    panel = page.locator("[data-test=panel]")
    # NSAID: the one D002 sentence supports its edges to bleeding ulcer and to fatal heart attack
    page.evaluate("() => skg.focusNode('SKG:NSAID')")
    quotes = panel.locator("[data-test=quote]").all_text_contents()
    assert quotes.count(NSAID_QUOTE) == 1
    assert len(quotes) == len(set(quotes))
    assert panel.locator("[data-test=quote-ref]").count() >= 1  # where it is repeated, it is named
    first = panel.locator("[data-test=edge]", has_text="bleeding ulcer").first
    claims = first.locator("[data-test=claim]").evaluate_all("els => els.map(e => e.getAttribute('data-claim'))")
    assert {"SKGCLAIM:D002-034.BleedingUlcer", "SKGCLAIM:D002-035.BleedingUlcer"} <= set(claims)  # the claims the quote supports, with it

    # ibuprofen: inferred through NSAID, said in words with the claims' document and qualifiers
    page.evaluate("() => skg.focusNode('SKG:Ibuprofen')")
    words = panel.locator("[data-test=derivation]").all_text_contents()
    assert (
        "ibuprofen is a kind of non-steroidal anti-inflammatory drug; non-steroidal anti-inflammatory drug has the adverse effect bleeding ulcer"
        " (D002, hedge: risk, in people suffering from chronic back pain, especially great for long-term users)"
    ) in words
    assert "ibuprofen has the brand Advil (D000)" in words
    assert not any("SKG:" in w or "rdfs:" in w for w in words)
    quotes = panel.locator("[data-test=quote]").all_text_contents()
    assert len(quotes) == len(set(quotes)) and NSAID_QUOTE in quotes
    shot(page, tmp_path, "viewer-panel-ibuprofen.png")

    # every node's panel: no quote twice
    repeated = page.evaluate(
        """() => skg.cy.nodes().filter(n => n.degree() > 8).map(n => n.id()).filter(id => {
          skg.focusNode(id);
          const q = [...document.querySelectorAll('[data-test=panel] [data-test=quote]')].map(e => e.textContent);
          return q.length !== new Set(q).size; })"""
    )
    assert repeated == []
    quiet(seen, path)


def test_hostile_text_shows_as_text(browser: Any, hostile: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "hostile.html"
    write_html(hostile, path)
    page, seen = open_page(browser, path)
    label = hostile.nodes["SKG:A"]["label"]
    page.fill("[data-test=search]", 'it\'s "quoted"')
    page.locator("[data-test=search-result][data-id='SKG:A']").click()
    assert page.locator("[data-test=panel-title]").text_content() == label
    assert label in page.locator("[data-test=quote]").all_text_contents()
    assert page.locator("[data-test=panel] b").count() == 0 and page.locator("script").count() == 3
    assert seen["dialogs"] == [] and seen["errors"] == []
