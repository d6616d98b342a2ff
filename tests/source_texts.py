"""The source texts, read independently of the package, for tests that check answers against them.

Helpers shared by the hand-written module tests (``tests/content/``): rows are ``kg.run`` dicts,
one per answer with its evidence as lists; :func:`evidence` spreads them into one dict per quoted
passage, so a test can say which document states which answer.
"""

from __future__ import annotations

from pathlib import Path

import yaml

SOURCES = Path(__file__).resolve().parents[1] / "ontology" / "sources"
DOCS = {d["id"]: d for d in yaml.safe_load((SOURCES / "documents.yaml").read_text(encoding="utf-8"))}


def text(doc: str) -> str:
    """The code points of document ``doc`` as received: the bytes decoded, no newline translation."""
    return (SOURCES / DOCS[doc]["file"]).read_bytes().decode("utf-8")


def norm(s: str) -> str:
    """``s`` with every whitespace run made one space."""
    return " ".join(s.split())


def tail(iri: str) -> str:
    """The local name of an IRI or CURIE: ``.../doc/D003`` or ``SKGDOC:D003`` -> ``D003``."""
    return iri.rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def doc_of(row: dict) -> str:
    return tail(row["document"])


def claim_of(row: dict) -> str:
    return tail(row["claim"])


def label(kg, name: str) -> str:
    return kg.term(name).label


def evidence(rows: list[dict]) -> list[dict]:
    """One dict per (answer, quoted passage, claim): the answer's own columns, with ``document``,
    ``claim``, ``quote``, ``start``, ``end`` and ``role`` of the passage; an answer without a quote
    (one resting on a curator mapping only) gives one dict per claim, without a quote."""
    out = []
    for r in rows:
        base = {k: v for k, v in r.items() if k not in ("quotes", "claims", "documents")}
        for q in r.get("quotes", []):
            for claim in q["claims"]:
                out.append({**base, "document": q["document"], "claim": claim, "quote": q["text"], "start": q["start"], "end": q["end"], "role": q["role"]})
        if not r.get("quotes"):
            out += [{**base, "claim": claim} for claim in r.get("claims", [])]
    return out


def assert_quoted(rows: list[dict]) -> None:
    """Each answer carries its evidence: every quote sits at its offsets in its document (up to
    whitespace), and every claim it quotes is a claim of that document."""
    assert rows
    for r in rows:
        assert r["quotes"], r
        assert set(r["documents"]) == {q["document"] for q in r["quotes"]}, r
        for q in r["quotes"]:
            doc = tail(q["document"])
            assert doc in DOCS, r
            assert all(tail(c).startswith(doc + "-") for c in q["claims"]), r
            assert norm(text(doc)[q["start"] : q["end"]]) == norm(q["text"]), r
            assert q["role"] in ("statement", "context"), r
