"""Binding parameters: a bound value is one row of inline data at the head of the query's group,
whatever the value, and a malformed IRI or variable name is refused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinekg.engines.sparql import QueryRefusedError
from spinekg.query.modules import all_modules

_VALUE = st.one_of(st.text(), st.integers(), st.booleans(), st.sampled_from(['"} ?s ?p ?o {', "'''} } DROP ALL #", '\\\\"', "x\ny\r\n\u2028"]))


@settings(max_examples=150, deadline=None)
@given(value=_VALUE, which=st.sampled_from(sorted(m.name for m in all_modules() if m.parameters)))
def test_bound_text_is_the_module_plus_one_row_of_inline_data(value, which: str) -> None:
    """A bound value never changes the module's text: the bound query is the module's text with one
    VALUES row inserted, and that row parses back to exactly the value given."""
    from rdflib import Graph
    from rdflib.plugins.sparql.parser import parseQuery

    from spinekg.engines.sparql import bind_values
    from spinekg.query.modules import get_module

    text = get_module(which).text
    name = get_module(which).parameters[0].name
    bound = bind_values(text, {name: value})
    at = next(i for i, (a, b) in enumerate(zip(bound, text, strict=False)) if a != b)  # where the row went in
    inserted = bound[at : len(bound) - (len(text) - at)]
    assert bound[:at] == text[:at] and bound[at + len(inserted) :] == text[at:]
    assert text[:at].rstrip().endswith("{") and inserted.lstrip().startswith("VALUES")  # at the head of a group
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
