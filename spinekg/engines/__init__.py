"""The SPARQL engines a knowledge graph is answered by, and what guards them.

- :mod:`~spinekg.engines.embedded`: Oxigraph (the default) and rdflib, loading the built files;
- :mod:`~spinekg.engines.cache`: the on-disk store the CLI opens instead of parsing the files;
- :mod:`~spinekg.engines.remote`: any SPARQL 1.1 Protocol endpoint;
- :mod:`~spinekg.engines.sparql`: binding parameters, and the guard every free query passes;
- :mod:`~spinekg.engines.isolate`: the killable child process free SPARQL runs in.

Every engine has the face of :class:`Engine`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from spinekg.engines.sparql import QueryForm
    from spinekg.values import Answer, Table, Value

#: The embedded engines, by name (the default first).
ENGINES = ("oxigraph", "rdflib")


class Engine(Protocol):
    name: str

    def select(self, text: str, bindings: Mapping[str, Value] | None = None) -> Table: ...

    def execute(self, text: str, *, max_rows: int = ..., allow_service: bool = ..., form: QueryForm | None = ...) -> Answer: ...
