"""Query modules about provenance and terms: provenance, claims-about-term and term-search.

Offsets are checked against the source texts themselves: ontology/README.md defines them as Unicode
code-point indices into the original text, end exclusive, with normalise(text[start:end]) == quote
(whitespace runs compare equal). Expected answers were written by hand from ontology/sources/; the
curation YAML was read only to learn claim IDs and labels.
"""

from __future__ import annotations

import pytest
from source_texts import evidence as _evidence
from source_texts import norm as _norm
from source_texts import tail as _tail
from source_texts import text as _text


def _assert_span(row: dict) -> None:
    """The quote sits in its document at exactly [start, end)."""
    doc = _tail(row["document"])
    text = _text(doc)
    start, end = row["start"], row["end"]
    assert isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text), row
    assert _norm(text[start:end]) == _norm(row["quote"]), (text[start:end], row["quote"])
    # the span is tight: it starts and ends on the quote, not on surrounding whitespace
    assert not text[start].isspace() and not text[end - 1].isspace()


# --- provenance ---------------------------------------------------------------------------------


def test_provenance_of_ibuprofen_and_advil_either_way(kg) -> None:
    rows = kg.run("provenance", first="ibuprofen", second="Advil")
    asserted = [r for r in rows if r["status"] == "asserted"]
    inferred = [r for r in rows if r["status"] == "inferred"]
    # D000: "Ibuprofen (e.g., Motrin, Advil)" -- one claim, one span
    (answer,) = asserted
    assert (answer["subjectLabel"], _tail(answer["predicate"]), answer["objectLabel"]) == ("ibuprofen", "hasBrand", "Advil")
    assert answer["claims"] == ["SKGCLAIM:D000-049.Advil"]
    assert answer["documents"] == ["SKGDOC:D000"]
    (claim,) = _evidence([answer])
    assert _tail(claim["claim"]) == "D000-049.Advil"
    assert _tail(claim["document"]) == "D000"
    assert claim["quote"] == "Ibuprofen (e.g., Motrin, Advil)"
    _assert_span(claim)
    text = _text("D000")
    assert text[claim["start"] : claim["end"]] == "Ibuprofen (e.g., Motrin, Advil)"
    # the inverse, Advil has active ingredient ibuprofen, is inferred from that claim
    assert inferred and all(_tail(r["predicate"]) == "hasActiveIngredient" for r in inferred)
    assert all(r["derivations"] and all("SKGCLAIM:D000-049.Advil" in d["explanation"] for d in r["derivations"]) for r in inferred)
    # the bound terms are the result's parameters, not columns of the rows
    assert not {"first", "second"} & {k for r in rows for k in r}
    # the module is symmetric in its two terms
    swapped = kg.run("provenance", first="Advil", second="ibuprofen")
    assert _sorted(swapped) == _sorted(rows)


def _sorted(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows)


def test_provenance_of_claim_d003_412_pregnancy(kg) -> None:
    # the contraindication sentence of D003, claim D003-412.Pregnancy (electrotherapy in pregnancy)
    answers = [r for r in kg.run("provenance", first="electrotherapy", second="pregnancy") if r["status"] == "asserted"]
    rows = _evidence(answers)
    assert {_tail(r["claim"]) for r in rows} == {"D003-412.Pregnancy"}
    assert {(r["stanceLabel"], _tail(r["predicate"]), _tail(r["document"])) for r in rows} == {("contraindicated", "contraindicatedIn", "D003")}
    for r in rows:
        _assert_span(r)
    quotes = [_norm(r["quote"]) for r in rows]
    # "Elimination of pain is done by using electric current, ultrasound, magnetic field and other methods
    # of influence on the affected area." / "But we must remember that this reduction in pain is
    # contraindicated in pregnancy, blood diseases, oncological pathologies and acute infectious processes."
    assert any("electric current" in q for q in quotes)
    assert any("contraindicated in pregnancy" in q for q in quotes)
    # one answer (electrotherapy contraindicated in pregnancy), its statements first and in text order
    (answer,) = answers
    roles = [q["role"] for q in answer["quotes"]]
    assert roles == sorted(roles, key=["statement", "context"].index)
    starts = [q["start"] for q in answer["quotes"] if q["role"] == "statement"]
    assert starts == sorted(starts)


def test_provenance_of_heat_and_back_muscle_pain_spans(kg) -> None:
    answers = kg.run("provenance", first="heat therapy", second="back muscle pain")
    assert answers and {r["status"] for r in answers} == {"asserted"}
    rows = _evidence(answers)
    assert {(r["stanceLabel"], _tail(r["document"])) for r in rows} == {("advised against", "D004")}
    for r in rows:
        _assert_span(r)
    # D004: "Do not use heat!"
    assert "Do not use heat!" in {r["quote"] for r in rows}


