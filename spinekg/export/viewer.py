"""The interactive viewer: one self-contained HTML file that works offline.

Cytoscape.js (shipped in ``assets/``, MIT) and the viewer's script and style are inlined; the graph
goes in as Cytoscape.js JSON in a ``<script type="application/json">`` block whose ``<``, ``>`` and
``&`` are JSON escapes, so no text of the graph (quotes hold apostrophes, quotation marks, ``<`` and
``&``) can end the block; the script puts every text into the page as text, never as HTML.

The layout is computed when the file is written (:func:`spinekg.export.layout.layout`: deterministic, pure Python,
about 0.2 s for the full graph), and goes in as Cytoscape.js ``preset`` positions, so the page
opens at once and the same graph always gives the same picture (and the same bytes). The whole
graph is a map of category regions; an ego graph (``--term``) is drawn in rings around its term,
which the page centres and marks. Beside the elements the data block holds ``view``: the
``centre`` term and ``depth`` of an ego graph, the category ``regions`` of the overview, and
whether is-a edges are drawn at first (``isa``: around a term, not in the overview).

The page: nodes coloured by top-level category and sized by degree, labels that keep one size on
screen and never overlap (the hubs at the overview zoom, more as you zoom in), a legend that
filters, filters by relation, for inferred edges and for is-a edges in the overview (a node that
only hidden edges reach is hidden with them; the status line and the panel follow), a search box
that forgives typos (label, synonym, brand name, CURIE), and a side panel with the label,
definition, synonyms and xrefs of a node and, for each of its edges or a clicked edge, the
claims with stance, source document, quotes (each once) and offsets, and the derivation of an
inferred edge in words. Clicking a node shows its neighbourhood alone, laid out around it.
Elements carry ``data-test`` attributes (``search``, ``search-result``, ``panel``, ``panel-title``,
``panel-note``, ``quote``, ``quote-ref``, ``document``, ``claim``, ``derivation``, ``status``,
``category-filter``, ``relation-filter``, ``inferred-filter``, ``isa-filter``, ``show-all``);
``<body data-ready="true">`` once the first view is drawn, and ``window.skg`` holds the
Cytoscape instance (``cy``) and the page's own calls (``focusNode``, ``showAll``, ``find``,
``labelled`` ...).
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinekg.export.cytoscape import to_cytoscape
from spinekg.export.layout import layout
from spinekg.export.style import colour, root_category
from spinekg.files import write_text

if TYPE_CHECKING:
    import networkx as nx

ASSETS = Path(__file__).parent / "assets"
_SLOT = re.compile(r"@@([A-Z]+)@@")


@cache
def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    """``value`` as JSON safe inside a ``<script>`` element: ``<``, ``>``, ``&`` and the JavaScript
    line terminators U+2028/U+2029 are written as ``\\u`` escapes (JSON.parse reads them back).

    >>> script_json({"quote": "</script><b>'&'</b>"})
    '{"quote": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\'\\\\u0026\\'\\\\u003c/b\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    for char, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, esc)
    return text


def inline(code: str, element: str) -> str:
    """``code`` to be inlined in a ``<script>`` or ``<style>`` element; refused if it would end that
    element early (the shipped assets do not: a test checks)."""
    if re.search(f"</{element}", code, re.IGNORECASE):
        raise ValueError(f"inlined {element} contains '</{element}'")
    return code


def _title(graph: nx.MultiDiGraph[str]) -> str:
    text = f"{graph.graph.get('name', 'spinekg')}: {graph.number_of_nodes()} terms, {graph.number_of_edges()} edges"
    selection = graph.graph.get("selection", {})
    center = selection.get("term")
    if center in graph:
        text += f" around {graph.nodes[center].get('label', center)} (depth {selection.get('depth')})"
    return text


def to_html(graph: nx.MultiDiGraph[str], *, title: str | None = None) -> str:
    """``graph`` as a self-contained interactive HTML page (the same bytes for the same graph)."""
    data = to_cytoscape(graph)
    drawn = layout(graph)
    for el in data["elements"]["nodes"]:
        d = el["data"]
        d["root"] = root_category(graph.graph, d.get("category", ""))
        d["colour"] = colour(graph.graph, d.get("category", ""))
        d["size"] = drawn.sizes[d["id"]]
        x, y = drawn.positions[d["id"]]
        el["position"] = {"x": x, "y": y}
    selection = graph.graph.get("selection", {})
    view = {
        "centre": drawn.centre,
        "depth": selection.get("depth") if drawn.centre else None,
        "isa": drawn.centre is not None,  # is-a edges drawn at first: around a term, not in the overview
        "regions": drawn.regions,
    }
    page_title = title or _title(graph)
    parts = {
        "TITLE": html.escape(page_title),
        "CSS": inline(_asset("viewer.css"), "style"),
        "DATA": script_json({"graph": data["data"], "view": view, "elements": data["elements"]}),
        "CYTOSCAPE": inline(_asset("cytoscape.min.js"), "script"),
        "VIEWER": inline(_asset("viewer.js"), "script"),
    }
    # one pass over the template: inserted text is never scanned for slots again
    return _SLOT.sub(lambda m: parts[m.group(1)], _asset("viewer.html"))


def write_html(graph: nx.MultiDiGraph[str], path: str | Path) -> None:
    """Write ``graph`` to ``path`` as a self-contained interactive HTML page."""
    write_text(path, to_html(graph))
