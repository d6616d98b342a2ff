"""Cross-origin reads of ``spinekg serve`` (CORS), for SPARQL clients in a browser (YASGUI).

Off unless asked for (``spinekg serve --cors``). A browser lets a page read an answer from another
origin only when the answer says so, so this decides which web pages may *read* the endpoint's
answers; it changes nothing about what is answered: every request, preflight ``OPTIONS`` included,
takes the gateway's guarded route, and every answer (refusals and errors too) carries the same
headers, so a page can show why its query was refused.

>>> anyone = Cors.from_origins(None)
>>> anyone.headers("https://yasgui.example")
[('Access-Control-Allow-Origin', '*')]
>>> listed = Cors.from_origins(["https://yasgui.example"])
>>> listed.headers("https://yasgui.example")
[('Access-Control-Allow-Origin', 'https://yasgui.example'), ('Vary', 'Origin')]
>>> listed.headers("https://elsewhere.example")      # not listed: the browser keeps the answer from the page
[('Vary', 'Origin')]

Credentials are never allowed (``Access-Control-Allow-Credentials`` is never sent): the endpoint has
no authentication, and a browser refuses them with ``*`` anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: What a preflight allows: the SPARQL 1.1 Protocol's query methods, and the headers a SPARQL client sets.
ALLOW_METHODS = "GET, POST, OPTIONS"
ALLOW_HEADERS = "Accept, Content-Type"
#: Seconds a browser may keep a preflight's answer (Chromium keeps it at most 2 hours).
MAX_AGE = 600
_ORIGIN = re.compile(r"(?P<scheme>https?)://(?P<host>\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(?P<port>:[0-9]{1,5})?", re.I)


def parse_origin(text: str) -> str:
    """An origin as a browser sends it in ``Origin``: ``scheme://host[:port]``, lower case, no path.

    >>> parse_origin("https://YASGUI.example"), parse_origin("http://127.0.0.1:8080")
    ('https://yasgui.example', 'http://127.0.0.1:8080')
    >>> parse_origin("https://yasgui.example/")
    Traceback (most recent call last):
    ...
    ValueError: 'https://yasgui.example/' is not an origin: give scheme://host[:port], without a path (a browser sends no trailing slash)
    """
    if text == "*":
        raise ValueError("'*' is not an origin: --cors alone allows any origin")
    if not _ORIGIN.fullmatch(text):
        raise ValueError(f"{text!r} is not an origin: give scheme://host[:port], without a path (a browser sends no trailing slash)")
    return text.lower()


@dataclass(frozen=True)
class Cors:
    """Which origins may read the answers: ``origins`` None is any origin (``*``)."""

    origins: frozenset[str] | None

    @classmethod
    def from_origins(cls, origins: Iterable[str] | None) -> Cors:
        """Any origin (``None``), or only these (each checked by :func:`parse_origin`)."""
        if origins is None:
            return cls(None)
        checked = frozenset(parse_origin(o) for o in origins)
        if not checked:
            raise ValueError("no origin given: give at least one, or allow any origin")
        return cls(checked)

    def allows(self, origin: str | None) -> bool:
        return self.origins is None or (origin is not None and origin.lower() in self.origins)

    def headers(self, origin: str | None) -> list[tuple[str, str]]:
        """The headers of every answer to a request whose ``Origin`` is ``origin`` (None: none sent)."""
        if self.origins is None:
            return [("Access-Control-Allow-Origin", "*")]
        allowed = [("Access-Control-Allow-Origin", origin)] if origin is not None and self.allows(origin) else []
        return [*allowed, ("Vary", "Origin")]  # the answer depends on Origin: a cache must not give it to another

    def preflight(self, origin: str | None) -> list[tuple[str, str]]:
        """The headers a preflight adds to :meth:`headers` (none for an origin not allowed)."""
        if not self.allows(origin):
            return []
        return [("Access-Control-Allow-Methods", ALLOW_METHODS), ("Access-Control-Allow-Headers", ALLOW_HEADERS), ("Access-Control-Max-Age", str(MAX_AGE))]

    def describe(self) -> str:
        """For the start-up message."""
        if self.origins is None:
            return "any origin (Access-Control-Allow-Origin: *)"
        return ", ".join(sorted(self.origins))
