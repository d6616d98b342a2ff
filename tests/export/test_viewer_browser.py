"""The viewer in a real browser: Debian's Chromium, driven by Playwright, fully offline.

Never skipped: without Chromium the test fails and says how to install it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from spinekg.export.viewer import write_html

if TYPE_CHECKING:
    import networkx as nx

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


def open_page(browser: Any, path: Path) -> tuple[Any, dict[str, list[str]]]:
    seen: dict[str, list[str]] = {"errors": [], "requests": [], "dialogs": []}
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.route(
        "**/*", lambda route: (seen["requests"].append(route.request.url), route.continue_() if route.request.url.startswith("file:") else route.abort())
    )
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=90_000)
    return page, seen


def click_on_canvas(page: Any, js_position: str) -> None:
    pos = page.evaluate(f"() => {js_position}")
    box = page.locator("[data-test=graph]").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


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
    page.screenshot(path=str(tmp_path / "viewer-pregnancy.png"))

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

    # an inferred edge: its derivation and the quote it rests on
    page.fill("[data-test=search]", "electrophoresis")
    page.locator("[data-test=search-result][data-id='SKG:Electrophoresis']").click()
    edge = "skg.cy.getElementById('SKG:Electrophoresis SKG:contraindicatedIn SKG:Pregnancy')"
    click_on_canvas(page, f"{edge}.renderedMidpoint()")
    assert panel.get_attribute("data-kind") == "edge"
    derivations = panel.locator("[data-test=derivation]").all_text_contents()
    assert any("SKG:Electrophoresis rdfs:subClassOf SKG:Electrotherapy" in d for d in derivations)
    assert QUOTE in panel.locator("[data-test=quote]").all_text_contents()
    page.screenshot(path=str(tmp_path / "viewer-edge.png"))

    # filters: a category and a relation
    page.locator("[data-test=show-all]").click()

    def visible(js: str) -> bool:
        return page.evaluate(f"() => {js}.visible()")

    assert visible("skg.cy.getElementById('SKG:Electrotherapy')")
    page.locator("[data-test=category-filter][data-category='SKG:Treatment'] input").uncheck()
    assert not visible("skg.cy.getElementById('SKG:Electrotherapy')") and visible("skg.cy.getElementById('SKG:Pregnancy')")
    page.locator("[data-test=category-filter][data-category='SKG:Treatment'] input").check()
    assert visible(edge)
    page.locator("[data-test=relation-filter][data-predicate='SKG:contraindicatedIn'] input").uncheck()
    assert not visible(edge) and visible("skg.cy.getElementById('SKG:Electrophoresis')")
    page.locator("[data-test=relation-filter][data-predicate='SKG:contraindicatedIn'] input").check()
    page.locator("[data-test=inferred-filter]").uncheck()
    assert not visible(edge) and visible("skg.cy.getElementById('SKG:Electrotherapy SKG:contraindicatedIn SKG:Pregnancy')")
    page.screenshot(path=str(tmp_path / "viewer-overview.png"))
    assert (tmp_path / "viewer-pregnancy.png").stat().st_size > 50_000

    assert seen["errors"] == [] and seen["dialogs"] == []
    assert seen["requests"] == [path.as_uri()]  # nothing fetched: the library is inlined


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
