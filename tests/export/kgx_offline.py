"""Run the real ``kgx`` command line with no network: ``python kgx_offline.py validate -i tsv N E``.

kgx builds bmt's Biolink ``Toolkit()`` when it is imported, and that downloads the Biolink model
and its predicate map (bmt's default ``REMOTE_PATH``); its validator and prefix manager download
JSON-LD contexts (``kgx/config.yml``). This runner hands them the copies the installed packages
ship instead, then calls kgx's own click command (``kgx.cli.cli``) with the arguments given:

- the Biolink model: ``biolink_model/schema/biolink_model.yaml`` of the ``biolink-model`` package
  (the model version the toolkit reports is that package's);
- the predicate map: none (it maps old relation names to Biolink predicates, which neither
  ``validate`` nor ``transform`` of TSV uses);
- the ``biolink`` JSON-LD context (the prefixes ``validate`` accepts): the prefix map of the same
  ``biolink-model`` package;
- the ``monarch_context`` and ``obo_context`` contexts: the copies ``prefixcommons`` ships.

Any attempt to open a network connection fails at once (so a test cannot pass by reaching out).
Nothing here patches kgx's checks: the validation is kgx's.
"""

from __future__ import annotations

import json
import socket
import sys
from importlib import resources
from typing import Any


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise OSError("kgx_offline: a network connection was attempted")


def _context(package: str, path: str) -> dict[str, Any]:
    data = json.loads(resources.files(package).joinpath(path).read_text(encoding="utf-8"))
    context = data.get("@context", data)
    assert isinstance(context, dict)
    return context


def offline() -> None:
    """Point bmt and kgx at the packaged Biolink model and contexts; refuse the network."""
    socket.socket.connect = _refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = _refuse  # type: ignore[method-assign]
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse

    import bmt
    import bmt.toolkit

    schema = str(resources.files("biolink_model").joinpath("schema/biolink_model.yaml"))

    class PackagedToolkit(bmt.toolkit.Toolkit):
        """bmt's Toolkit, by default on the packaged model instead of the downloaded one."""

        def __init__(self, schema: Any = schema, predicate_map: Any = None, **kwargs: Any) -> None:
            super().__init__(schema, {"predicate mappings": []} if predicate_map is None else predicate_map, **kwargs)

    # kgx does `from bmt import Toolkit` and calls Toolkit() at import: it must find this one
    bmt.Toolkit = PackagedToolkit  # type: ignore[misc]
    bmt.toolkit.Toolkit = PackagedToolkit  # type: ignore[misc]

    import kgx.config

    kgx.config.jsonld_context_map.update(
        {
            "biolink": _context("biolink_model", "prefixmaps/biolink-model-prefix-map.json"),
            "monarch_context": _context("prefixcommons", "registry/monarch_context.jsonld"),
            "obo_context": _context("prefixcommons", "registry/obo_context.jsonld"),
        }
    )


def main(argv: list[str]) -> int:
    offline()
    from kgx.cli import cli

    try:
        cli.main(args=argv, prog_name="kgx", standalone_mode=True)
    except SystemExit as done:
        return int(done.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
