"""The query API and CLI: bound parameters, typed rows, refused updates and SERVICE, time limits."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spinekg
from spinekg.engines.sparql import QueryRefusedError
from spinekg.errors import TermCategoryError
from spinekg.query.modules import all_modules, get_module


def test_module_returns_typed_rows_that_convert(kg) -> None:
    result = kg.query("claims-about-term", term="Aleve")
    (row,) = result.rows
    assert (row.subjectLabel, row.predicateLabel, row.objectLabel) == ("naproxen", "has brand", "Aleve")
    (quote,) = row.quotes
    assert isinstance(quote.start, int) and quote.start < quote.end
    assert result.to_dicts()[0]["quotes"][0]["text"] == "Naproxen (e.g., Aleve)"
    assert json.loads(result.to_json())["rows"][0]["claim"].endswith("D000-050")
    assert result.to_csv().splitlines()[0].startswith("claim,subject")
    assert "\t" in result.to_csv("\t")


def test_unknown_or_misspelled_term_parameter_names_closest(kg) -> None:
    with pytest.raises(spinekg.UnknownTermError) as err:
        kg.query("claims-about-term", term="Alevee")
    assert "Aleve" in err.value.suggestions


def test_wrong_or_missing_parameters_are_type_errors(kg) -> None:
    with pytest.raises(TypeError, match="takes no parameter"):
        kg.query("claims-about-term", trm="Aleve")
    with pytest.raises(TypeError, match="needs term"):
        kg.query("claims-about-term")


HOSTILE = ['"} ?s ?p ?o {', "> } DROP ALL ; #", "' OR 1=1 --", "<http://evil/x>", "SKG:Naproxen } UNION { ?x ?y ?z"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(), st.sampled_from(HOSTILE)))
def test_a_hostile_string_parameter_is_bound_as_one_literal(kg, hostile: str) -> None:
    """term-search takes free text: whatever it is, the module's text stays fixed and every row
    carries exactly that text in the parameter's column (the query's shape held)."""
    before = get_module("term-search").text
    result = kg.query("term-search", text=hostile)
    assert all(r.text == hostile for r in result.rows)
    assert get_module("term-search").text == before


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("module", sorted(m.name for m in all_modules() if any(p.type == "term" for p in m.parameters)))
def test_a_hostile_term_parameter_is_refused_before_any_query(kg, module: str, hostile: str) -> None:
    """A term parameter must name a known term: injection text is an unknown term, refused with
    the closest known terms, and no query text is built from it."""
    params = {p.name: hostile for p in get_module(module).parameters}
    with pytest.raises(spinekg.UnknownTermError, match="unknown term"):
        kg.query(module, **params)


def test_free_sparql_refuses_updates_and_service(kg) -> None:
    with pytest.raises(QueryRefusedError, match="read-only"):
        kg.sparql("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(QueryRefusedError, match="SERVICE is refused"):
        kg.sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryRefusedError, match="not valid SPARQL"):
        kg.sparql("SELECT * WHERE { ?s ")
    n = kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/spinekg/Claim> }").rows[0].n
    assert n > 90


# -- suggestions within a parameter's categories; the modules that take a term ----------------------


def _modules_naming(category: str) -> set[str]:
    """``module (parameter)`` for every parameter whose header names ``category``, read from the
    .rq files themselves."""
    import re

    from conftest import ROOT

    out = set()
    for path in sorted((ROOT / "queries").glob("*.rq")):
        for name, cats in re.findall(r"^# param: (\w+): term \(([^)]*)\)", path.read_text(encoding="utf-8"), flags=re.MULTILINE):
            if category in [c.strip() for c in cats.split("|")]:
                out.add(f"{path.stem} ({name})")
    return out


def _taken(kg, module: str, label: str) -> bool:
    """Whether the module's (one) parameter takes the term ``label``."""
    (p,) = get_module(module).parameters
    try:
        kg.query(module, **{p.name: label})
    except spinekg.UnknownTermError:
        return False
    return True


def test_a_drug_where_a_condition_is_wanted_names_the_modules_that_take_a_drug(kg) -> None:
    """D000: "Ibuprofen (e.g., Motrin, Advil)", a drug; treatments-for takes a condition or finding."""
    with pytest.raises(TermCategoryError) as err:
        kg.query("treatments-for", condition="ibuprofen")
    assert err.value.term == "ibuprofen"
    assert set(err.value.modules) == _modules_naming("Drug")
    assert "adverse-effects-of (treatment)" in err.value.modules
    assert str(err.value).startswith(
        "'ibuprofen' is a drug, but condition of 'treatments-for' takes a term under Condition | ClinicalFinding (a condition or clinical finding)"
    )
    assert isinstance(err.value, spinekg.UnknownTermError)


def test_a_sign_where_a_condition_is_wanted_suggests_no_unrelated_condition(kg) -> None:
    """D000's subject, the tender spot on the spine, is a sign: symptoms-of takes conditions, and
    what it is offered instead must be terms it takes."""
    with pytest.raises(TermCategoryError) as err:
        kg.query("symptoms-of", condition="tender spot")
    assert "'tender spot' (tender spot on the spine) is a sign" in str(err.value)
    assert "conditions-with-symptom (symptom)" in err.value.modules and not any(m.startswith("symptoms-of") for m in err.value.modules)
    assert all(_taken(kg, "symptoms-of", s) for s in err.value.suggestions)


def test_a_misspelt_term_is_answered_with_the_closest_terms_the_parameter_takes(kg) -> None:
    """symptoms-of's own example is the spinal infection."""
    assert get_module("symptoms-of").example == 'spinekg query symptoms-of "spinal infection"'
    with pytest.raises(spinekg.UnknownTermError) as err:
        kg.query("symptoms-of", condition="spinal infecton")
    assert err.value.suggestions[0] == "spinal infection"
    assert all(_taken(kg, "symptoms-of", s) for s in err.value.suggestions)


def test_a_misspelt_term_the_parameter_would_not_take_says_so(kg) -> None:
    """The closest name of all is the sign of D000's title, which symptoms-of does not take."""
    with pytest.raises(spinekg.UnknownTermError) as err:
        kg.query("symptoms-of", condition="tender spots on the spin")
    assert err.value.suggestions[-1] == "tender spot on the spine (a sign, which condition does not take)"
