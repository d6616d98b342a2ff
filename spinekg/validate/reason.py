"""OWL reasoning with HermiT (through owlready2; needs Java): consistency and unsatisfiable classes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import owlready2


@dataclass
class ReasonerReport:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def load_world(owl_file: Path) -> tuple[owlready2.World, owlready2.Ontology]:
    """A fresh owlready2 World holding the ontology (nothing global is touched)."""
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology(owl_file.resolve().as_uri()).load()
    return world, onto


def run_hermit(world: owlready2.World) -> ReasonerReport:
    """Classify ``world`` with HermiT and report consistency and unsatisfiable classes."""
    import owlready2

    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError as err:
        return ReasonerReport(False, [], f"HermiT: the ontology is inconsistent ({err.__class__.__name__})")
    unsat = sorted(str(c.iri) for c in world.inconsistent_classes() if c is not owlready2.Nothing)
    msg = "HermiT: consistent" + (f"; unsatisfiable: {', '.join(unsat)}" if unsat else ", no unsatisfiable class")
    return ReasonerReport(True, unsat, msg)


def check(owl_file: Path) -> ReasonerReport:
    """Load ``owl_file`` and run HermiT on it."""
    world, _ = load_world(owl_file)
    return run_hermit(world)
