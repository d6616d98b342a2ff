"""Whole-curation checks; the resolved curation they produce is :mod:`spinekg.curation.resolved`.

:func:`resolve` runs every check and returns a :class:`Resolved` curation, or raises
:class:`~spinekg.errors.CurationError` listing every problem at once (file and line each).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from spinekg.curation.load import Curation, LocatedClaim, load_curation
from spinekg.curation.models import TEXT_QUALIFIERS, Qualifiers
from spinekg.curation.resolved import DOSE_REGIMEN, IS_A, QuotedSpan, Resolved, ResolvedClaim, graph_predicate
from spinekg.curation.sources import normalise, shorten
from spinekg.errors import CurationError


def _suggest(word: str, choices: list[str], n: int = 3) -> str:
    from rapidfuzz import fuzz, process

    best = process.extract(word, choices, scorer=fuzz.WRatio, limit=n, score_cutoff=50)
    return f" (closest: {', '.join(b[0] for b in best)})" if best else ""


def resolve(cur: Curation) -> Resolved:
    """Check the whole curation; raise :class:`CurationError` with every problem found."""
    if cur.schema is None:
        raise CurationError(cur.problems)
    schema = cur.schema
    sfile = "ontology/curation/schema.yaml"
    problem = cur.problem

    # -- identifiers and labels are unique across the namespace --------------------------------
    seen_ids: dict[str, str] = {}
    seen_labels: dict[str, str] = {}

    def claim_id(ident: str, label: str | None, where: tuple[str, int]) -> None:
        if ident in seen_ids:
            problem(*where, f"duplicate ID {ident!r} (also {seen_ids[ident]})")
        else:
            seen_ids[ident] = f"{where[0]}:{where[1]}"
        if label is not None:
            key = label.casefold()
            if key in seen_labels:
                problem(*where, f"duplicate label {label!r} (also {seen_labels[key]})")
            else:
                seen_labels[key] = f"{where[0]}:{where[1]}" + f" {ident}"

    for c in schema.categories:
        claim_id(c.id, c.label, (sfile, 1))
    for r in schema.relations:
        claim_id(r.id, r.label, (sfile, 1))
    for d in schema.data_relations:
        claim_id(d.id, d.label, (sfile, 1))
    for s in schema.stances:
        claim_id(s.id, s.label, (sfile, 1))
    for t in cur.terms:
        claim_id(t.item.id, t.item.label, (t.file, t.line))
    if IS_A in seen_ids or DOSE_REGIMEN in seen_ids:
        problem(sfile, 1, f"{IS_A} and {DOSE_REGIMEN} are reserved names")

    categories = {c.id: c for c in schema.categories}
    relations = {r.id: r for r in schema.relations}
    data_relations = {d.id: d for d in schema.data_relations}
    stances = {s.id for s in schema.stances}
    evidence = {e.id for e in schema.evidence}
    terms = {t.item.id: t.item for t in cur.terms}
    term_loc = {t.item.id: (t.file, t.line) for t in cur.terms}
    classes = set(categories) | set(terms)
    class_list = sorted(classes)
    labels = {**{c.id: c.label for c in schema.categories}, **{t.id: t.label for t in terms.values()}}

    # -- schema references ------------------------------------------------------------------
    for c in schema.categories:
        if c.parent is not None and c.parent not in categories:
            problem(sfile, 1, f"category {c.id}: unknown parent category {c.parent!r}")
    for group in schema.disjoint:
        for cid in group:
            if cid not in categories:
                problem(sfile, 1, f"disjoint: unknown category {cid!r}{_suggest(cid, list(categories))}")
    for r in schema.relations:
        for cid in r.domain + [x for x in r.range if x != DOSE_REGIMEN]:
            if cid not in categories:
                problem(sfile, 1, f"relation {r.id}: unknown category {cid!r} in domain or range")
        for stance_id in r.stances:
            if stance_id not in stances:
                problem(sfile, 1, f"relation {r.id}: unknown stance {stance_id!r}")
        for prop in (r.negation, r.inverse):
            if prop is not None and prop not in relations:
                problem(sfile, 1, f"relation {r.id}: unknown relation {prop!r}")
        neg = relations.get(r.negation or "")
        if neg is not None:
            # the relation graph states advised-against claims with the negation: it must accept them
            for side in ("domain", "range"):
                missing = sorted(set(getattr(r, side)) - set(getattr(neg, side)))
                if missing:
                    problem(sfile, 1, f"relation {r.id}: its negation {neg.id} lacks {', '.join(missing)} in its {side}")
    for d in schema.data_relations:
        for cid in d.domain:
            if cid not in categories:
                problem(sfile, 1, f"data relation {d.id}: unknown category {cid!r}")

    # -- the hierarchy ----------------------------------------------------------------------
    parents: dict[str, list[str]] = {c.id: ([c.parent] if c.parent else []) for c in schema.categories}
    for t in cur.terms:
        known = []
        for p in t.item.is_a:
            if p in classes:
                known.append(p)
            elif p not in cur.broken_ids:
                problem(t.file, t.line, f"term {t.item.id}: is_a names unknown term {p!r}{_suggest(p, class_list)}")
        parents[t.item.id] = known
    for lc in cur.claims:
        claim = lc.claim
        if claim.predicate == IS_A and claim.subject in terms:
            for o in claim.objects:
                if o in classes and o not in parents[claim.subject]:
                    parents[claim.subject].append(o)

    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph([(child, p) for child, ps in parents.items() for p in ps])
    for cycle in sorted(sorted(cyc) for cyc in nx.simple_cycles(graph)):
        where = term_loc.get(cycle[0], (sfile, 1))
        problem(*where, f"cycle in the is-a hierarchy: {' -> '.join([*cycle, cycle[0]])}")
    acyclic = nx.is_directed_acyclic_graph(graph)

    resolved = Resolved(
        root=cur.root,
        schema=schema,
        documents={d.item.id: d.item for d in cur.documents},
        categories=categories,
        terms=terms,
        relations=relations,
        data_relations=data_relations,
        parents=parents,
        category_of={},
        claims=[],
        texts={k: v.text for k, v in cur.texts.items()},
        broken=set(cur.broken_ids),
    )

    if acyclic:
        for cid in categories:
            resolved.category_of[cid] = cid
        for tid in terms:
            node = tid
            while node not in categories and parents.get(node):
                node = parents[node][0]
            if node in categories:
                resolved.category_of[tid] = node
        for tid in terms:
            above = resolved.ancestors(tid)
            for group in schema.disjoint:
                clash = sorted(set(group) & above)
                if len(clash) > 1:
                    problem(*term_loc[tid], f"term {tid}: falls under disjoint categories {', '.join(clash)}")

    # -- documents ------------------------------------------------------------------------------
    seen_docs: set[str] = set()
    for located in cur.documents:
        if located.item.id in seen_docs:
            problem(located.file, located.line, f"duplicate document ID {located.item.id!r}")
        seen_docs.add(located.item.id)

    def locate(doc: str, quote: str, occurrence: int | None, where: tuple[str, int], what: str) -> QuotedSpan | None:
        text = cur.texts.get(doc)
        if text is None:
            return None
        spans = text.find(quote)
        if not spans:
            problem(*where, f"{what}: quote not found in {doc}: {shorten(quote)!r}; closest passage: {shorten(text.closest(quote), 240)!r}")
            return None
        if occurrence is None and len(spans) > 1:
            at = ", ".join(str(s.start) for s in spans)
            problem(*where, f"{what}: quote occurs {len(spans)} times in {doc} (at {at}); lengthen it or give `occurrence`")
            return None
        if occurrence is not None and occurrence > len(spans):
            problem(*where, f"{what}: occurrence {occurrence} asked but the quote occurs {len(spans)} time(s) in {doc}")
            return None
        span = spans[(occurrence or 1) - 1]
        return QuotedSpan(normalise(quote), span.start, span.end)

    for tid, term in terms.items():
        if term.definition_source is not None:
            src = term.definition_source
            if src.document not in resolved.documents:
                problem(*term_loc[tid], f"term {tid}: definition_source names unknown document {src.document!r}")
                continue
            span = locate(src.document, src.quote, src.occurrence, term_loc[tid], f"term {tid} definition_source")
            if span is not None:
                resolved.definition_spans[tid] = span

    # -- claims ---------------------------------------------------------------------------------
    seen_claims: dict[str, str] = {}
    for lc in cur.claims:
        resolved.claims.extend(_resolve_claim(lc, resolved, cur, stances, evidence, class_list, labels, seen_claims, locate))
    for lm in cur.mappings:
        m = lm.item
        where = (lm.file, lm.line)
        before = len(cur.problems)
        for role, name in (("subject", m.subject), ("object", m.object)):
            if name not in labels and name not in cur.broken_ids:
                problem(*where, f"mapping {m.id}: {role} {name!r} is not a known term{_suggest(name, class_list)}")
        rel = relations[m.predicate]
        if m.subject in labels and not _under(resolved, m.subject, rel.domain):
            problem(*where, f"mapping {m.id}: subject {m.subject} is outside the domain of {m.predicate}")
        if m.object in labels and not _under(resolved, m.object, rel.range):
            problem(*where, f"mapping {m.id}: object {m.object} is outside the range of {m.predicate}")
        if m.id in seen_claims:
            problem(*where, f"duplicate mapping ID {m.id}")
        seen_claims[m.id] = f"{lm.file}:{lm.line}"
        if len(cur.problems) == before:
            resolved.claims.append(
                ResolvedClaim(
                    id=m.id,
                    document=None,
                    subject=m.subject,
                    predicate=m.predicate,
                    object=m.object,
                    value=None,
                    regimen=None,
                    stance="Reported",
                    evidence="ECO:0000305",
                    spans=(),
                    qualifiers=Qualifiers(),
                    file=lm.file,
                    line=lm.line,
                    graph_predicate=graph_predicate(m.predicate, "Reported", rel),
                    curator=True,
                    comment=m.comment,
                )
            )

    if cur.problems:
        raise CurationError(cur.problems)
    return resolved


def _under(resolved: Resolved, term: str, allowed: list[str]) -> bool:
    above = resolved.ancestors(term)
    # a parent that failed validation hides the category: judge nothing rather than report twice
    return bool(above & set(allowed)) or bool(above & resolved.broken)


def _resolve_claim(
    lc: LocatedClaim,
    resolved: Resolved,
    cur: Curation,
    stances: set[str],
    evidence: set[str],
    class_list: list[str],
    labels: dict[str, str],
    seen_claims: dict[str, str],
    locate: Callable[[str, str, int | None, tuple[str, int], str], QuotedSpan | None],
) -> list[ResolvedClaim]:
    c = lc.claim
    where = (lc.file, lc.line)
    problems_before = len(cur.problems)

    def problem(msg: str) -> None:
        cur.problem(*where, f"claim {c.id}: {msg}")

    if lc.document not in resolved.documents:
        problem(f"unknown document {lc.document!r}")
        return []
    if not c.id.startswith(lc.document + "-"):
        problem(f"claim IDs of {lc.document} start with {lc.document}-")

    def known(term: str, role: str) -> bool:
        if term in labels:
            return True
        if term in cur.broken_ids:  # already reported where it is defined
            return False
        problem(f"{role} {term!r} is not a known term{_suggest(term, class_list)}")
        return False

    known(c.subject, "subject")
    for o in c.objects:
        known(o, "object")

    rel = resolved.relations.get(c.predicate)
    drel = resolved.data_relations.get(c.predicate)
    allowed_stances: list[str] = ["Reported"]
    if c.predicate == IS_A:
        if c.value is not None or c.regimen is not None:
            problem("isA takes an object term")
    elif rel is not None:
        if not rel.curated:
            problem(f"predicate {c.predicate!r} is written by the build; curate {_negated_by(resolved, c.predicate)} with its stance instead")
        if DOSE_REGIMEN in rel.range:
            if c.regimen is None:
                problem(f"{c.predicate} takes a regimen")
        elif c.objects == []:
            problem(f"{c.predicate} takes an object term")
        allowed_stances = rel.stances
        if c.subject in labels and not _under(resolved, c.subject, rel.domain):
            problem(f"subject {c.subject} ({resolved.category_of.get(c.subject)}) is outside the domain of {c.predicate}: {', '.join(rel.domain)}")
        for o in c.objects:
            if o in labels and not _under(resolved, o, rel.range):
                problem(f"object {o} ({resolved.category_of.get(o)}) is outside the range of {c.predicate}: {', '.join(rel.range)}")
    elif drel is not None:
        if c.value is None:
            problem(f"{c.predicate} takes a value")
        allowed_stances = drel.stances
        if c.subject in labels and not _under(resolved, c.subject, drel.domain):
            problem(f"subject {c.subject} is outside the domain of {c.predicate}: {', '.join(drel.domain)}")
    else:
        names = [IS_A, *resolved.relations, *resolved.data_relations]
        problem(f"unknown predicate {c.predicate!r}{_suggest(c.predicate, names)}")

    if c.stance not in stances:
        problem(f"unknown stance {c.stance!r}{_suggest(c.stance, sorted(stances))}")
    elif (rel is not None or drel is not None) and c.stance not in allowed_stances:
        problem(f"stance {c.stance} is not allowed with {c.predicate} (allowed: {', '.join(allowed_stances)})")
    if c.evidence not in evidence:
        problem(f"evidence {c.evidence} is not declared in the schema")

    q = c.qualifiers
    for phase in q.phases:
        if known(phase, "phase") and not _under(resolved, phase, ["DiseasePhase"]):
            problem(f"phase {phase} is not a disease phase")
    for group in q.populations:
        if known(group, "population") and not _under(resolved, group, ["PatientGroup"]):
            problem(f"population {group} is not a patient group")

    spans = []
    for i, (text, occurrence) in enumerate(c.quotes):
        span = locate(lc.document, text, occurrence, where, f"claim {c.id} quote {i + 1}")
        if span is not None:
            spans.append(span)
    joined = " ".join(s.quote for s in spans).casefold()
    if spans:
        for name in TEXT_QUALIFIERS:
            words = getattr(q, name)
            if words is not None and normalise(words).casefold() not in joined:
                problem(f"{name} {words!r} is not in the claim's quotes (qualifiers repeat the source's words)")
        if c.regimen is not None and normalise(c.regimen.amount).casefold() not in joined:
            problem(f"regimen amount {c.regimen.amount!r} is not in the claim's quotes")

    if len(cur.problems) > problems_before:
        return []

    objects: list[str | None] = list(c.objects) or [None]
    out = []
    for each in objects:
        ident = c.id if len(c.objects) <= 1 else f"{c.id}.{each}"
        if ident in seen_claims:
            problem(f"duplicate claim ID {ident} (also {seen_claims[ident]})")
            continue
        seen_claims[ident] = f"{lc.file}:{lc.line}"
        out.append(
            ResolvedClaim(
                id=ident,
                document=lc.document,
                subject=c.subject,
                predicate=c.predicate,
                object=each,
                value=c.value,
                regimen=c.regimen,
                stance=c.stance,
                evidence=c.evidence,
                spans=tuple(spans),
                qualifiers=q,
                file=lc.file,
                line=lc.line,
                graph_predicate=graph_predicate(c.predicate, c.stance, rel),
                comment=c.comment,
            )
        )
    return out


def _negated_by(resolved: Resolved, prop: str) -> str:
    for r in resolved.relations.values():
        if r.negation == prop:
            return r.id
    return "another relation"


def check_root(root: Path) -> Resolved:
    """Load and check the curation under ``root``."""
    return resolve(load_curation(root))
