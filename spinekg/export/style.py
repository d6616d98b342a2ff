"""Colours of the top-level categories, shared by the DOT export and the viewer."""

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


def root_category(graph_attrs: dict[str, Any], category: str) -> str:
    """The top-level category above ``category`` (itself when the graph does not know it)."""
    return str(graph_attrs.get("categories", {}).get(category, {}).get("root", category))


def colour(graph_attrs: dict[str, Any], category: str) -> str:
    """The fill colour of a node of ``category``.

    >>> colour({"categories": {"SKG:Symptom": {"root": "SKG:ClinicalFinding"}}}, "SKG:Symptom")
    '#ff7f0e'
    """
    return COLOURS.get(root_category(graph_attrs, category), OTHER)
