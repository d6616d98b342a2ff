"""A remote SPARQL 1.1 endpoint as a query engine: :class:`RemoteEngine` and :func:`connect`.

The engine speaks the SPARQL 1.1 Protocol with the standard library alone. Each query is a
form-encoded ``POST`` (``application/x-www-form-urlencoded``, ``query=...``) asking for
``application/sparql-results+json``: the one way every store tested answers (Virtuoso 7.2 never
answers a direct ``application/sparql-query`` POST, openlink/virtuoso-opensource#842). A POST rather
than a GET, even for short queries, so that no query meets a URL length limit of a server or a
proxy, and no query text lands in access logs. The JSON terms become the same Python values the
embedded engines give (:func:`spinekg.values.python_value`). Parameters are bound exactly as for
embedded Oxigraph, by :func:`spinekg.engines.sparql.bind_values`: one ``VALUES`` row of validated
terms, so no caller's text enters the query.

The query modules read the default graph as the union of the named graphs (ontology, asserted,
inferred). Every request names that dataset (``default-graph-uri`` and ``named-graph-uri``, one per
graph), unless the query names its own with FROM / FROM NAMED: a store whose default graph is
something else (Virtuoso's is everything it holds, its own system graphs included) answers from the
graph's three graphs only. :func:`connect` checks that the endpoint holds the graph and honours
that dataset before any module runs, because an endpoint that does not would answer every question
with "the sources state nothing".

An answer the store cut short is an error, never a partial answer: Virtuoso cuts every answer at its
``ResultSetMaxRows`` (10,000 by default) and says so only in the ``X-SPARQL-MaxRows`` header.

Credentials come from the environment, never from arguments that end up in a shell history:
``SPINEKG_ENDPOINT_TOKEN`` (sent as a bearer token), or ``SPINEKG_ENDPOINT_USER`` and
``SPINEKG_ENDPOINT_PASSWORD``: HTTP Digest authentication when the endpoint asks for it (Virtuoso's
``/sparql-auth`` and ``/sparql-graph-crud-auth``), basic authentication otherwise. The first request
to a URL with a user and password is preceded by a bodiless ``HEAD`` that learns which scheme the
endpoint asks for, so a large body is never sent only to be refused (a store that answers 401 before
it has read the body breaks the connection: "Broken pipe"); the scheme is remembered for that URL.
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
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
_FORM = "application/x-www-form-urlencoded"
_RDF_LANG_STRING = vocab.RDF + "langString"
#: The header in which Virtuoso says it cut the answer at its ResultSetMaxRows.
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"
#: The named graphs the query modules read, each through the default graph: the dataset every
#: request names (``default-graph-uri`` and ``named-graph-uri``).
GRAPHS = (vocab.ONTOLOGY_GRAPH, vocab.ASSERTED_GRAPH, vocab.INFERRED_GRAPH)


def _credentials() -> tuple[str, str] | str | None:
    """The environment's credentials: a bearer token, a (user, password) pair, or None."""
    token = os.environ.get(TOKEN_VAR)
    user = os.environ.get(USER_VAR)
    password = os.environ.get(PASSWORD_VAR)
    if token and (user or password):
        raise SpineKGError(f"set either {TOKEN_VAR} or {USER_VAR} and {PASSWORD_VAR}, not both")
    if token:
        return token
    if user is None and password is None:
        return None
    if not user or password is None:
        raise SpineKGError(f"authentication needs both {USER_VAR} and {PASSWORD_VAR}")
    return user, password


def auth_headers() -> dict[str, str]:
    """The ``Authorization`` header the environment asks for when the endpoint asks for no Digest
    authentication (none when no variable is set): a bearer token, or basic authentication.

    >>> import os
    >>> os.environ[TOKEN_VAR] = "s3cret"
    >>> auth_headers()
    {'Authorization': 'Bearer s3cret'}
    >>> del os.environ[TOKEN_VAR]
    """
    import base64

    credentials = _credentials()
    if credentials is None:
        return {}
    if isinstance(credentials, str):
        return {"Authorization": f"Bearer {credentials}"}
    pair = base64.b64encode(f"{credentials[0]}:{credentials[1]}".encode()).decode("ascii")
    return {"Authorization": f"Basic {pair}"}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: urllib would turn a POST into a GET and carry the credentials along."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        return None