def test_provenance_of_an_inferred_contraindication_and_of_unrelated_terms(kg) -> None:
    # D003 lists "Electrophoresis." among its physioprocedures but never contraindicates it by name: only
    # an inferred row, whose derivation rests on the electrotherapy claim
    rows = kg.run("provenance", first="electrophoresis", second="pregnancy")
    assert rows and {r["status"] for r in rows} == {"inferred"}
    assert all(r["derivations"] and all("SKGCLAIM:D003-412.Pregnancy" in d["explanation"] for d in r["derivations"]) for r in rows)
    # D002 names "aspirin and naproxen" side by side; no text links the two to each other
    assert kg.run("provenance", first="naproxen", second="aspirin") == []


# --- claims-about-term (second cases) -----------------------------------------------------------


def test_claims_about_aleve(kg) -> None:
    rows = kg.run("claims-about-term", term="Aleve")
    # D000: "Naproxen (e.g., Aleve)" -- the one sentence about Aleve in the texts
    (row,) = rows
    assert _tail(row["claim"]) == "D000-050"
    assert (row["subjectLabel"], row["predicateLabel"], row["objectLabel"], row["stanceLabel"]) == ("naproxen", "has brand", "Aleve", "reported association")
    assert [q["text"] for q in row["quotes"]] == ["Naproxen (e.g., Aleve)"]
    for quoted in _evidence([row]):
        _assert_span(quoted)


def test_claims_about_motherwort_tea(kg) -> None:
    rows = kg.run("claims-about-term", term="motherwort tea")
    # D003: "The presence of restless nerves leads to disease lumbulgia or osteochondrosis. The simplest,
    # but effective method of this kind of disease is to take soothing teas. You can use the grass of the
    # motherwort to make tea."
    found = {(_tail(r["predicate"]).split("#")[-1], r["objectLabel"]) for r in rows}
    assert {
        ("treats", kg.term("osteochondrosis").label),
        ("treats", kg.term("lumbulgia").label),
        ("subClassOf", kg.term("soothing tea").label),
    } <= found
    assert {_tail(d) for r in rows for d in r["documents"]} == {"D003"}
    for r in rows:
        for quoted in _evidence([r]):
            _assert_span(quoted)
        if _tail(r["predicate"]) == "treats":
            assert r["stanceLabel"] == "recommended"


# --- term-search --------------------------------------------------------------------------------


def _search(kg, text: str) -> dict[str, dict]:
    rows = kg.run("term-search", text=text)
    for r in rows:
        assert r["text"] == text
        assert text.casefold() in r["matched"].casefold(), r
        assert r["definition"] and r["categoryLabel"]
    return {r["label"]: r for r in rows}


def test_term_search_finds_a_brand_and_its_drug(kg) -> None:
    # D000: "Ibuprofen (e.g., Motrin, Advil)"
    found = _search(kg, "advil")
    assert set(found) == {"Advil", "ibuprofen"}
    assert found["Advil"]["categoryLabel"] == "brand product"
    assert (found["ibuprofen"]["categoryLabel"], found["ibuprofen"]["matched"]) == ("drug", "Advil")


def test_term_search_by_synonym_any_case(kg) -> None:
    # D001: "paracetamol up to 4 g / day orally" -- paracetamol is acetaminophen (D000 "Acetaminophen (e.g., Tylenol)")
    found = _search(kg, "PARACETAMOL")
    assert found["acetaminophen"]["matched"] == "paracetamol"
    # D004: "taking 1200 mg of Omega-3 (fish oil)"
    assert "omega-3 fatty acid" in _search(kg, "fish oil")
    # D003: "Muscle relaxants (Midokalm)." -- D001 spells the same brand "mydocalm"
    assert _search(kg, "Midokalm")["mydocalm"]["categoryLabel"] == "brand product"
    # D001: "compression of the spinal cord or equine tail" -- the translation of cauda equina
    assert "cauda equina" in _search(kg, "equine tail")


def test_term_search_finds_nsaid_by_the_texts_abbreviation(kg) -> None:
    # D000: "... are known as non-steroidal anti-inflammatory drugs (NSAIDs)."; D001: "NSAIDs, such as
    # naproxen"; D002: "NSAIDs come with a long list of side effects"; D004: "an effective alternative to NSAIDS"
    found = _search(kg, "NSAID")
    assert "non-steroidal anti-inflammatory drug" in found, sorted(found)
    assert "prescription-strength NSAID" in found


@pytest.mark.parametrize("nonsense", ["xqzzyv", "zzqx brand", "ibuprofenx"])
def test_term_search_nonsense_finds_nothing(kg, nonsense: str) -> None:
    assert kg.run("term-search", text=nonsense) == []
