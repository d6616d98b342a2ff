"""The compiler: checked curation -> OWL ontology (RDF/XML and Turtle), relation graph and inferred graph (N-Quads).

The build is fail-closed: every problem in the curation is listed (file and line) and nothing is
written unless all outputs were produced. Outputs are byte-identical from one build to the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from spinekg import vocab
from spinekg.curation.check import check_root
from spinekg.curation.resolved import Resolved

if TYPE_CHECKING:
    from spinekg.compile.infer import Inference
    from spinekg.compile.nodes import Triple
from spinekg.errors import BuildWriteError, StaleBuildError
from spinekg.files import read_regular
from spinekg.paths import BuiltFiles

#: Built files, relative to the project root.
FILES = BuiltFiles.in_folder(Path("ontology"))
OUTPUTS = tuple(FILES)


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: file contents by path, plus the resolved curation."""

    outputs: dict[Path, bytes]
    resolved: Resolved
    inference: Inference


def compile_outputs(root: Path) -> BuildResult:
    """Check the curation under ``root`` and serialise every output in memory."""
    from spinekg.compile import infer, serialize
    from spinekg.compile.owl import ontology_graph
    from spinekg.compile.relations import asserted_triples

    resolved = check_root(root)
    _prove_quotes(resolved)
    onto = ontology_graph(resolved)
    rules = infer.load_rules(root)
    inference = infer.run(resolved, rules)
    asserted = set(asserted_triples(resolved))
    inferred = set(infer.inferred_triples(inference, rules, infer.claim_qualifiers(resolved)))
    _prove_disjoint({"ontology": set(onto), "asserted": asserted, "inferred": inferred})
    outputs = {
        FILES.owl: serialize.rdfxml(onto),
        FILES.ttl: serialize.turtle(onto),
        FILES.relations: serialize.nquads(asserted, vocab.ASSERTED_GRAPH),
        FILES.inferred: serialize.nquads(inferred, vocab.INFERRED_GRAPH),
    }
    return BuildResult(outputs, resolved, inference)


def _prove_disjoint(graphs: dict[str, set[Triple]]) -> None:
    """Each triple in exactly one named graph: a query over their union never sees a row twice."""
    names = sorted(graphs)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            shared = graphs[a] & graphs[b]
            if shared:  # pragma: no cover - guards the compiler itself
                example = " ".join(x.n3() for x in min(shared, key=lambda t: tuple(x.n3() for x in t)))
                raise AssertionError(f"{len(shared)} triples are in both the {a} and the {b} graph, e.g. {example}")


def _prove_quotes(r: Resolved) -> None:
    """Re-read every located quote from its text: the build's own proof of provenance."""
    from spinekg.curation.sources import normalise

    for c in r.claims:
        if c.document is None:  # a curator mapping: no quote to prove
            continue
        for s in c.spans:
            found = normalise(r.texts[c.document][s.start : s.end])
            if found != s.quote:  # pragma: no cover - guards the locator itself
                raise AssertionError(f"claim {c.id}: offsets {s.start}-{s.end} do not hold its quote")


def stale_files(root: Path, result: BuildResult) -> list[Path]:
    """Outputs whose committed bytes differ from ``result`` (or are missing)."""
    stale = []
    for rel, data in result.outputs.items():
        path = root / rel
        try:
            same = read_regular(path, limit=len(data)) == data
        except OSError:  # missing, not a regular file, or longer than it should be
            same = False
        if not same:
            stale.append(rel)
    return stale


def build(root: Path, *, check: bool = False) -> BuildResult:
    """Build the ontology files under ``root``.

    With ``check``, write nothing and raise :class:`StaleBuildError` if a committed file differs.
    Raises :class:`~spinekg.errors.CurationError` (listing every problem) before writing anything.
    """
    result = compile_outputs(root)
    if check:
        stale = stale_files(root, result)
        if stale:
            raise StaleBuildError(stale)
        return result
    _write_all(root, result.outputs)
    return result


def _write_all(root: Path, outputs: dict[Path, bytes]) -> None:
    """Write every output or none (:func:`spinekg.files.write_files`)."""
    from spinekg.files import write_files

    write_files({root / rel: data for rel, data in outputs.items()}, error=BuildWriteError, special=False)
