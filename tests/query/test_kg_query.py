"""The query API and CLI: bound parameters, typed rows, refused updates and SERVICE, time limits."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spinekg
from spinekg.cli import cli
from spinekg.engines.sparql import QueryRefusedError
from spinekg.query.modules import all_modules, get_module


def test_module_returns_typed_rows_that_convert(kg) -> None:
    result = kg.query("claims-about-term", term="Aleve")
    (row,) = result.rows
    assert (row.subjectLabel, row.predicateLabel, row.objectLabel) == ("naproxen", "has brand", "Aleve")
    assert isinstance(row.start, int) and row.start < row.end
    assert result.to_dicts()[0]["quote"] == "Naproxen (e.g., Aleve)"
    assert json.loads(result.to_json())["rows"][0]["claim"].endswith("D000-050")
    assert result.to_csv().splitlines()[0].startswith("term,claim,subject")
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


def test_cli_query_formats_and_exit_codes() -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["query", "claims-about-term", "Aleve", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["params"] == {"term": "Aleve"}
    out = runner.invoke(cli, ["query", "claims-about-term", "term=Aleve", "--format", "tsv"])
    assert out.output.splitlines()[0].split("\t")[:2] == ["term", "claim"]
    assert runner.invoke(cli, ["query", "claims-about-term", "Alevee"]).exit_code == 1
    assert runner.invoke(cli, ["query", "claims-about-term", "a", "b"]).exit_code == 2
    out = runner.invoke(cli, ["sparql", "-"], input="DELETE WHERE { ?s ?p ?o }")
    assert out.exit_code == 1 and "read-only" in out.output
    out = runner.invoke(cli, ["queries"])
    assert "claims-about-term  (term: term)" in out.output


_VALUE = st.one_of(st.text(), st.integers(), st.booleans(), st.sampled_from(['"} ?s ?p ?o {', "'''} } DROP ALL #", '\\\\"', "x\ny\r\n\u2028"]))


@settings(max_examples=150, deadline=None)
@given(value=_VALUE, which=st.sampled_from(sorted(m.name for m in all_modules() if m.parameters)))
def test_bound_text_is_the_module_plus_one_row_of_inline_data(value, which: str) -> None:
    """A bound value never changes the module's text: the bound query is the module's text with one
    VALUES row inserted, and that row parses back to exactly the value given."""
    from rdflib import Graph
    from rdflib.plugins.sparql.parser import parseQuery

    from spinekg.engines.sparql import _group_start, bind_values
    from spinekg.query.modules import get_module

    text = get_module(which).text
    name = get_module(which).parameters[0].name
    bound = bind_values(text, {name: value})
    at = _group_start(text)
    inserted = bound[at : len(bound) - (len(text) - at)]
    assert bound[:at] == text[:at] and bound[at + len(inserted) :] == text[at:]
    parseQuery(bound)  # still one well-formed query
    (row,) = Graph().query(f"SELECT * WHERE {{{inserted}}}")
    assert row[name].toPython() == value


def test_binding_refuses_a_malformed_iri_or_variable() -> None:
    from spinekg.engines.sparql import bind_values
    from spinekg.values import IRI

    with pytest.raises(ValueError):
        bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"x": IRI("http://a> } DROP ALL {")})
    with pytest.raises(ValueError, match="not a variable name"):
        bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"x) {": "a"})
    with pytest.raises(QueryRefusedError, match="WHERE"):
        bind_values("SELECT ?x { ?x ?p ?o }", {"x": "a"})
    # a WHERE inside a comment or a string is not the query's WHERE
    text = 'PREFIX ex: <http://ex/#WHERE> # WHERE {\nSELECT ?x (""" WHERE {\n""" AS ?v) ("WHERE {" AS ?w) WHERE { ?x ?p ?o }'
    assert bind_values(text, {"x": "a"}).endswith('WHERE { VALUES (?x) { ("a") } ?x ?p ?o }')
