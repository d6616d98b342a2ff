"""The corpus: five texts, unchanged, each a document node with its metadata."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from rdflib import Literal, URIRef

from spinekg import vocab
from spinekg.curation.sources import SourceText

DCT = vocab.DCTERMS


def test_every_text_is_listed_with_its_checksum(root: Path) -> None:
    sources = root / "ontology/sources"
    docs = yaml.safe_load((sources / "documents.yaml").read_text())
    assert sorted(d["file"] for d in docs) == sorted(p.name for p in sources.glob("*.txt"))
    assert len(docs) == 5
    for d in docs:
        assert hashlib.sha256((sources / d["file"]).read_bytes()).hexdigest() == d["sha256"]


def test_document_nodes_carry_their_metadata(kg) -> None:
    g = kg.ontology_graph  # the ontology graph owns the documents (ontology/README.md)
    d0 = URIRef(vocab.DOC + "D000")
    assert g.value(d0, URIRef(DCT + "title")) == Literal("Causes and Treatment of Tender Spot on Spine When Pressed")
    assert g.value(d0, URIRef(DCT + "creator")) == Literal("Dr. Pouya Mohajer")
    d2 = URIRef(vocab.DOC + "D002")
    assert str(g.value(d2, URIRef(DCT + "issued"))) == "2014-02-11"
    assert g.value(d2, URIRef(DCT + "creator")) == Literal("Dr. Jeff Winternheimer D.C.")
    # D001's date is ambiguous (04.07.2025): kept as written, not turned into a guessed xsd:date
    d1 = URIRef(vocab.DOC + "D001")
    assert g.value(d1, URIRef(DCT + "date")) == Literal("04.07.2025")
    assert g.value(d1, URIRef(DCT + "publisher")) == Literal("iLive")
    # no author is invented where the text names none
    assert g.value(URIRef(vocab.DOC + "D003"), URIRef(DCT + "creator")) is None


def test_quote_lookup_ignores_whitespace_only() -> None:
    text = SourceText("X", "Ice your lower back\n  for 10 minutes\u00a0at a time. Ice your lower back.")
    (span,) = text.find("back for 10 minutes at a time")
    assert text.text[span.start : span.end] == "back\n  for 10 minutes\u00a0at a time"
    assert len(text.find("Ice your lower back")) == 2
    assert text.find("ice your lower back for 10") == []  # case matters
    assert text.find("back for ten minutes") == []
