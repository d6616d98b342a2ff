"""ontology/NOTES.md, the statements of the texts the schema cannot express: every sentence it quotes
is in its section's document, every document whose claims point to it has a section, and the claim
files point to the file that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from source_texts import DOCS, norm, text

ROOT = Path(__file__).resolve().parents[2]
NOTES = ROOT / "ontology" / "NOTES.md"
CLAIMS = ROOT / "ontology" / "curation" / "claims"
QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'"})


def _sections() -> dict[str, str]:
    """Document id -> the text of its ``## Dnnn, "title"`` section."""
    parts = re.split(r"^## (D\d{3}), .*$", NOTES.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def quotes(section: str) -> list[str]:
    """The outermost “...” spans of ``section``; a “...” inside one is part of it."""
    found, depth, start = [], 0, 0
    for i, ch in enumerate(section):
        if ch == "“":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
            if depth == 0:
                found.append(section[start:i])
    assert depth == 0, f"an unclosed “ in {section[start - 1 : start + 60]!r}"
    return found


def _same(s: str) -> str:
    return norm(s).translate(QUOTE_MARKS)


def test_quotes_nest_and_close() -> None:
    assert quotes("a “b “c” d” e “f”") == ["b “c” d", "f"]
    with pytest.raises(AssertionError, match="unclosed"):
        quotes("a “b c")


def test_every_document_with_claims_has_a_section() -> None:
    sections = _sections()
    docs = {p.stem for p in CLAIMS.glob("D*.yaml")}
    assert docs <= set(DOCS)
    assert sorted(sections) == sorted(docs)
    for doc, body in sections.items():
        assert len(quotes(body)) >= 3, doc


@pytest.mark.parametrize("doc", sorted(p.stem for p in CLAIMS.glob("D*.yaml")))
def test_every_quote_is_in_its_document(doc: str) -> None:
    source = _same(text(doc))
    missing = [q for q in quotes(_sections()[doc]) if _same(q) not in source]
    assert not missing, f"NOTES.md quotes for {doc} not in its text: {missing}"


def test_a_quote_from_another_document_is_caught() -> None:
    # D000's drug-interaction sentence is not in D002
    d000 = quotes(_sections()["D000"])
    assert any("drug interactions" in q for q in d000)
    assert not any(_same(q) in _same(text("D002")) for q in d000 if "drug interactions" in q)


@pytest.mark.parametrize("path", sorted(CLAIMS.glob("D*.yaml")), ids=lambda p: p.stem)
def test_claim_files_point_to_the_notes(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    header = raw.split("\nclaims:", 1)[0]
    assert "ontology/NOTES.md" in header, f"{path.name}'s header should name ontology/NOTES.md"
    assert "repository root" not in raw
    assert yaml.safe_load(raw)["document"] == path.stem


def test_claims_named_in_the_notes_exist_or_are_said_to_be_gone() -> None:
    ids = {c["id"] for p in CLAIMS.glob("D*.yaml") for c in yaml.safe_load(p.read_text(encoding="utf-8"))["claims"]}
    for doc, body in _sections().items():
        for paragraph in re.split(r"\n(?=- )|\n\n", body):
            gone = re.search(r"\b(gone|deleted|removed)\b", paragraph)
            for claim in re.findall(r"\bD\d{3}-\d{3}\b", paragraph):
                assert claim in ids or gone, f"NOTES.md ({doc}) names {claim}, which no claim file holds"
