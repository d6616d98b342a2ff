"""The look of the graph, shared by the DOT export and the viewer: category colours and edge styles."""

from __future__ import annotations

from typing import Any

#: Fill colour per top-level category (Tableau-like, distinguishable on white).
COLOURS: dict[str, str] = {
    "SKG:Condition": "#d62728",
    "SKG:ClinicalFinding": "#ff7f0e",
    "SKG:AdverseEffect": "#8c564b",
    "SKG:PhysiologicalState": "#e377c2",
    "SKG:DiseasePhase": "#bcbd22",
    "SKG:DiagnosticProcedure": "#17becf",
    "SKG:Treatment": "#2ca02c",
    "SKG:Drug": "#1f77b4",
    "SKG:BrandProduct": "#9467bd",
    "SKG:AnatomicalStructure": "#7f7f7f",
    "SKG:Pathogen": "#393b79",
    "SKG:Specialist": "#637939",
    "SKG:PatientGroup": "#e7969c",
    "SKG:Behaviour": "#b5cf6b",
    "SKG:DoseRegimen": "#9edae5",
}
#: Colour of a category the palette does not know.
OTHER = "#c7c7c7"

#: Line colour of an edge, as the viewer draws it (``assets/viewer.js``).
EDGE_COLOUR = "#b8b8b8"
#: Line colour per relation that stands out: contraindications red, advice against orange, is-a faint.
RELATION_COLOURS: dict[str, str] = {
    "SKG:contraindicatedIn": "#d62728",
    "SKG:advisedAgainstFor": "#e07b39",
    "rdfs:subClassOf": "#dddddd",
}
#: Line width (relative to 1) per relation drawn heavier.
RELATION_WIDTHS: dict[str, float] = {"SKG:contraindicatedIn": 1.6}


def root_category(graph_attrs: dict[str, Any], category: str) -> str:
    """The top-level category above ``category`` (itself when the graph does not know it)."""
    return str(graph_attrs.get("categories", {}).get(category, {}).get("root", category))


def colour(graph_attrs: dict[str, Any], category: str) -> str:
    """The fill colour of a node of ``category``.

    >>> colour({"categories": {"SKG:Symptom": {"root": "SKG:ClinicalFinding"}}}, "SKG:Symptom")
    '#ff7f0e'
    """
    return COLOURS.get(root_category(graph_attrs, category), OTHER)


def edge_colour(relation: str) -> str:
    """The line colour of an edge of ``relation`` (a predicate CURIE).

    >>> edge_colour("SKG:contraindicatedIn"), edge_colour("SKG:treats")
    ('#d62728', '#b8b8b8')
    """
    return RELATION_COLOURS.get(relation, EDGE_COLOUR)


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (``#rrggbb``; WCAG relative luminance).

    >>> text_colour("#393b79"), text_colour("#ff7f0e")
    ('#ffffff', '#000000')
    """

    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(fill[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    # contrast with black (L + .05) / .05 against white 1.05 / (L + .05): black wins above L = .179
    return "#000000" if luminance > 0.179 else "#ffffff"
