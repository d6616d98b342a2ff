"""A quality-control report modeled on ROBOT ``report``, and the ``validate`` run that gathers
every gate: curation checks, stale files, HermiT, SHACL, QC rules and verified xrefs.

Each problem is a :class:`Issue` with a level (ERROR, WARN, INFO), a rule name (ROBOT's where one
exists), the subject, the property and a message. ``validate`` fails when any ERROR is found.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import OWL, RDFS, Graph, URIRef

from spinekg import vocab

LEVELS = ("ERROR", "WARN", "INFO")
CURIE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*:[^\s:][^\s]*$")


@dataclass(frozen=True, order=True)
class Issue:
    level: str
    rule: str
    subject: str
    property: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def _terms(g: Graph) -> list[URIRef]:
    return sorted(s for s in set(g.subjects(URIRef(vocab.BASE + "category"), None)) if isinstance(s, URIRef))


def report(g: Graph) -> list[Issue]:
    """The ROBOT-style checks over the ontology graph."""
    out: list[Issue] = []
    label_p, def_p = RDFS.label, URIRef(vocab.IAO_DEFINITION)
    exact_p = URIRef(vocab.OBOINOWL + "hasExactSynonym")
    related_p = URIRef(vocab.OBOINOWL + "hasRelatedSynonym")
    xref_p = URIRef(vocab.OBOINOWL + "hasDbXref")
    category_p = URIRef(vocab.BASE + "category")
    terms = _terms(g)
    by_label: dict[str, list[str]] = defaultdict(list)
    by_exact: dict[str, list[str]] = defaultdict(list)
    by_definition: dict[str, list[str]] = defaultdict(list)
    deprecated = {s for s in g.subjects(OWL.deprecated, None)}

    for t in terms:
        c = vocab.curie(str(t))
        labels = [str(x) for x in g.objects(t, label_p)]
        if not labels:
            out.append(Issue("ERROR", "missing_label", c, "rdfs:label", "term has no label"))
        if len(labels) > 1:
            out.append(Issue("ERROR", "multiple_labels", c, "rdfs:label", f"term has {len(labels)} labels"))
        for label in labels:
            by_label[label.casefold()].append(c)
            if label != label.strip() or "  " in label:
                out.append(Issue("ERROR", "label_whitespace", c, "rdfs:label", f"label {label!r} has stray whitespace"))
            if "\n" in label or "\t" in label:
                out.append(Issue("ERROR", "label_formatting", c, "rdfs:label", f"label {label!r} has a line break or tab"))
        definitions = [str(x) for x in g.objects(t, def_p)]
        if not definitions:
            out.append(Issue("ERROR", "missing_definition", c, "IAO:0000115", "term has no definition"))
        for d in definitions:
            by_definition[d.strip().casefold()].append(c)
            if not d.rstrip().endswith("."):
                out.append(Issue("INFO", "definition_formatting", c, "IAO:0000115", "definition does not end with a full stop"))
        own = {x.casefold() for x in labels}
        for synonym in g.objects(t, exact_p):
            by_exact[str(synonym).casefold()].append(c)
        for p, name in ((exact_p, "exact"), (related_p, "related")):
            for x in g.objects(t, p):
                if str(x).casefold() in own:
                    out.append(Issue("WARN", "synonym_equals_label", c, f"oboInOwl:has{name.title()}Synonym", f"{name} synonym {str(x)!r} repeats the label"))
        for x in g.objects(t, xref_p):
            if not CURIE_RE.match(str(x)):
                out.append(Issue("ERROR", "invalid_xref", c, "oboInOwl:hasDbXref", f"xref {str(x)!r} is not a CURIE"))
        parents = [p for p in g.objects(t, RDFS.subClassOf) if isinstance(p, URIRef)]
        is_category = g.value(t, category_p) == t
        if not parents and not (is_category and g.value(t, RDFS.subClassOf) is None and _is_top(g, t)):
            out.append(Issue("WARN", "missing_superclass", c, "rdfs:subClassOf", "term has no named superclass"))
        for parent in g.objects(t, RDFS.subClassOf):
            if parent in deprecated:
                out.append(Issue("ERROR", "deprecated_class_reference", c, "rdfs:subClassOf", f"refers to deprecated {vocab.curie(str(parent))}"))
    for label, owners in by_label.items():
        if len(owners) > 1:
            out.extend(Issue("ERROR", "duplicate_label", o, "rdfs:label", f"label {label!r} is shared by {', '.join(owners)}") for o in owners)
    for syn, owners in by_exact.items():
        if len(set(owners)) > 1:
            out.extend(
                Issue("WARN", "duplicate_exact_synonym", o, "oboInOwl:hasExactSynonym", f"exact synonym {syn!r} is shared by {', '.join(sorted(set(owners)))}")
                for o in sorted(set(owners))
            )
        if syn in by_label and set(by_label[syn]) - set(owners):
            for o in sorted(set(owners)):
                out.append(
                    Issue("WARN", "label_synonym_polysemy", o, "oboInOwl:hasExactSynonym", f"exact synonym {syn!r} is the label of {', '.join(by_label[syn])}")
                )
    for owners in by_definition.values():
        if len(owners) > 1:
            out.extend(Issue("WARN", "duplicate_definition", o, "IAO:0000115", f"definition shared by {', '.join(owners)}") for o in owners)
    for ax in g.subjects(OWL.annotatedSource, None):
        target = g.value(ax, OWL.annotatedTarget)
        for ref in (g.value(ax, OWL.annotatedSource), g.value(target, OWL.someValuesFrom) if target is not None else None):
            if ref in deprecated:
                out.append(Issue("ERROR", "deprecated_class_reference", vocab.curie(str(ref)), "owl:annotatedSource", "an axiom refers to a deprecated class"))
    return sorted(set(out))


def render_issues(issues: list[Issue], fmt: str = "table", *, level: str = "INFO") -> str:
    """The report as ``spinekg validate`` prints it: ``table`` (aligned, with a count line),
    ``tsv`` or ``json``, showing the issues at ``level`` or more severe (the count covers all)."""
    import json

    shown = [i for i in issues if LEVELS.index(i.level) <= LEVELS.index(level)]
    if fmt == "json":
        return json.dumps([i.to_dict() for i in shown], indent=2, ensure_ascii=False)
    if fmt == "tsv":
        return "\n".join(["level\trule\tsubject\tproperty\tmessage", *("\t".join((i.level, i.rule, i.subject, i.property, i.message)) for i in shown)])
    lines = [f"{i.level:<5}  {i.rule:<28}  {i.subject:<34}  {i.property:<14}  {i.message}" for i in shown]
    counts = {lv: sum(1 for i in issues if i.level == lv) for lv in LEVELS}
    return "\n".join([*lines, f"\n{counts['ERROR']} errors, {counts['WARN']} warnings, {counts['INFO']} notes"])


def _is_top(g: Graph, t: URIRef) -> bool:
    return not [p for p in g.objects(t, RDFS.subClassOf) if isinstance(p, URIRef)]


def validate(root: Path | None, *, reasoner: bool = True, xrefs: bool = True) -> list[Issue]:
    """Every quality gate. ``root`` (a checkout) adds the curation and staleness checks."""
    import spinekg
    from spinekg.errors import CurationError, StaleBuildError

    issues: list[Issue] = []
    resolved = None
    if root is not None:
        from spinekg.compile import build

        try:
            resolved = build(root, check=True).resolved
        except CurationError as err:
            issues.extend(Issue("ERROR", "curation", p.file, str(p.line), p.message) for p in err.problems)
            return sorted(issues)
        except StaleBuildError as err:
            issues.extend(Issue("ERROR", "stale_build", str(p), "", "committed file differs from a fresh build") for p in err.stale)
    kg = spinekg.load()
    issues.extend(report(kg.ontology_graph))

    if reasoner:
        from spinekg.paths import built_files
        from spinekg.validate.reason import check

        r = check(built_files().owl)
        if not r.consistent:
            issues.append(Issue("ERROR", "reasoner_inconsistent", "ontology", "", r.message))
        issues.extend(
            Issue("ERROR", "reasoner_unsatisfiable_class", vocab.curie(c), "", "HermiT: class is unsatisfiable (it falls under disjoint classes)")
            for c in r.unsatisfiable
        )
        if r.ok:
            issues.append(Issue("INFO", "reasoner", "ontology", "", r.message))

    if resolved is not None:
        from spinekg.validate.shapes import shapes_graph
        from spinekg.validate.shapes import validate as shacl

        data = Graph()
        for t in kg.dataset.triples((None, None, None)):
            data.add(t)
        res = shacl(data, shapes_graph(resolved))
        issues.extend(Issue("ERROR", "shacl", focus, path, msg) for focus, path, msg in res.violations)
        if res.conforms:
            issues.append(Issue("INFO", "shacl", "graph", "", "SHACL: the graph conforms to the shapes"))

    if xrefs:
        from spinekg.validate.mappings import check_all

        for c in check_all(kg, root or Path.cwd()):
            msg = c.message or f"{c.status}: official label {c.official_label!r}"
            issues.append(Issue(c.level, f"xref_{c.status}", f"SKG:{c.term}", c.xref, msg))
    return sorted(set(issues), key=lambda i: (LEVELS.index(i.level), i.rule, i.subject, i.message, i.property))
