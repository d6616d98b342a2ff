"""Text for people, through the library on the real graph: the table of a query's answer, ASK and
CONSTRUCT answers, the formats the CLI offers, the term card, the statistics and the module list.

The expectations are written from the curation sources and the source texts
(``ontology/curation``, ``ontology/sources``), not from the code's output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spinekg.errors import UnknownFormatError
from spinekg.kg import KnowledgeGraph
from spinekg.query.modules import all_modules, get_module
from spinekg.query.render import RESULT_FORMATS, module_help, modules_text, render, stats_text, term_card, term_record
from spinekg.query.results import make_result

NOTHING_STATED = "The sources state nothing here. That is not a statement that anything is safe."
NOTE = "Note: These are the statements the sources make. An absent row means the sources state nothing; it never means safe."

#: D003-412 (ontology/curation/claims/D003.yaml): electrotherapy is contraindicated in pregnancy.
D003_412_QUOTE = (
    "But we must remember that this reduction in pain is contraindicated in pregnancy, blood diseases, oncological pathologies and acute infectious processes."
)


def _width(line: str) -> int:
    return len(line)


# -- QueryResult.to_table -------------------------------------------------------------------------


def test_the_pregnancy_table_has_one_block_per_treatment_and_fits_120_columns(kg: KnowledgeGraph) -> None:
    """D003 contraindicates electrotherapy, ultrasound and magnetotherapy in pregnancy (D003-412..414);
    the rules pass it on to their subtypes electrophoresis and UHF therapy: five answers."""
    table = kg.query("treatments-contraindicated-in", state="pregnancy").to_table(width=120)
    lines = table.splitlines()
    assert max(map(_width, lines)) <= 120
    assert lines[0].split() == ["treatmentLabel", "status", "claims", "quotes", "derivations"]  # labels, not IRIs
    words = " ".join(table.split())
    for label in ["UHF therapy", "electrophoresis", "electrotherapy", "magnetotherapy", "ultrasound therapy"]:
        assert label.split()[0] in words
    assert "(5 answers, 3 claims, 1 document (SKGDOC:D003))" in lines
    assert all(word in words for word in D003_412_QUOTE.split())  # the quote is whole: wrapped, never cut
    assert lines[-1] == NOTE[len(NOTE) - len(lines[-1]) :] or NOTE.startswith(lines[-2])


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_every_table_line_fits_the_width_it_is_given(kg: KnowledgeGraph, width: int) -> None:
    for module, params in [("treatments-contraindicated-in", {"state": "pregnancy"}), ("red-flags", {}), ("adverse-effects-of", {"treatment": "naproxen"})]:
        table = kg.query(module, **params).to_table(width=width)
        assert max(map(_width, table.splitlines())) <= width, (module, width)
        for word in D003_412_QUOTE.split() if module.startswith("treatments") else ():
            assert word in table  # a word may wrap, never vanish


def test_the_width_defaults_to_columns(kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    table = kg.query("red-flags").to_table()
    assert max(map(_width, table.splitlines())) <= 100


def test_identifiers_are_shown_on_request(kg: KnowledgeGraph) -> None:
    result = kg.query("treatments-contraindicated-in", state="pregnancy")
    assert result.to_table(width=300).split()[:2] == ["treatmentLabel", "status"]
    assert result.to_table(width=300, ids=True).split()[:3] == ["treatment", "treatmentLabel", "status"]
    assert "SKG:Electrotherapy  " in result.to_table(width=300, ids=True)


def test_an_empty_safety_answer_says_the_sources_state_nothing(kg: KnowledgeGraph) -> None:
    """No claim of the sources contraindicates anything in sciatica."""
    table = kg.query("treatments-contraindicated-in", state="sciatica").to_table(width=200)
    assert table.splitlines() == ["(0 answers)", NOTHING_STATED, NOTE]


def test_an_empty_answer_of_another_module_says_so_too(kg: KnowledgeGraph) -> None:
    lines = kg.query("treatments-for", condition="sciatica").to_table(width=200).splitlines()
    assert lines == ["(0 answers)", NOTHING_STATED]


def test_cells_are_curies_lists_one_item_a_line_and_empty_for_unbound() -> None:
    from spinekg.values import IRI

    result = make_result("x", ("a", "b", "c"), [(IRI("https://w3id.org/spinekg/Naproxen"), ("Aleve", "Naprosyn"), None), (3, (), "x" * 70)])
    lines = result.to_table(width=200).splitlines()
    assert lines[0].split() == ["a", "b", "c"]
    assert lines[2].split() == ["SKG:Naproxen", "•", "Aleve"]
    assert lines[3].split() == ["•", "Naprosyn"]
    assert lines[-2].split() == ["3", "x" * 70]  # nothing cut
    assert lines[-1] == "(2 answers)"
    assert make_result("sparql", ("n",), [(1,)]).to_table().endswith("(1 row)\n")


# -- ASK, CONSTRUCT and the formats of --format ---------------------------------------------------


def test_ask_is_true_or_false_on_a_line(kg: KnowledgeGraph) -> None:
    assert kg.sparql("ASK { <https://w3id.org/spinekg/Naproxen> ?p ?o }").to_table() == "true\n"
    assert kg.sparql("ASK { <urn:nothing> ?p ?o }").to_table() == "false\n"


def test_construct_is_n_triples_and_nothing_is_a_comment(kg: KnowledgeGraph) -> None:
    """D000-050: naproxen has the brand Aleve."""
    text = kg.sparql(
        "CONSTRUCT { <https://w3id.org/spinekg/Naproxen> <urn:brand> ?b } WHERE { <https://w3id.org/spinekg/Naproxen> <https://w3id.org/spinekg/hasBrand> ?b }"
    ).to_table()
    assert text == "<https://w3id.org/spinekg/Naproxen> <urn:brand> <https://w3id.org/spinekg/Aleve> .\n"
    empty = kg.sparql("CONSTRUCT { ?s ?p ?o } WHERE { <urn:nothing> ?p ?o }").to_table()
    assert empty == f"# (no triples) {NOTHING_STATED}\n"


def test_render_offers_the_cli_formats_each_ending_with_a_line_break(kg: KnowledgeGraph) -> None:
    result = kg.query("term-search", text="heat")
    assert list(RESULT_FORMATS) == ["table", "json", "csv", "tsv"]
    assert render(result) == result.to_table()
    assert json.loads(render(result, "json"))["params"] == {"text": "heat"}
    assert render(result, "csv").splitlines()[0] == "text,term,label,categoryLabel,matched,definition"
    assert render(result, "tsv").splitlines()[0] == "text\tterm\tlabel\tcategoryLabel\tmatched\tdefinition"
    assert all(render(result, fmt).endswith("\n") for fmt in RESULT_FORMATS)


def test_an_unknown_format_names_the_known_ones(kg: KnowledgeGraph) -> None:
    with pytest.raises(UnknownFormatError, match="unknown result format 'xml'; known: table, json, csv, tsv"):
        render(kg.query("red-flags"), "xml")


# -- the term card --------------------------------------------------------------------------------


def test_the_card_of_naproxen_shows_what_the_sources_define(kg: KnowledgeGraph) -> None:
    """ontology/curation/terms/drugs.yaml defines naproxen; D000-050 ("Naproxen (e.g., Aleve)")
    gives it the brand Aleve."""
    card = term_card(kg.term("naproxen")).splitlines()
    assert card[0] == "naproxen  [SKG:Naproxen]  (drug)"
    assert card[1] == "  definition: Naproxen, a non-steroidal anti-inflammatory drug."
    assert "  brand synonyms: Aleve" in card
    (isa,) = [line for line in card if line.startswith("  is a: ")]
    assert "SKG:NSAID" in isa.removeprefix("  is a: ").split(", ")
    assert not any("Claims" in line for line in card)  # no claims asked for


def test_the_card_shows_exact_synonyms_by_scope(kg: KnowledgeGraph) -> None:
    """treatments.yaml: heat therapy, exact synonym "heat application", is a SelfCare."""
    assert term_card(kg.term("heat application")).splitlines()[:4] == [
        "heat therapy  [SKG:HeatTherapy]  (self-care)",
        "  definition: Applying heat to the painful area.",
        "  exact synonyms: heat application",
        "  is a: SKG:SelfCare",
    ]


def test_the_card_of_advil_lists_its_claim_with_the_quote_and_offsets(kg: KnowledgeGraph, root: Path) -> None:
    """D000-049: "Ibuprofen (e.g., Motrin, Advil)", ibuprofen has the brands Motrin and Advil."""
    quote = "Ibuprofen (e.g., Motrin, Advil)"
    text = (root / "ontology/sources/000_442b502e28cd03de.txt").read_text(encoding="utf-8")  # D000
    start = text.index(quote)
    advil = kg.term("Advil")
    assert term_card(advil, kg.claims_about(advil.iri)) == (
        "Advil  [SKG:Advil]  (brand product)\n"
        "  definition: Advil, a brand product of ibuprofen.\n"
        "  is a: SKG:BrandProduct\n"
        "\n"
        "Claims (1); the sources state these, and silence is not an answer:\n"
        "  SKGCLAIM:D000-049.Advil  ibuprofen --has brand--> Advil  [reported association; SKGDOC:D000]\n"
        f'      "{quote}" @{start}-{start + len(quote)}\n'
    )


def test_the_card_of_a_term_without_claims_still_has_the_claims_heading(kg: KnowledgeGraph) -> None:
    advil = kg.term("Advil")
    assert term_card(advil, []).splitlines()[-1] == "Claims (0); the sources state these, and silence is not an answer:"


def test_the_term_record_adds_the_claims_only_when_given(kg: KnowledgeGraph) -> None:
    aleve = kg.term("Aleve")
    assert "claims" not in term_record(aleve)
    record = term_record(aleve, kg.claims_about(aleve.iri))
    assert record["curie"] == "SKG:Aleve" and record["label"] == "Aleve"
    d000_050 = [c for c in record["claims"] if c["claim"] == "SKGCLAIM:D000-050"]
    assert [(c["subject_label"], c["predicate_label"], c["object_label"], [q["text"] for q in c["quotes"]]) for c in d000_050] == [
        ("naproxen", "has brand", "Aleve", ["Naproxen (e.g., Aleve)"])
    ]


# -- statistics and the module list ---------------------------------------------------------------


def test_stats_text_lists_d000_with_its_title_and_count(kg: KnowledgeGraph) -> None:
    """ontology/curation/claims/D000.yaml has 72 claim entries; one claim per object: 92 claims.
    Its title is in ontology/sources/documents.yaml."""
    lines = stats_text(kg.stats()).splitlines()
    assert lines[0] == "Terms per category"
    assert "Claims per relation" in lines and "Claims per document" in lines
    assert lines[lines.index("Claims per document") + 1] == "     92  D000  Causes and Treatment of Tender Spot on Spine When Pressed"


def test_the_module_list_shows_usage_then_title_description_and_parameter_types() -> None:
    lines = modules_text(all_modules(), width=1000).splitlines()
    assert "red-flags" in lines
    i = lines.index("provenance first second")
    assert lines[i + 2] == "    first, second: term (any category)"
    i = lines.index("term-search text")
    assert lines[i + 1] == "    Search terms by words. Terms whose label or synonym contains the text (case-insensitive), with category and definition."
    assert lines[i + 2] == "    text: string"


def test_the_module_list_brackets_optional_parameters_and_fits_the_width() -> None:
    """differential-diagnosis takes one feature and up to four more (queries/differential-diagnosis.rq)."""
    for width in (60, 80, 132):
        lines = modules_text(all_modules(), width=width).splitlines()
        assert max(len(line) for line in lines) <= width
        i = lines.index("differential-diagnosis f1 [f2] [f3] [f4] [f5]")
        assert "    f1, [f2], [f3], [f4], [f5]: term (PresentationFeature)" in lines[i:]
        assert not any("optional" in line for line in lines)


def test_module_help_names_the_categories_by_label_with_the_graph_and_by_id_without(kg: KnowledgeGraph) -> None:
    """ontology/curation/schema.yaml: Condition is labelled "condition", ClinicalFinding "clinical finding"."""
    mod = get_module("treatments-for")
    lines = module_help(mod, kg.term, width=200).splitlines()
    assert lines[0] == "Usage: spinekg query treatments-for [OPTIONS] condition"
    assert "  condition  a term: condition (Condition) or clinical finding (ClinicalFinding)" in lines
    assert "  condition  a term: Condition or ClinicalFinding" in module_help(mod, width=200).splitlines()
    assert lines[lines.index("Example:") + 1] == "  " + mod.example


def test_module_help_fits_the_width_but_keeps_the_example_whole() -> None:
    mod = get_module("differential-diagnosis")
    lines = module_help(mod, width=50).splitlines()
    assert all(len(line) <= 50 for line in lines if line != "  " + mod.example)
    assert "  " + mod.example in lines and len(mod.example) > 50
