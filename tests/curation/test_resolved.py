"""The stance -> graph predicate rule, on its own and as the resolved curation applies it."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinekg.curation.check import check_root
from spinekg.curation.models import Relation, Stance
from spinekg.curation.resolved import graph_predicate

TREATS = Relation(id="treats", label="treats", definition="-", domain=["Drug"], range=["Condition"], negation="advisedAgainstFor")
HAS_BRAND = Relation(id="hasBrand", label="has brand", definition="-", domain=["Drug"], range=["BrandProduct"])
# The stances as schema.yaml declares them: only their `edge` matters to the rule.
STANCES = {
    "Recommended": Stance(id="Recommended", label="recommended", definition="-"),
    "Reported": Stance(id="Reported", label="reported association", definition="-"),
    "AdvisedAgainst": Stance(id="AdvisedAgainst", label="advised against", definition="-", edge="negation"),
    "MixedEvidence": Stance(id="MixedEvidence", label="mixed evidence", definition="-", edge="none"),
    "NotEffective": Stance(id="NotEffective", label="not effective", definition="-", edge="none"),
}


@pytest.mark.parametrize(
    ("predicate", "stance", "relation", "expected"),
    [
        pytest.param("treats", "Recommended", TREATS, "treats", id="recommended"),
        pytest.param("treats", "Reported", TREATS, "treats", id="reported"),
        pytest.param("treats", "AdvisedAgainst", TREATS, "advisedAgainstFor", id="advised-against-negation"),
        pytest.param("hasBrand", "AdvisedAgainst", HAS_BRAND, None, id="advised-against-without-negation"),
        pytest.param("treats", "MixedEvidence", TREATS, None, id="mixed-evidence"),
        pytest.param("treats", "NotEffective", TREATS, None, id="not-effective"),
        pytest.param("hasLimit", "Reported", None, "hasLimit", id="data-relation"),
    ],
)
def test_graph_predicate(predicate: str, stance: str, relation: Relation | None, expected: str | None) -> None:
    assert graph_predicate(predicate, STANCES[stance], relation) == expected


def test_resolved_claims_carry_the_graph_predicate_of_their_stance(root: Path) -> None:
    claims = {c.id: c for c in check_root(root).claims}
    # D000: "some find compression therapies helpful"; D003: prolonged bed rest is advised against;
    # D002: rest "may be helpful for some ..., but not for others"
    assert claims["D000-005"].graph_predicate == "treats"
    assert claims["D003-206"].graph_predicate == "advisedAgainstFor"
    assert claims["D002-038"].graph_predicate is None


def test_the_schema_gives_each_stance_its_edge(root: Path) -> None:
    # ontology/curation/schema.yaml: advice against is stated with the negation; mixed evidence and
    # no effect put no edge in the relation graph; every other stance states its predicate
    edges = {s.id: s.edge for s in check_root(root).schema.stances}
    assert edges == {
        "Recommended": "predicate",
        "AdvisedAgainst": "negation",
        "Contraindicated": "predicate",
        "Reported": "predicate",
        "NotEffective": "none",
        "MixedEvidence": "none",
    }