_LOOPBACK = ("localhost", "127.0.0.1", "::1")


class _EarlyAnswer(http.client.HTTPConnection):
    """A connection that reads the server's answer when the server stops reading the body: a
    store that refuses a large PUT (401, 403, 413) answers and closes before the body is all sent,
    and its answer, not "Broken pipe", is what the caller needs to hear."""

    def send(self, data: Any) -> None:
        try:
            super().send(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # getresponse() reads the answer the server gave, or says the connection closed


class _EarlyAnswerTLS(_EarlyAnswer, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_EarlyAnswer, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_EarlyAnswerTLS, req, context=self._context)  # type: ignore[attr-defined]


def _opener(url: str) -> urllib.request.OpenerDirector:
    """An opener without redirects that takes the proxies of the environment (``https_proxy``,
    ``no_proxy`` ...) as it is now, except for the loopback interface, which no proxy can reach."""
    direct = urllib.parse.urlsplit(url).hostname in _LOOPBACK
    return urllib.request.build_opener(_NoRedirect, _HTTPHandler, _HTTPSHandler, *([urllib.request.ProxyHandler({})] if direct else []))


#: The largest answer read from an endpoint (bytes); a bigger one is an error, not a partial answer.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
#: The most of an error answer's body read (it is shown, shortened, in the message).
_MAX_ERROR_BYTES = 64 * 1024


@dataclass(frozen=True)
class Reply:
    """An endpoint's answer to one request (any status)."""

    status: int
    reason: str
    headers: Message
    body: bytes

    @property
    def content_type(self) -> str:
        return str(self.headers.get("Content-Type", ""))


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
    2xx answer (:func:`http_exchange` gives the headers too)."""
    reply = http_exchange(url, method=method, body=body, headers=headers, timeout=timeout, max_bytes=max_bytes)
    return reply.content_type, reply.body


def http_exchange(
    url: str,
    *,
    method: str,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Reply:
    """Send one HTTP request with the environment's credentials (see the module's text); the 2xx
    answer. Every failure (unreachable, HTTP error, credentials refused, no complete answer within
    ``timeout`` seconds, an answer over ``max_bytes``, a dropped connection) raises
    :class:`~spinekg.errors.EndpointError` naming ``url``.

    ``timeout`` bounds the whole exchange (an authentication probe included), not each read: a
    server that sends a byte now and then is given up on at the same time as one that sends nothing.
    """
    try:
        urllib.request.Request(url, method=method)
    except ValueError as err:
        raise EndpointError(url, f"not a valid URL ({err})") from err
    credentials = _credentials()
    outcome: dict[str, Any] = {}
    cancelled = threading.Event()
    call = _Call(url, method, body, dict(headers or {}), timeout, max_bytes, cancelled)

    def exchange() -> None:
        try:
            outcome["value"] = call.authorised(credentials)
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
    reply = cast("Reply", outcome["value"])
    if not 200 <= reply.status < 300:
        raise _http_error(url, reply)
    return reply


@dataclass
class _Digest:
    """What an endpoint asked for at one URL: Digest with this challenge (None: basic)."""

    challenge: dict[str, str]
    handler: urllib.request.HTTPDigestAuthHandler


#: The scheme each URL (scheme, host, path, user, password hash) asked for, learnt by a bodiless probe.
_SCHEMES: dict[tuple[str, str, str, str, str], _Digest | None] = {}
_SCHEMES_LOCK = threading.Lock()


def _digest_challenge(headers: Message) -> dict[str, str] | None:
    """The Digest challenge of a 401's ``WWW-Authenticate`` headers, or None when none is offered."""
    import re

    for value in headers.get_all("WWW-Authenticate") or []:
        match = re.search(r"(?i)(?:^|,)\s*digest\s+", value)
        if match is None:
            continue
        items = [i for i in urllib.request.parse_http_list(value[match.end() :]) if "=" in i]
        challenge = urllib.request.parse_keqv_list(items)
        if "nonce" in challenge and "realm" in challenge:
            return challenge
    return None


