r"""Graphviz DOT, written with plain Python (no pygraphviz or pydot needed), drawn like the viewer.

Every ID and value is a double-quoted string: ``"`` and ``\`` are escaped, and line breaks become
Graphviz's ``\n``. The look is the viewer's (:mod:`spinekg.export.style`): nodes filled with their
top-level category's colour (white text on the dark ones), contraindications red and heavier,
advice against orange, is-a edges faint, inferred edges dashed, and a legend of the categories and
edge styles under the picture (the graph's label). All attributes are written (lists and dicts as
JSON text), so the file keeps the provenance; Graphviz draws a node's ``label`` and ignores the
rest. An edge's ``label`` (its relation) is written as its ``tooltip``, shown on hovering in SVG,
so that 1,800 relation names do not cover the picture, as the viewer shows them only on focus.

Render with ``sfdp -Tsvg kg.dot -o kg.svg`` (about a second for the whole graph: edges are straight,
spline routing takes minutes; pass ``-Gsplines=true`` for curves on a small cut).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinekg.export.style import COLOURS, EDGE_COLOUR, RELATION_COLOURS, RELATION_WIDTHS, colour, edge_colour, root_category, text_colour
from spinekg.files import write_text

if TYPE_CHECKING:
    import networkx as nx

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: Text colour of the legend's edge styles.
LEGEND_TEXT = "#444444"


def quote(value: Any) -> str:
    r"""``value`` as a DOT double-quoted string.

    >>> print(quote('say "no" to C:\\temp'))
    "say \"no\" to C:\\temp"
    """
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def _name(key: str) -> str:
    return key if _PLAIN.fullmatch(key) else quote(key)


def _attrs(items: dict[str, Any]) -> str:
    return ", ".join(f"{_name(k)}={quote(v)}" for k, v in items.items())


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def legend(graph: nx.MultiDiGraph[str]) -> str:
    """The legend under the picture, a Graphviz HTML-like label: one swatch per top-level category
    the graph's nodes fall under (in the palette's order), then the edge styles its edges use."""
    attrs = graph.graph
    cats = attrs.get("categories", {})
    roots = {root_category(attrs, d.get("category", "")) for _, d in graph.nodes(data=True)}
    order = {c: i for i, c in enumerate(COLOURS)}
    cells = []
    for root in sorted(roots, key=lambda c: (order.get(c, len(order)), c)):
        fill = colour(attrs, root)
        name = _html(str(cats.get(root, {}).get("label", root)))
        cells.append(f'<td bgcolor="{fill}"><font color="{text_colour(fill)}">{name}</font></td>')
    keys = {k for _, _, k in graph.edges(keys=True)}
    preds = attrs.get("predicates", {})
    lines = []
    for key, stroke in RELATION_COLOURS.items():
        if key in keys:
            name = _html(str(preds.get(key, {}).get("label", key)))
            lines.append(f'<td><font color="{stroke}"><b>&#8212;&#8212;</b></font> <font color="{LEGEND_TEXT}">{name}</font></td>')
    if any(d.get("inferred") for _, _, d in graph.edges(data=True)):
        lines.append(f'<td><font color="{LEGEND_TEXT}"><b>- - -</b> inferred</font></td>')
    rows = [f"<tr>{''.join(cells)}</tr>"] if cells else []
    if lines:
        rows.append(f'<tr><td colspan="{max(len(cells), 1)}"><table border="0"><tr>{"".join(lines)}</tr></table></td></tr>')
    return f'<<table border="0" cellspacing="3" cellpadding="3">{"".join(rows)}</table>>' if rows else '""'


def to_dot(graph: nx.MultiDiGraph[str]) -> str:
    """``graph`` as DOT text."""
    lines = [
        f"digraph {quote(graph.graph.get('name', 'spinekg'))} {{",
        # straight edges: spline routing (splines="true") makes sfdp take minutes on the whole
        # graph (186 s against 2 s), and a person who wants curves can pass -Gsplines=true
        f'  graph [overlap="false", outputorder="edgesfirst", fontname="Helvetica", fontsize="12", labelloc="b", label={legend(graph)}];',
        '  node [shape="box", style="rounded,filled", fontname="Helvetica", fontsize="10", color="#555555"];',
        f'  edge [fontname="Helvetica", fontsize="8", color="{EDGE_COLOUR}", arrowsize="0.6"];',
    ]
    for n, d in graph.nodes(data=True):
        fill = colour(graph.graph, d.get("category", ""))
        fills = {"fillcolor": fill, "fontcolor": text_colour(fill)}
        lines.append(f"  {quote(n)} [{_attrs({**d, **fills})}];")
    for u, v, k, d in graph.edges(keys=True, data=True):
        data = {("tooltip" if name == "label" else name): value for name, value in d.items()}
        look: dict[str, Any] = {"color": edge_colour(k), "style": "dashed" if d.get("inferred") else "solid"}
        if k in RELATION_WIDTHS:
            look["penwidth"] = RELATION_WIDTHS[k]
        lines.append(f"  {quote(u)} -> {quote(v)} [{_attrs({'key': k, **data, **look})}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_dot(graph: nx.MultiDiGraph[str], path: str | Path) -> None:
    """Write ``graph`` to ``path`` as DOT."""
    write_text(path, to_dot(graph))
