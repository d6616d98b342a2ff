"""The source texts, read independently of the package, for tests that check answers against them.

Helpers shared by the hand-written module tests (``test_queries_*.py``): rows are ``kg.run`` dicts.
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
    """The last path segment of an IRI: ``.../doc/D003`` -> ``D003``."""
    return iri.rsplit("/", 1)[-1]


def doc_of(row: dict) -> str:
    return tail(row["document"])


def claim_of(row: dict) -> str:
    return tail(row["claim"])


def label(kg, name: str) -> str:
    return kg.term(name).label


def assert_quoted(rows: list[dict]) -> None:
    """Each row carries its evidence: a document, a claim of that document and a quote found in it."""
    assert rows
    for r in rows:
        doc = doc_of(r)
        assert doc in DOCS, r
        assert claim_of(r).startswith(doc + "-"), r
        assert r["quote"] and norm(r["quote"]) in norm(text(doc)), r
