"""Fixtures: a real OpenLink Virtuoso 7, started for the session from Debian's package (see
:mod:`stores.virtuoso`), and the built graph published into it through its Digest-protected Graph
Store endpoint. A missing package fails these tests with the apt command; they are never skipped."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from stores.virtuoso import Virtuoso


@contextmanager
def credentials(user: str, password: str) -> Iterator[None]:
    """``SPINEKG_ENDPOINT_USER`` and ``SPINEKG_ENDPOINT_PASSWORD`` set for the block only."""
    names = ("SPINEKG_ENDPOINT_TOKEN", "SPINEKG_ENDPOINT_USER", "SPINEKG_ENDPOINT_PASSWORD")
    saved = {n: os.environ.pop(n, None) for n in names}
    os.environ["SPINEKG_ENDPOINT_USER"], os.environ["SPINEKG_ENDPOINT_PASSWORD"] = user, password
    try:
        yield
    finally:
        for n, v in saved.items():
            os.environ.pop(n, None)
            if v is not None:
                os.environ[n] = v


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A private Virtuoso on free loopback ports, with the dba password set; empty at start."""
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso_capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A second private Virtuoso that cuts every answer at 500 rows (ResultSetMaxRows)."""
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso-capped"), settings={"SPARQL": {"ResultSetMaxRows": "500"}}).start()
    try:
        yield server
    finally:
        server.stop()


def publish_into(server: Virtuoso) -> tuple[list, float]:
    """Publish the built graph into ``server`` as a user does: ``spinekg publish`` to its
    Digest-protected Graph Store endpoint, as dba; what was sent, and the seconds it took."""
    import time

    from spinekg.serve.publish import publish

    began = time.monotonic()
    with credentials(server.user, server.password):
        sent = publish(server.url + "/sparql-graph-crud-auth")
    return sent, time.monotonic() - began


@pytest.fixture(scope="session")
def virtuoso_published(virtuoso: Virtuoso) -> tuple[list, float]:
    return publish_into(virtuoso)


@pytest.fixture(scope="session")
def virtuoso_kg(virtuoso: Virtuoso, virtuoso_published: tuple[list, float]):  # -> spinekg.KnowledgeGraph
    import spinekg

    return spinekg.connect(virtuoso.url + "/sparql")