@dataclass
class _Call:
    url: str
    method: str
    body: bytes | None
    headers: dict[str, str]
    timeout: float
    max_bytes: int
    cancelled: threading.Event

    def authorised(self, credentials: tuple[str, str] | str | None) -> Reply:
        if credentials is None:
            return self.send({})
        if isinstance(credentials, str):
            return self.send({"Authorization": f"Bearer {credentials}"})
        import hashlib

        user, password = credentials
        split = urllib.parse.urlsplit(self.url)
        # the password is in the key (as a hash): a handler answers with the password it was made with
        key = (split.scheme, split.netloc, split.path, user, hashlib.sha256(password.encode()).hexdigest())
        with _SCHEMES_LOCK:
            known = key in _SCHEMES
            digest = _SCHEMES.get(key)
        if not known:
            # a bodiless probe: which scheme does the endpoint ask for here?
            probe = _Call(self.url, "HEAD", None, {}, self.timeout, self.max_bytes, self.cancelled).send({})
            challenge = _digest_challenge(probe.headers) if probe.status == 401 else None
            digest = self._digest(challenge, user, password) if challenge else None
            with _SCHEMES_LOCK:
                _SCHEMES[key] = digest
        if digest is None:
            return self.send(auth_headers())
        for attempt in (1, 2):
            reply = self.send({"Authorization": self._authorization(digest)})
            if reply.status != 401:
                return reply
            challenge = _digest_challenge(reply.headers)
            renewed = challenge is not None and (challenge.get("stale", "").lower() == "true" or challenge["nonce"] != digest.challenge["nonce"])
            if attempt == 2 or challenge is None or not renewed:
                break
            with _SCHEMES_LOCK:
                digest.challenge = challenge
        raise EndpointError(
            self.url,
            f"HTTP 401 {reply.reason or 'Unauthorized'}: the endpoint refused the credentials (Digest authentication as {user!r}, "
            f"from {USER_VAR} and {PASSWORD_VAR}); check the user name and the password",
            status=401,
        )

    def _digest(self, challenge: dict[str, str], user: str, password: str) -> _Digest:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, self.url, user, password)
        return _Digest(challenge, urllib.request.HTTPDigestAuthHandler(manager))

    def _authorization(self, digest: _Digest) -> str:
        request = urllib.request.Request(self.url, data=self.body, method=self.method)
        with _SCHEMES_LOCK:  # the handler counts the uses of a nonce
            try:
                value = digest.handler.get_authorization(request, digest.challenge)
            except (ValueError, urllib.error.URLError) as err:
                raise EndpointError(self.url, f"the endpoint asks for a Digest authentication spinekg cannot give ({err})") from None
        if value is None:
            raise EndpointError(self.url, f"the endpoint asks for a Digest authentication spinekg cannot give ({digest.challenge.get('algorithm', 'MD5')})")
        return "Digest " + value

    def send(self, auth: Mapping[str, str]) -> Reply:
        """One request; its answer whatever its status. Raises EndpointError when there is none."""
        import http.client

        request = urllib.request.Request(self.url, data=self.body, method=self.method, headers={**self.headers, **auth})
        url, timeout = self.url, self.timeout
        try:
            try:
                response = _opener(url).open(request, timeout=timeout)
            except urllib.error.HTTPError as err:
                return Reply(err.code, str(err.reason), err.headers, self._read(err, _MAX_ERROR_BYTES, error=True))
            with response:
                return Reply(response.status, str(response.reason), response.headers, self._read(response, self.max_bytes))
        except EndpointError:
            raise
        except urllib.error.URLError as err:
            if isinstance(err.reason, TimeoutError):
                raise EndpointError(url, f"no complete answer within {timeout:g} s") from err
            raise EndpointError(url, f"cannot reach the endpoint ({_reason(err.reason)}); is the server running and the URL right?") from err
        except TimeoutError as err:
            raise EndpointError(url, f"no complete answer within {timeout:g} s") from err
        except (http.client.HTTPException, OSError) as err:
            raise EndpointError(url, f"the connection closed before the answer was complete ({_reason(err)}); did the server stop?") from err

    def _read(self, response: Any, limit: int, *, error: bool = False) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            while not self.cancelled.is_set():
                chunk = response.read(1 << 16)
                if not chunk:
                    return b"".join(chunks)
                size += len(chunk)
                if size > limit:
                    if error:
                        return b"".join(chunks)
                    raise EndpointError(self.url, f"the answer is larger than {limit / 1048576:,.0f} MB; ask for less (LIMIT)")
                chunks.append(chunk)
        except EndpointError:
            raise
        except OSError:
            if error:  # an error answer cut short still has its status
                return b"".join(chunks)
            raise
        raise EndpointError(self.url, f"no complete answer within {self.timeout:g} s")


