"""HermiT: consistency, disjointness in force, and agreement with the subject-side rules."""

from __future__ import annotations

import types
from pathlib import Path

import owlready2
import pytest

from spinekg.compile import infer
from spinekg.curation.check import check_root
from spinekg.validate.reason import load_world, run_hermit

SKG = "https://w3id.org/spinekg/"


def test_ontology_is_consistent_without_unsatisfiable_classes(kg) -> None:
    report = run_hermit(load_world(kg.files.owl)[0])
    assert report.consistent and report.unsatisfiable == [], report.message


def test_a_term_typed_drug_and_condition_is_unsatisfiable(kg) -> None:
    world, onto = load_world(kg.files.owl)
    with onto:
        types.new_class("DrugAndCondition", (world[SKG + "Drug"], world[SKG + "Condition"]))
    report = run_hermit(world)
    assert report.unsatisfiable == ["https://w3id.org/spinekg/spinekg.owl#DrugAndCondition"]


@pytest.mark.parametrize("relation", ["contraindicatedIn", "hasAdverseEffect", "advisedAgainstFor"])
def test_reasoner_and_subject_side_rules_agree(kg, root: Path, relation: str) -> None:
    """For each object O, HermiT's subclasses of (relation some O) equal the subjects the
    subject-side rule gives (the asserted subjects plus everything below them).

    OWL also generalises the object upward (an effect of cement leakage into the spinal canal is an
    effect of cement leakage); the relation graph leaves that to queries (``rdfs:subClassOf*`` on
    the object), so the rule side of the comparison follows it the same way here."""
    resolved = check_root(root)
    rules = [r for r in infer.load_rules(root) if r.name.endswith("-to-subclass") and not r.name.startswith("contraindication-to-condition")]
    inference = infer.run(resolved, rules)
    p = SKG + relation
    edges = [e for e in (*inference.support, *inference.derivations) if str(e[1]) == p]
    objects = sorted({str(e[2]) for e in edges})
    world, onto = load_world(kg.files.owl)
    defined = {}
    with onto:
        for i, o in enumerate(objects):
            cls = types.new_class(f"Defined{i}", (owlready2.Thing,))
            cls.equivalent_to = [world[p].some(world[o])]
            defined[o] = cls
    run_hermit(world)
    for o, cls in defined.items():
        by_reasoner = {c.iri for c in cls.descendants() if c.iri.startswith(SKG) and "spinekg.owl#" not in c.iri}
        below_o = {t for t in (*resolved.terms, *resolved.categories) if SKG + o.removeprefix(SKG) in {SKG + a for a in resolved.ancestors(t)}}
        by_rules = {str(e[0]) for e in edges if str(e[2]).removeprefix(SKG) in below_o}
        assert by_reasoner == by_rules, o
