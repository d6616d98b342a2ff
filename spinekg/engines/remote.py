"""A remote SPARQL 1.1 endpoint as a query engine: :class:`RemoteEngine` and :func:`connect`.

The engine speaks the SPARQL 1.1 Protocol with the standard library alone: each query is a
``POST`` of ``application/sparql-query`` asking for ``application/sparql-results+json``, and the
JSON terms become the same Python values the embedded engines give (:func:`spinekg.engines.embedded.python_value`).
Parameters are bound exactly as for embedded Oxigraph, by :func:`spinekg.engines.sparql.bind_values`: one
``VALUES`` row of validated terms, so no caller's text enters the query.

The query modules read the default graph as the union of the named graphs (ontology, asserted,
inferred); :func:`connect` checks that the endpoint does so before any module runs, because an
endpoint that does not would answer every question with "the sources state nothing".

Credentials come from the environment, never from arguments that end up in a shell history:
``SPINEKG_ENDPOINT_TOKEN`` (sent as a bearer token), or ``SPINEKG_ENDPOINT_USER`` and
``SPINEKG_ENDPOINT_PASSWORD`` (HTTP basic authentication).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from spinekg import rq, vocab
from spinekg.errors import EndpointError, SpineKGError
from spinekg.values import DEFAULT_MAX_ROWS, IRI, Answer, Table, Triples, python_value, too_many

if TYPE_CHECKING:
    from spinekg.engines.sparql import QueryForm
    from spinekg.values import Value

#: Seconds to wait for an endpoint's answer.
DEFAULT_TIMEOUT = 30.0
TOKEN_VAR = "SPINEKG_ENDPOINT_TOKEN"
USER_VAR = "SPINEKG_ENDPOINT_USER"
PASSWORD_VAR = "SPINEKG_ENDPOINT_PASSWORD"
_RESULTS_JSON = "application/sparql-results+json"
_RDF_LANG_STRING = vocab.RDF + "langString"


def auth_headers() -> dict[str, str]:
    """The ``Authorization`` header the environment asks for (none when no variable is set).

    >>> import os
    >>> os.environ[TOKEN_VAR] = "s3cret"
    >>> auth_headers()
    {'Authorization': 'Bearer s3cret'}
    >>> del os.environ[TOKEN_VAR]
    """
    import base64

    token = os.environ.get(TOKEN_VAR)
    user = os.environ.get(USER_VAR)
    password = os.environ.get(PASSWORD_VAR)
    if token and (user or password):
        raise SpineKGError(f"set either {TOKEN_VAR} or {USER_VAR} and {PASSWORD_VAR}, not both")
    if token:
        return {"Authorization": f"Bearer {token}"}
    if user is None and password is None:
        return {}
    if not user or password is None:
        raise SpineKGError(f"basic authentication needs both {USER_VAR} and {PASSWORD_VAR}")
    pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return {"Authorization": f"Basic {pair}"}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: urllib would turn a POST into a GET and carry the credentials along."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        return None


_LOOPBACK = ("localhost", "127.0.0.1", "::1")


def _opener(url: str) -> urllib.request.OpenerDirector:
    """An opener without redirects that takes the proxies of the environment (``https_proxy``,
    ``no_proxy`` ...) as it is now, except for the loopback interface, which no proxy can reach."""
    direct = urllib.parse.urlsplit(url).hostname in _LOOPBACK
    return urllib.request.build_opener(_NoRedirect, *([urllib.request.ProxyHandler({})] if direct else []))


#: The largest answer read from an endpoint (bytes); a bigger one is an error, not a partial answer.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024


def http_request(
    url: str,
    *,
    method: str,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[str, bytes]:
    """Send one HTTP request with the environment's credentials; the content type and body of a
    2xx answer. Every failure (unreachable, HTTP error, no complete answer within ``timeout``
    seconds, an answer over ``max_bytes``, a dropped connection) raises
    :class:`~spinekg.errors.EndpointError` naming ``url``.

    ``timeout`` bounds the whole exchange, not each read: a server that sends a byte now and then
    is given up on at the same time as one that sends nothing.
    """
    import threading

    try:
        request = urllib.request.Request(url, data=body, method=method, headers={**(headers or {}), **auth_headers()})
    except ValueError as err:
        raise EndpointError(url, f"not a valid URL ({err})") from err
    outcome: dict[str, Any] = {}
    cancelled = threading.Event()

    def exchange() -> None:
        try:
            outcome["value"] = _exchange(url, request, timeout, max_bytes, cancelled)
        except BaseException as err:  # noqa: BLE001 - handed to the caller's thread
            outcome["error"] = err

    worker = threading.Thread(target=exchange, name="spinekg-http", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        cancelled.set()  # the worker stops at its next read; its socket times out at the latest
        raise EndpointError(url, f"no complete answer within {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return cast("tuple[str, bytes]", outcome["value"])


def _exchange(url: str, request: urllib.request.Request, timeout: float, max_bytes: int, cancelled: Any) -> tuple[str, bytes]:
    import http.client

    try:
        with _opener(url).open(request, timeout=timeout) as response:
            chunks: list[bytes] = []
            size = 0
            while not cancelled.is_set():
                chunk = response.read(1 << 16)
                if not chunk:
                    return response.headers.get("Content-Type", ""), b"".join(chunks)
                size += len(chunk)
                if size > max_bytes:
                    raise EndpointError(url, f"the answer is larger than {max_bytes / 1048576:,.0f} MB; ask for less (LIMIT)")
                chunks.append(chunk)
            raise EndpointError(url, f"no complete answer within {timeout:g} s")
    except urllib.error.HTTPError as err:
        raise _http_error(url, err) from err
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise EndpointError(url, f"no complete answer within {timeout:g} s") from err
        raise EndpointError(url, f"cannot reach the endpoint ({_reason(err.reason)}); is the server running and the URL right?") from err
    except TimeoutError as err:
        raise EndpointError(url, f"no complete answer within {timeout:g} s") from err
    except (http.client.HTTPException, OSError) as err:
        raise EndpointError(url, f"the connection closed before the answer was complete ({_reason(err)}); did the server stop?") from err


def _http_error(url: str, err: urllib.error.HTTPError) -> EndpointError:
    if 300 <= err.code < 400:
        where = err.headers.get("Location", "elsewhere")
        return EndpointError(url, f"HTTP {err.code}: the endpoint redirects to {where}; use that URL", status=err.code)
    try:
        text = err.read().decode("utf-8", "replace")
    except (OSError, ValueError):
        text = ""
    hint = f" (credentials come from {TOKEN_VAR}, or {USER_VAR} and {PASSWORD_VAR})" if err.code == 401 else ""
    return EndpointError(url, f"HTTP {err.code} {err.reason}: {_excerpt(text) or '(empty body)'}{hint}", status=err.code)


def _reason(reason: object) -> str:
    return getattr(reason, "strerror", None) or str(reason) or type(reason).__name__


def _excerpt(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class RemoteEngine:
    """A SPARQL 1.1 Protocol endpoint (the query URL, e.g. ``http://127.0.0.1:7878/query``)."""

    name = "remote"

    def __init__(self, url: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        from spinekg.engines.isolate import check_timeout
        from spinekg.errors import ArgumentError

        if not isinstance(url, str):
            raise ArgumentError(f"an endpoint is a URL string, not {type(url).__name__}")
        timeout = check_timeout(timeout)
        if not url.startswith(("http://", "https://")):
            raise EndpointError(url, "not an http(s) URL of a SPARQL endpoint")
        self.url = url
        self.timeout = timeout
        #: When set (a time.monotonic() value), no request runs past it (connect's check uses it).
        self.deadline: float | None = None

    def __repr__(self) -> str:
        return f"RemoteEngine({self.url!r})"

    def select(self, text: str, bindings: Mapping[str, Value] | None = None) -> Table:
        from spinekg.engines.sparql import bind_values

        if bindings:
            text = bind_values(text, bindings)
        answer = self._results(text, DEFAULT_MAX_ROWS * 10)
        if not isinstance(answer, Table):
            raise TypeError("not a SELECT query")
        return answer

    def execute(self, text: str, *, max_rows: int = DEFAULT_MAX_ROWS, allow_service: bool = False, form: QueryForm | None = None) -> Answer:
        """Run any read query there: rows, a boolean or triples (at most ``max_rows``)."""
        from spinekg.engines.sparql import check_query

        if (form or check_query(text, allow_service=True)).form in ("CONSTRUCT", "DESCRIBE"):
            return self._triples(text, max_rows)
        return self._results(text, max_rows)

    def _post(self, text: str, accept: str) -> tuple[str, bytes]:
        import time

        timeout = self.timeout
        if self.deadline is not None:
            timeout = self.deadline - time.monotonic()
            if timeout <= 0:
                raise EndpointError(self.url, f"no complete answer within {self.timeout:g} s")
        return http_request(
            self.url,
            method="POST",
            body=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
            timeout=timeout,
        )

    def _results(self, text: str, max_rows: int) -> Table | bool:
        content_type, body = self._post(text, _RESULTS_JSON)
        try:
            data = json.loads(body)
        except RecursionError:
            raise EndpointError(self.url, "answered JSON nested too deeply to be SPARQL results") from None
        except ValueError as err:
            shown = _excerpt(body.decode("utf-8", "replace"), 120)
            raise EndpointError(self.url, f"answered with {content_type or 'no content type'}, not SPARQL JSON results: {shown!r}") from err
        if isinstance(data, dict) and isinstance(data.get("boolean"), bool):
            return bool(data["boolean"])
        try:
            names = tuple(data["head"]["vars"])
            bindings = data["results"]["bindings"]
            if len(bindings) > max_rows:
                raise too_many(max_rows)
            rows = tuple(tuple(_value(b.get(n)) for n in names) for b in bindings)
        except (KeyError, TypeError, AttributeError, ValueError) as err:
            raise EndpointError(self.url, f"answered JSON that is not SPARQL JSON results ({type(err).__name__}: {err})") from err
        return Table(names, rows)

    def _triples(self, text: str, max_rows: int) -> Triples:
        import pyoxigraph as ox

        content_type, body = self._post(text, "application/n-triples, text/turtle;q=0.9")
        media = content_type.split(";")[0].strip() or "application/n-triples"
        try:
            fmt = ox.RdfFormat.from_media_type(media)
            if fmt is None:
                raise ValueError(f"no RDF format is served as {media}")
            triples = tuple((str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(body, format=fmt))
        except (SyntaxError, ValueError) as err:
            raise EndpointError(self.url, f"answered with {media}, not RDF triples ({err})") from err
        if len(triples) > max_rows:
            raise too_many(max_rows)
        return Triples(triples)


def _value(term: Mapping[str, str] | None) -> Any:
    """A SPARQL JSON term as the Python value the embedded engines give."""
    if term is None:
        return None
    kind = term["type"]
    if kind == "uri":
        return IRI(term["value"])
    if kind == "bnode":
        return "_:" + term["value"]
    if kind in ("literal", "typed-literal"):  # "typed-literal": SPARQL 1.0-era servers (Virtuoso)
        datatype = _RDF_LANG_STRING if "xml:lang" in term else term.get("datatype")
        return python_value(term["value"], datatype)
    raise ValueError(f"unsupported term type {kind!r}")


# The named graphs the query modules read, each through the default graph.
_GRAPHS = (vocab.ONTOLOGY_GRAPH, vocab.ASSERTED_GRAPH, vocab.INFERRED_GRAPH)


def check_union_default_graph(engine: RemoteEngine) -> None:
    """Raise :class:`~spinekg.errors.EndpointError` unless the endpoint holds the three named
    graphs and its default graph shows a triple of each (the union the query modules read)."""

    for graph in _GRAPHS:
        rows = engine.select(rq.packaged("engines/queries", "one-triple-of-graph"), {"g": IRI(graph)}).rows
        if not rows:
            raise EndpointError(engine.url, f"the endpoint holds no named graph <{graph}>; load the graph first (`spinekg publish --endpoint STORE-URL`)")
        _, s, p, o = rows[0]
        if not engine.select(rq.packaged("engines/queries", "in-default-graph"), {"s": IRI(s), "p": IRI(p), "o": IRI(o)}).rows:
            raise EndpointError(
                engine.url,
                "the default graph is not the union of the named graphs, so every query module would "
                "find nothing; enable it on the server (Oxigraph: --union-default-graph; Fuseki: "
                "tdb2:unionDefaultGraph true; GraphDB and Virtuoso do it by default)",
            )
