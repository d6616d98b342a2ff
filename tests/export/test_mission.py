"""The mission's question through networkx: README's snippet, run as written, agrees with SPARQL."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from spinekg.kg import KnowledgeGraph

ROOT = Path(__file__).resolve().parents[2]


def readme_exports_snippets() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Exports and the viewer", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.DOTALL)


def test_readme_walk_equals_the_query_module(kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    snippets = readme_exports_snippets()
    assert len(snippets) == 1 and "contraindicated = {" in snippets[0]
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for code in snippets:
            exec(compile(code, "README.md", "exec"), namespace)
    walked = set(namespace["contraindicated"])

    by_sparql = {row.treatment for row in kg.query("treatments-contraindicated-in", state="pregnancy")}
    assert walked == {kg.term(iri).curie for iri in by_sparql}

    # D003: "Elimination of pain is done by using electric current, ultrasound, magnetic field ... But we
    # must remember that this reduction in pain is contraindicated in pregnancy ..."; electrophoresis is
    # a kind of electrotherapy and UHF therapy of magnetotherapy, so they inherit it
    asserted = {"SKG:Electrotherapy", "SKG:UltrasoundTherapy", "SKG:Magnetotherapy"}
    inherited = {"SKG:Electrophoresis", "SKG:UHFTherapy"}
    assert walked == asserted | inherited
    assert {t for t, e in namespace["contraindicated"].items() if e["inferred"]} == inherited
    printed = out.getvalue().splitlines()
    assert len(printed) == 5
    # D003-412 is the electric-current claim; electrophoresis inherits it
    assert "electrotherapy asserted ['SKGDOC:D003'] ['SKGCLAIM:D003-412.Pregnancy']" in printed
    assert "electrophoresis inferred ['SKGDOC:D003'] ['SKGCLAIM:D003-412.Pregnancy']" in printed
