"""One row per answer: no module row repeats the answer its ``# answer:`` header names.

The answer columns are read here from the ``# answer:`` lines of queries/*.rq (not from the package);
every module with such a line is run with a few parameter values, each a term a source text names
with that relation (the sentence is quoted beside it), so none of these answers is empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from source_texts import assert_quoted

QUERIES = Path(__file__).resolve().parents[2] / "queries"


def _answer_columns() -> dict[str, tuple[str, ...]]:
    out = {}
    for path in sorted(QUERIES.glob("*.rq")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# answer:"):
                out[path.stem] = tuple(c.strip() for c in line.removeprefix("# answer:").split(","))
    return out


ANSWERS = _answer_columns()

CASES: dict[str, list[dict[str, str]]] = {
    "adverse-effects-of": [
        {"treatment": "naproxen"},  # D002 "aspirin and naproxen"; "NSAIDs come with a long list of side effects"
        {"treatment": "NSAID"},  # D002 "... including an increased risk of bleeding ulcers and fatal heart attacks"
        {"treatment": "bed rest"},  # D002 "excessive bed rest can cause loss of muscle tone and depression"
        {"treatment": "Advil"},  # D000 "Ibuprofen (e.g., Motrin, Advil)"
    ],
    "claims-about-term": [
        {"term": "heat therapy"},  # D000 "rest, icing, and heat application"; D004 "Do not use heat!"
        {"term": "hip stretch"},  # D000 "Some of the best modifying activities ... include:" / "Hip stretch"
        {"term": "Aleve"},  # D000 "Naproxen (e.g., Aleve)"
    ],
    "conditions-suggested-by": [
        {"finding": "increased ESR"},  # D001 "Increased ESR | Spondyloarthritis, rheumatic polymyalgia, ..."
        {"finding": "changes in urine tests"},  # D001 "Changes in urine tests | Kidney diseases (stones, tumors, pyelonephritis), ..."
        {"finding": "pain with standing and walking"},  # D004 "... you may have either spinal stenosis or degenerative disc disease"
    ],
    "conditions-with-symptom": [
        {"symptom": "fever"},  # D000 "including chills and fever"; D001 "(fever, local tenderness to palpation, ...)"
        {"symptom": "saddle anesthesia"},  # D001 "urinary retention and saddle anesthesia often occur"
        {"symptom": "increased blood pressure"},  # D003 "pulsating pain in the back and increased blood pressure"
    ],
    "diagnostics-for": [
        {"condition": "spinal tumor"},  # D001 "confirmed by isotope scanning, bone biopsy, and myelography"
        {"condition": "pain in the middle of the back"},  # D003 "blood and urine tests; X-ray examination; CT scan; MRI."
        {"condition": "mechanical back pain"},  # D001 "it is necessary to consider an X-ray examination"
    ],
    "findings-for-condition": [
        {"condition": "spondyloarthritis"},  # D001 "HLA-B27 detection | Spondyloarthritis |"
        {"condition": "kidney disease"},  # D001 "Changes in urine tests | Kidney diseases ..."; D004 "referred from an organ such as the kidneys"
        {"condition": "bulging spinal disc"},  # D000 "herniated, damaged, or bulging spinal disc"; D004 "may be a bulging disc"
    ],
    "pathogens-of": [
        {"infection": "pyogenic infection"},  # D001 "About half of these infections are caused by staphylococcus, ..."
    ],
    "provenance": [
        {"first": "ibuprofen", "second": "Advil"},  # D000 "Ibuprofen (e.g., Motrin, Advil)"
        {"first": "electrotherapy", "second": "pregnancy"},  # D003 "contraindicated in pregnancy, ..."
        {"first": "heat therapy", "second": "back muscle pain"},  # D004 "Do not use heat!"
        {"first": "bed rest", "second": "back pain"},  # D001 "bed rest and exercise"; D003 "avoid prolonged stay in bed"
    ],
    "red-flags": [{}],
    "symptoms-of": [
        {"condition": "spinal tumor"},  # D001 "bowel and bladder dysfunction"
        {"condition": "kidney inflammation"},  # D003 "high fever, edema of the lower extremities, hypertension"
        {"condition": "tuberculosis of the spine"},  # D001 "There is pain and limitation of all movements in the back."
    ],
    "treatments-contraindicated-in": [
        {"state": "pregnancy"},  # D003 "contraindicated in pregnancy, blood diseases, ..."
        {"state": "acute infectious process"},  # same sentence
        {"state": "exacerbation"},  # D003 "During exacerbations, exercise therapy ... are strictly contraindicated."
        {"state": "myeloma"},  # an oncological pathology (D001's lab table names myeloma)
    ],
    "treatments-for": [
        {"condition": "back pain"},  # many sources, several stances for the same treatment (bed rest)
        {"condition": "back muscle pain"},  # D004 "Utilize ice therapy (no heat), ..."
        {"condition": "tender spot on spine when pressed"},  # D000 "rest, icing, and heat application"
        {"condition": "spinal stenosis"},  # D000 "OTC drugs are usually recommended ..."
    ],
    "visceral-causes": [{}],
}


def test_every_module_with_an_answer_header_is_covered() -> None:
    assert ANSWERS, "no # answer: header found in queries/"
    assert set(ANSWERS) == set(CASES)


def _key(value: object) -> tuple:
    return (type(value).__name__, str(value))


@pytest.mark.parametrize(
    ("module", "params"),
    [(m, p) for m, ps in CASES.items() for p in ps],
    ids=[f"{m}-{'-'.join(p.values()) or 'all'}" for m, ps in CASES.items() for p in ps],
)
def test_no_row_repeats_an_answer(kg, module: str, params: dict[str, str]) -> None:
    answer = ANSWERS[module]
    result = kg.query(module, **params)
    assert result.rows, (module, params)
    keys = [tuple(row[c] for c in answer) for row in result]
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]
    # the answer columns lead; the bound parameters are the result's, not columns
    assert result.columns[: len(answer)] == answer
    assert set(result.params) == set(params) and not set(params) & set(result.columns)
    for row in result:
        # every other column is a sorted list of distinct values
        for column in result.columns[len(answer) :]:
            value = row[column]
            if column == "status":
                assert value in ("asserted", "inferred"), row
            else:
                assert isinstance(value, tuple), (column, row)
                if column not in ("quotes", "derivations"):
                    assert list(value) == sorted(set(value), key=_key), (column, value)
        # each passage once, the statements before the context
        spots = [(q.document, q.start, q.end) for q in row.quotes]
        assert len(spots) == len(set(spots)), row
        roles = [q.role for q in row.quotes]
        assert roles == sorted(roles, key=["statement", "context"].index), row
        assert set(row.claims) >= {c for q in row.quotes for c in q.claims}, row
    asserted = [r for r in kg.run(module, **params) if r.get("status", "asserted") == "asserted"]
    if asserted:
        assert_quoted(asserted)
