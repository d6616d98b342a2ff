"""The wheel ships the built ontology, the corpus, the query modules and the viewer's assets; import stays light."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_data_files(root: Path, tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(root)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("spinekg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "spinekg/data/ontology/spinekg.owl",
        "spinekg/data/ontology/spinekg.ttl",
        "spinekg/data/ontology/spinekg-relations.nq",
        "spinekg/data/ontology/sources/000_442b502e28cd03de.txt",
        "spinekg/data/ontology/sources/documents.yaml",
        "spinekg/data/queries/claims-about-term.rq",
        "spinekg/py.typed",
        # the exports: their SPARQL, and the viewer's assets inlined into every HTML export
        "spinekg/export/queries/edges.rq",
        "spinekg/export/queries/claims.rq",
        "spinekg/export/assets/cytoscape.min.js",
        "spinekg/export/assets/cytoscape.LICENSE",
        "spinekg/export/assets/viewer.html",
        "spinekg/export/assets/viewer.js",
        "spinekg/export/assets/viewer.css",
    ):
        assert required in names, required


def test_import_is_light() -> None:
    code = "import sys, spinekg; print(any(m.startswith(('rdflib', 'owlready2', 'networkx', 'pydantic', 'pyoxigraph')) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_python_face_names_what_it_returns() -> None:
    import spinekg

    public = dir(spinekg)
    for name in ("KnowledgeGraph", "Term", "QueryResult", "Row", "Quote", "Derivation", "AskResult", "GraphResult", "modules", "export", "serve"):
        assert name in public and name in spinekg.__all__, name
        assert getattr(spinekg, name) is not None
    kg = spinekg.load()
    result = kg.query("treatments-contraindicated-in", state="pregnancy")
    assert isinstance(result, spinekg.QueryResult) and isinstance(result.rows[0], spinekg.Row)
    assert isinstance(result.rows[0].quotes[0], spinekg.Quote)
    # a row is no tuple: a column named count or index would not be shadowed by a tuple method
    assert not hasattr(result.rows[0], "count") and not hasattr(result.rows[0], "index")


def test_repr_says_the_engine_and_what_it_holds_and_a_remote_one_asks_nothing() -> None:
    import socket
    import time

    import spinekg

    kg = spinekg.load()
    # the claims are the curation files' entries, one per object (counted here from the YAML); the
    # terms are the domain terms, without the categories (which kg.terms() lists too, being terms)
    entries = [c for p in sorted((ROOT / "ontology/curation/claims").glob("D*.yaml")) for c in yaml.safe_load(p.read_text(encoding="utf-8"))["claims"]]
    claims = sum(len(c["object"]) if isinstance(c.get("object"), list) else 1 for c in entries)
    categories = {t.curie for t in kg.terms() if t.category == t.curie}
    assert {"SKG:Drug", "SKG:Treatment", "SKG:Condition", "SKG:BrandProduct"} <= categories
    expected = f"{len(kg.terms()) - len(categories):,} terms in {len(categories)} categories, {claims:,} claims"
    assert repr(kg) == f"<KnowledgeGraph OxigraphEngine(in memory): {expected}>"
    with socket.socket() as ear:  # a port that accepts and never answers: a request would hang
        ear.bind(("127.0.0.1", 0))
        ear.listen()
        remote = spinekg.connect(f"http://127.0.0.1:{ear.getsockname()[1]}/query", check=False, timeout=30)
        start = time.monotonic()
        assert repr(remote) == f"<KnowledgeGraph RemoteEngine('http://127.0.0.1:{ear.getsockname()[1]}/query')>"
        assert time.monotonic() - start < 1