def _http_error(url: str, reply: Reply) -> EndpointError:
    if 300 <= reply.status < 400:
        where = reply.headers.get("Location", "elsewhere")
        return EndpointError(url, f"HTTP {reply.status}: the endpoint redirects to {where}; use that URL", status=reply.status)
    text = reply.body.decode("utf-8", "replace")
    hint = ""
    if reply.status == 401:
        hint = f" (credentials come from {TOKEN_VAR}, or {USER_VAR} and {PASSWORD_VAR})"
    elif reply.status == 403 and "virtuoso" in str(reply.headers.get("Server", "")).lower() and "/sparql-graph-crud" in url and "-auth" not in url:
        hint = " (Virtuoso takes writes from its dba user at /sparql-graph-crud-auth, with Digest authentication)"
    return EndpointError(url, f"HTTP {reply.status} {reply.reason}: {_excerpt(text) or '(empty body)'}{hint}", status=reply.status)


def _reason(reason: object) -> str:
    return getattr(reason, "strerror", None) or str(reason) or type(reason).__name__


def _excerpt(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def check_complete(url: str, reply: Reply, count: int) -> None:
    """Raise :class:`~spinekg.errors.EndpointError` when the endpoint says it cut its answer of
    ``count`` rows or triples short: an ``X-SPARQL-MaxRows`` header whose cap the answer reaches
    (or that names no number)."""
    cap = reply.headers.get(MAX_ROWS_HEADER)
    if cap is None:
        return
    try:
        if count < int(str(cap).strip()):
            return  # a store that announces its cap on every answer, and this one is under it
    except ValueError:
        pass
    raise EndpointError(
        url,
        f"the endpoint cut its answer at {count:,} rows ({MAX_ROWS_HEADER}: {str(cap).strip()}), so it is incomplete; "
        "ask for less (LIMIT), or raise the store's limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)",
    )


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
        from spinekg.engines.sparql import bind_values, check_query

        if bindings:
            text = bind_values(text, bindings)
        answer = self._results(text, DEFAULT_MAX_ROWS * 10, own_dataset=check_query(text, allow_service=True).dataset)
        if not isinstance(answer, Table):
            raise TypeError("not a SELECT query")
        return answer

    def execute(self, text: str, *, max_rows: int = DEFAULT_MAX_ROWS, allow_service: bool = False, form: QueryForm | None = None) -> Answer:
        """Run any read query there: rows, a boolean or triples (at most ``max_rows``)."""
        from spinekg.engines.sparql import check_query

        form = form or check_query(text, allow_service=True)
        if form.form in ("CONSTRUCT", "DESCRIBE"):
            return self._triples(text, max_rows, own_dataset=form.dataset)
        return self._results(text, max_rows, own_dataset=form.dataset)

    def _post(self, text: str, accept: str, *, own_dataset: bool) -> Reply:
        """Send the query as a form, naming the graph's dataset unless the query names its own."""
        import time

        timeout = self.timeout
        if self.deadline is not None:
            timeout = self.deadline - time.monotonic()
            if timeout <= 0:
                raise EndpointError(self.url, f"no complete answer within {self.timeout:g} s")
        return http_exchange(
            self.url,
            method="POST",
            body=form_body(text, dataset=not own_dataset).encode("ascii"),
            headers={"Content-Type": _FORM, "Accept": accept},
            timeout=timeout,
        )

    def _results(self, text: str, max_rows: int, *, own_dataset: bool) -> Table | bool:
        reply = self._post(text, _RESULTS_JSON, own_dataset=own_dataset)
        try:
            data = json.loads(reply.body)
        except RecursionError:
            raise EndpointError(self.url, "answered JSON nested too deeply to be SPARQL results") from None
        except ValueError as err:
            shown = _excerpt(reply.body.decode("utf-8", "replace"), 120)
            raise EndpointError(self.url, f"answered with {reply.content_type or 'no content type'}, not SPARQL JSON results: {shown!r}") from err
        if isinstance(data, dict) and isinstance(data.get("boolean"), bool):
            return bool(data["boolean"])
        try:
            names = tuple(data["head"]["vars"])
            bindings = data["results"]["bindings"]
            check_complete(self.url, reply, len(bindings))
            if len(bindings) > max_rows:
                raise too_many(max_rows)
            rows = tuple(tuple(_value(b.get(n)) for n in names) for b in bindings)
        except (KeyError, TypeError, AttributeError, ValueError) as err:
            raise EndpointError(self.url, f"answered JSON that is not SPARQL JSON results ({type(err).__name__}: {err})") from err
        return Table(names, rows)

    def _triples(self, text: str, max_rows: int, *, own_dataset: bool) -> Triples:
        import pyoxigraph as ox

        reply = self._post(text, "application/n-triples, text/turtle;q=0.9", own_dataset=own_dataset)
        media = reply.content_type.split(";")[0].strip() or "application/n-triples"
        try:
            fmt = ox.RdfFormat.from_media_type(media)
            if fmt is None:
                raise ValueError(f"no RDF format is served as {media}")
            triples = tuple((str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(reply.body, format=fmt))
        except (SyntaxError, ValueError) as err:
            raise EndpointError(self.url, f"answered with {media}, not RDF triples ({err})") from err
        check_complete(self.url, reply, len(triples))
        if len(triples) > max_rows:
            raise too_many(max_rows)
        return Triples(triples)


def form_body(text: str, *, dataset: bool = True) -> str:
    """The form a query is sent as: ``query``, and with ``dataset`` the graph's three graphs as the
    default graph and as the named graphs (SPARQL 1.1 Protocol, section 2.1.2).

    >>> form_body("ASK {}", dataset=False)
    'query=ASK+%7B%7D'
    >>> form_body("ASK {}").count("default-graph-uri="), form_body("ASK {}").count("named-graph-uri=")
    (3, 3)
    """
    fields: list[tuple[str, str]] = [("query", text)]
    if dataset:
        fields += [("default-graph-uri", g) for g in GRAPHS] + [("named-graph-uri", g) for g in GRAPHS]
    return urllib.parse.urlencode(fields)


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


def check_union_default_graph(engine: RemoteEngine) -> None:
    """Raise :class:`~spinekg.errors.EndpointError` unless the endpoint holds the three named
    graphs and the default graph of a request shows a triple of each (the union the query modules
    read): every request names that dataset, so this fails only at an endpoint that ignores
    ``default-graph-uri`` and whose own default graph is not the union."""

    for graph in GRAPHS:
        rows = engine.select(rq.packaged("engines/queries", "one-triple-of-graph"), {"g": IRI(graph)}).rows
        if not rows:
            raise EndpointError(engine.url, f"the endpoint holds no named graph <{graph}>; load the graph first (`spinekg publish --endpoint STORE-URL`)")
        _, s, p, o = rows[0]
        if not engine.select(rq.packaged("engines/queries", "in-default-graph"), {"s": IRI(s), "p": IRI(p), "o": IRI(o)}).rows:
            raise EndpointError(
                engine.url,
                "the default graph is not the union of the named graphs (the endpoint ignores the "
                "default-graph-uri of the request), so every query module would find nothing; make "
                "it the union on the server (Oxigraph: --union-default-graph; Fuseki: "
                "tdb2:unionDefaultGraph true)",
            )
