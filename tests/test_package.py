"""The wheel ships the built ontology, the corpus, the query modules and the viewer's assets; import stays light."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path


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
