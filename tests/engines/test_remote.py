"""A remote SPARQL endpoint answers every query module exactly as the embedded graph does, and
fails clearly: unreachable, HTTP errors, a server gone mid-query, answers that are not JSON."""

from __future__ import annotations

import base64
import http.server
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner
from conftest import free_port

import spinekg
from engines.test_embedded import MODULES, example_args
from spinekg import vocab
from spinekg.cli import cli
from spinekg.engines.remote import RemoteEngine, http_request
from spinekg.engines.sparql import QueryRefusedError
from spinekg.errors import EndpointError, SpineKGError
from spinekg.values import IRI

# Parameters beyond the documented examples: a phase, a brand, a literal with quotes and a
# backslash (bound as a literal, never pasted), and one optional feature left unbound.
EXTRA_CASES = [
    ("treatments-contraindicated-in", {"state": "exacerbation"}),
    ("treatments-contraindicated-in", {"state": "bone metastasis"}),
    ("adverse-effects-of", {"treatment": "Advil"}),
    ("term-search", {"text": 'pain" } \\ '}),
    ("term-search", {"text": "stiff"}),
    ("differential-diagnosis", {"f1": "pain increases with physical activity", "f3": "moderate night pain"}),
    ("claims-about-term", {"term": "heat therapy"}),
]
CASES = [(m, c) for m in MODULES for c in example_args(m)] + EXTRA_CASES
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _answer(kg: spinekg.KnowledgeGraph, module: str, params: dict[str, str]) -> tuple[tuple[str, ...], list[str]]:
    """Columns and rows (as reprs, so 1, 1.0, Decimal('1') and '1' all differ), in a stable order."""
    result = kg.query(module, **params)
    return result.columns, sorted(repr(tuple(r)) for r in result.rows)


@pytest.fixture(scope="module")
def remote(published: list, store_server: str) -> spinekg.KnowledgeGraph:
    return spinekg.connect(store_server + "/query")


@pytest.fixture(scope="module")
def served_kg(served: tuple[str, Any]) -> spinekg.KnowledgeGraph:
    return spinekg.connect(served[0])


@pytest.mark.parametrize(("module", "params"), CASES, ids=[f"{m}-{'-'.join(c.values()) or 'none'}" for m, c in CASES])
@pytest.mark.parametrize("where", ["published", "served"])
def test_every_module_answers_remotely_as_embedded(
    request: pytest.FixtureRequest, kg: spinekg.KnowledgeGraph, where: str, module: str, params: dict[str, str]
) -> None:
    remote_kg = request.getfixturevalue("remote" if where == "published" else "served_kg")
    expected = _answer(kg, module, params)
    assert _answer(remote_kg, module, params) == expected
    if not module.startswith("term-search"):
        assert expected[1], f"{module} {params} returned nothing, so the comparison proves little"


def test_terms_and_claims_are_the_same_remotely(kg: spinekg.KnowledgeGraph, remote: spinekg.KnowledgeGraph) -> None:
    assert remote.terms() == kg.terms()
    assert remote.term("Aleve").label == "Aleve"
    assert remote.claims_about("heat therapy") == kg.claims_about("heat therapy")


def test_free_sparql_remotely(kg: spinekg.KnowledgeGraph, served_kg: spinekg.KnowledgeGraph) -> None:
    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    assert served_kg.sparql(text).rows == kg.sparql(text).rows
    assert len(served_kg.sparql(text)) == 3


def test_value_types_match_the_embedded_engine(served_kg: spinekg.KnowledgeGraph) -> None:
    import datetime
    from decimal import Decimal

    text = (
        "SELECT ?i ?d ?f ?b ?day ?lang ?plain ?iri ?unbound WHERE { VALUES (?i ?d ?f ?b ?day ?lang ?plain ?iri) "
        '{ (42 1.5 2.5e0 true "2019-03-01"^^<http://www.w3.org/2001/XMLSchema#date> "dos"@es "x" <https://w3id.org/spinekg/Aleve>) } }'
    )
    (row,) = served_kg.sparql(text).rows
    assert tuple(row) == (42, Decimal("1.5"), 2.5, True, datetime.date(2019, 3, 1), "dos", "x", "SKG:Aleve", None)  # IRIs as CURIEs
    assert [type(v) for v in row] == [int, Decimal, float, bool, datetime.date, str, str, str, type(None)]


def test_updates_and_service_are_refused_before_reaching_the_endpoint() -> None:
    # Nothing listens on this port: a refusal, not an EndpointError, proves the guard is client-side.
    kg = spinekg.connect(f"http://127.0.0.1:{free_port()}/query", check=False)
    with pytest.raises(QueryRefusedError, match="read-only"):
        kg.sparql("INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }")
    with pytest.raises(QueryRefusedError, match="SERVICE"):
        kg.sparql("SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }")
    with pytest.raises(EndpointError, match="cannot reach"):
        kg.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


def test_local_only_features_fail_clearly_on_a_remote_graph(served: tuple[str, Any], served_kg: spinekg.KnowledgeGraph) -> None:
    with pytest.raises(SpineKGError, match=r"kg\.dataset needs the local ontology files.*" + served[0]):
        served_kg.dataset  # noqa: B018
    with pytest.raises(SpineKGError, match=r"kg\.owl\(\) needs the local ontology files"):
        served_kg.owl()


def test_unreachable_endpoint() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(EndpointError) as info:
        spinekg.connect(url)
    assert str(info.value).startswith(url) and "cannot reach the endpoint" in str(info.value)
    assert isinstance(info.value, ConnectionError) and isinstance(info.value, SpineKGError)


def test_http_error_gives_status_and_body(served: tuple[str, Any]) -> None:
    with pytest.raises(EndpointError) as info:
        RemoteEngine(served[0]).select("SELECT WHERE nonsense")
    assert info.value.status == 400
    assert "HTTP 400 Bad Request: error at 1:" in str(info.value)  # Oxigraph's own message follows


def test_endpoint_without_the_graph_is_refused_and_one_without_the_union_answers(oxigraph_binary: Any, kg: spinekg.KnowledgeGraph) -> None:
    """Every request names the dataset (default-graph-uri, named-graph-uri): a store whose default
    graph is not the union of the named graphs answers every module as the embedded graph does."""
    import subprocess

    from spinekg.serve.publish import publish

    port = free_port()
    # An in-memory server whose default graph is only the default graph (no --union-default-graph).
    process = subprocess.Popen([str(oxigraph_binary), "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        from conftest import wait_for_port

        wait_for_port(port, process)
        url = f"http://127.0.0.1:{port}"
        with pytest.raises(EndpointError, match=r"holds no named graph <https://w3id\.org/spinekg/graph/ontology>"):
            spinekg.connect(url + "/query")
        publish(url + "/store")
        # a triple in the store's own default graph, outside the graph's dataset: never seen
        stray = "<https://example.org/stray> <https://w3id.org/spinekg/category> <https://example.org/c>"
        http_request(url + "/update", method="POST", body=f"INSERT DATA {{ {stray} }}".encode(), headers={"Content-Type": "application/sparql-update"})
        remote = spinekg.connect(url + "/query")
        for module, params in [("red-flags", {}), ("drugs-of-class", {"drugClass": "NSAID"}), ("provenance", {"first": "ibuprofen", "second": "Advil"})]:
            assert _answer(remote, module, params) == _answer(kg, module, params)
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        assert remote.sparql(count).rows == kg.sparql(count).rows
        # a query that names its own dataset gets it, and nothing more
        own = f"SELECT (COUNT(*) AS ?n) FROM <{vocab.INFERRED_GRAPH}> WHERE {{ ?s ?p ?o }}"
        assert remote.sparql(own).rows == kg.sparql(own).rows
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_server_killed_mid_query(tmp_path: Any) -> None:
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "spinekg", "serve", "--bind", "0", "--location", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    failure: list[BaseException] = []
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split(": ", 1)[1].strip()

        def ask() -> None:
            try:
                RemoteEngine(url).select(SLOW_QUERY)
            except BaseException as err:  # noqa: BLE001 - handed to the test thread
                failure.append(err)

        thread = threading.Thread(target=ask)
        thread.start()
        time.sleep(0.4)  # the query is running: a triple cross product of 55,000 triples
        assert thread.is_alive()
        process.kill()  # the whole endpoint, not only the Oxigraph server behind its guard
        thread.join(timeout=10)
    finally:
        process.kill()
        process.communicate(timeout=10)
    (err,) = failure
    assert isinstance(err, EndpointError), repr(err)
    assert str(err).startswith(url)
    assert "connection closed before the answer was complete" in str(err)


# -- a tiny local HTTP server: what the client sends, and answers no real endpoint would give ----


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, Any]]] = []
    reply: tuple[int, str, bytes, dict[str, str]] = (200, "application/sparql-results+json", b"", {})
    answer: Any = None  # when set, a callable giving each answer's body
    delay = 0.0

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).seen.append({"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body})
        time.sleep(type(self).delay)
        status, content_type, payload, extra = type(self).reply
        if type(self).answer is not None:
            payload = type(self).answer()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(payload)

    do_POST = do_PUT = do_GET = do_HEAD = _handle

    def log_message(self, *args: Any) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = False  # server_close() waits for every handler: nothing outlives its test

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (the timeout test) is expected


EMPTY_RESULTS = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "bnode", "value": "b0"}}]}}).encode()


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, type[_Recorder]]]:
    for var in ("SPINEKG_ENDPOINT_TOKEN", "SPINEKG_ENDPOINT_USER", "SPINEKG_ENDPOINT_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    handler = type("Handler", (_Recorder,), {"seen": [], "reply": (200, "application/sparql-results+json", EMPTY_RESULTS, {}), "delay": 0.0, "answer": None})
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_queries_are_posted_as_forms_with_bound_values_and_the_dataset(recorder: tuple[str, type[_Recorder]]) -> None:
    url, handler = recorder
    table = RemoteEngine(url + "/sparql").select("SELECT ?x WHERE { ?x ?p ?o }", {"o": IRI("https://w3id.org/spinekg/Aleve")})
    assert table.variables == ("x",) and table.rows == (("_:b0",),)
    (sent,) = handler.seen
    assert sent["method"] == "POST" and sent["path"] == "/sparql"
    assert sent["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert sent["headers"]["Accept"] == "application/sparql-results+json"
    form = urllib.parse.parse_qs(sent["body"].decode("ascii"))
    assert form == {
        "query": ["SELECT ?x WHERE { VALUES (?o) { (<https://w3id.org/spinekg/Aleve>) } ?x ?p ?o }"],
        "default-graph-uri": [vocab.ONTOLOGY_GRAPH, vocab.ASSERTED_GRAPH, vocab.INFERRED_GRAPH],
        "named-graph-uri": [vocab.ONTOLOGY_GRAPH, vocab.ASSERTED_GRAPH, vocab.INFERRED_GRAPH],
    }
    assert "Authorization" not in sent["headers"]


def test_a_query_naming_its_own_dataset_is_sent_without_the_graphs(recorder: tuple[str, type[_Recorder]]) -> None:
    url, handler = recorder
    text = f"SELECT ?x FROM <{vocab.ASSERTED_GRAPH}> WHERE {{ ?x ?p ?o }}"
    spinekg.connect(url, check=False).sparql(text)
    (sent,) = handler.seen
    assert urllib.parse.parse_qs(sent["body"].decode("ascii")) == {"query": [text]}


def test_an_endpoint_that_ignores_the_dataset_and_has_no_union_is_refused(recorder: tuple[str, type[_Recorder]]) -> None:
    """An endpoint that answers the named graph but not the same triple in the default graph."""
    url, handler = recorder
    triple = {"g": {"type": "uri", "value": vocab.ONTOLOGY_GRAPH}, **{v: {"type": "uri", "value": f"https://example.org/{v}"} for v in "spo"}}
    replies = iter(
        [{"head": {"vars": ["g", "s", "p", "o"]}, "results": {"bindings": [triple]}}, {"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": []}}]
    )
    handler.answer = staticmethod(lambda: json.dumps(next(replies)).encode())
    with pytest.raises(
        EndpointError, match=r"default graph is not the union of the named graphs \(the endpoint ignores the default-graph-uri.*--union-default-graph"
    ):
        spinekg.connect(url + "/query")
    assert len(handler.seen) == 2


@pytest.mark.parametrize(
    ("cap", "rows", "cut"), [("2", 2, True), ("1", 2, True), ("yes", 1, True), ("3", 2, False)], ids=["at-cap", "over-cap", "no-number", "under-cap"]
)
def test_an_answer_the_store_cut_short_is_an_error(recorder: tuple[str, type[_Recorder]], cap: str, rows: int, cut: bool) -> None:
    url, handler = recorder
    bindings = [{"x": {"type": "literal", "value": str(i)}} for i in range(rows)]
    payload = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": bindings}}).encode()
    handler.reply = (200, "application/sparql-results+json", payload, {"X-SPARQL-MaxRows": cap})
    engine = RemoteEngine(url + "/sparql")
    if not cut:
        assert len(engine.execute("SELECT ?x WHERE { ?x ?p ?o }").rows) == rows  # type: ignore[union-attr]
        return
    with pytest.raises(EndpointError, match=rf"the endpoint cut its answer at {rows} rows \(X-SPARQL-MaxRows: {cap}\), so it is incomplete"):
        engine.execute("SELECT ?x WHERE { ?x ?p ?o }")
    handler.reply = (200, "application/n-triples", b"<https://e.org/a> <https://e.org/b> <https://e.org/c> .\n" * rows, {"X-SPARQL-MaxRows": cap})
    with pytest.raises(EndpointError, match="cut its answer"):
        engine.execute("CONSTRUCT WHERE { ?s ?p ?o }")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"SPINEKG_ENDPOINT_TOKEN": "t0k3n"}, "Bearer t0k3n"),
        ({"SPINEKG_ENDPOINT_USER": "curator", "SPINEKG_ENDPOINT_PASSWORD": "pa:ss"}, "Basic " + base64.b64encode(b"curator:pa:ss").decode()),
    ],
    ids=["bearer", "basic"],
)
def test_credentials_come_from_the_environment(
    recorder: tuple[str, type[_Recorder]], monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    from spinekg.serve.publish import publish

    url, handler = recorder
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    RemoteEngine(url + "/query").select("SELECT ?x WHERE { ?x ?p ?o }")
    handler.reply = (204, "text/plain", b"", {})
    publish(url + "/store")
    methods = [(s["method"], s["headers"].get("Authorization")) for s in handler.seen]
    # a user and password: a bodiless probe for the scheme first, once per URL (no Digest asked: basic)
    probe = [("HEAD", None)] if "SPINEKG_ENDPOINT_USER" in env else []
    assert methods == [*probe, ("POST", expected), *probe] + [("PUT", expected)] * 3


class _DigestStore(_Recorder):
    """An endpoint that asks for HTTP Digest (RFC 7616, MD5, qop=auth) as Virtuoso's
    /sparql-graph-crud-auth does, and checks the answer; ``nonces`` are the ones it hands out, in turn."""

    user, password, realm = "dba", "s3-cr3t", "SPARQL"
    nonces: ClassVar[list[str]] = []

    def _handle(self) -> None:
        import hashlib
        import urllib.request

        def h(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()

        given = self.headers.get("Authorization", "")
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(given[7:])) if given.startswith("Digest ") else {}
        nonce = type(self).nonces[0]
        expected = h(
            f"{h(f'{self.user}:{self.realm}:{self.password}')}:{nonce}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{h(f'{self.command}:{self.path}')}"
        )
        if fields.get("response") != expected or fields.get("uri") != self.path or fields.get("nonce") != nonce:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            type(self).seen.append({"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body, "status": 401})
            if fields.get("nonce") not in (None, nonce):
                type(self).stale = True
            self.send_response(401)
            stale = "true" if getattr(type(self), "stale", False) else "false"
            self.send_header("WWW-Authenticate", f'Digest realm="{self.realm}", nonce="{nonce}", opaque="0p", stale="{stale}", qop="auth", algorithm="MD5"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super()._handle()

    do_POST = do_PUT = do_GET = do_HEAD = _handle


@pytest.fixture
def digest_store(recorder: tuple[str, type[_Recorder]], monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, type[_DigestStore]]]:
    handler = type("DigestHandler", (_DigestStore,), {"seen": [], "reply": (204, "text/plain", b"", {}), "delay": 0.0, "answer": None, "nonces": ["n1"]})
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    monkeypatch.setenv("SPINEKG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("SPINEKG_ENDPOINT_PASSWORD", "s3-cr3t")
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_digest_is_answered_after_a_bodiless_probe_and_every_body_is_sent_once(digest_store: tuple[str, type[_DigestStore]]) -> None:
    from spinekg.serve.publish import publish

    url, handler = digest_store
    sent = publish(url + "/sparql-graph-crud-auth")
    seen = [(s["method"], s.get("status", 204), len(s["body"]), s["headers"].get("Authorization", "")[:7]) for s in handler.seen]
    assert seen == [("HEAD", 401, 0, "")] + [("PUT", 204, g.bytes, "Digest ") for g in sent]
    assert [urllib.parse.parse_qs(urllib.parse.urlsplit(s["path"]).query)["graph"] for s in handler.seen[1:]] == [[g.graph] for g in sent]
    # the nonce is used again with a growing count, and renewed once when the store calls it stale
    handler.nonces[0] = "n2"
    publish(url + "/sparql-graph-crud-auth")
    assert [(s["method"], s.get("status", 204)) for s in handler.seen[4:]] == [("PUT", 401), ("PUT", 204), ("PUT", 204), ("PUT", 204)]


def test_digest_with_a_wrong_password_is_a_clear_error(digest_store: tuple[str, type[_DigestStore]], monkeypatch: pytest.MonkeyPatch) -> None:
    url, handler = digest_store
    engine = RemoteEngine(url + "/sparql-auth")
    handler.reply = (200, "application/sparql-results+json", EMPTY_RESULTS, {})
    assert engine.select("SELECT ?x WHERE { ?x ?p ?o }").rows == (("_:b0",),)
    monkeypatch.setenv("SPINEKG_ENDPOINT_PASSWORD", "wrong")  # the answer learnt with the right one is not reused
    refused = r"HTTP 401 Unauthorized: the endpoint refused the credentials \(Digest authentication as 'dba', from SPINEKG_ENDPOINT_USER"
    with pytest.raises(EndpointError, match=refused) as info:
        engine.select("SELECT ?x WHERE { ?x ?p ?o }")
    assert info.value.status == 401
    seen = [(s["method"], s.get("status", 200), s["headers"].get("Authorization", "")[:7]) for s in handler.seen]
    assert seen == [("HEAD", 401, ""), ("POST", 200, "Digest "), ("HEAD", 401, ""), ("POST", 401, "Digest ")]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SPINEKG_ENDPOINT_TOKEN": "t", "SPINEKG_ENDPOINT_USER": "u", "SPINEKG_ENDPOINT_PASSWORD": "p"}, "not both"),
        ({"SPINEKG_ENDPOINT_USER": "u"}, "needs both"),
    ],
    ids=["token-and-user", "user-without-password"],
)
def test_conflicting_or_partial_credentials_are_refused(
    recorder: tuple[str, type[_Recorder]], monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    url, handler = recorder
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    with pytest.raises(SpineKGError, match=message):
        RemoteEngine(url).select("SELECT ?x WHERE { ?x ?p ?o }")
    assert handler.seen == []


def test_non_json_answer(recorder: tuple[str, type[_Recorder]]) -> None:
    url, handler = recorder
    handler.reply = (200, "text/html", b"<html><body>Welcome to the wiki</body></html>", {})
    with pytest.raises(EndpointError, match=r"answered with text/html, not SPARQL JSON results: '<html><body>Welcome"):
        RemoteEngine(url + "/").select("SELECT ?x WHERE { ?x ?p ?o }")
    handler.reply = (200, "application/json", b'{"error": "none"}', {})
    with pytest.raises(EndpointError, match="not SPARQL JSON results"):
        RemoteEngine(url + "/").select("SELECT ?x WHERE { ?x ?p ?o }")


def test_redirects_are_not_followed(recorder: tuple[str, type[_Recorder]]) -> None:
    url, handler = recorder
    handler.reply = (302, "text/plain", b"", {"Location": "https://elsewhere.example/sparql"})
    with pytest.raises(EndpointError, match=r"redirects to https://elsewhere\.example/sparql; use that URL") as info:
        RemoteEngine(url).select("SELECT ?x WHERE { ?x ?p ?o }")
    assert info.value.status == 302 and len(handler.seen) == 1


def test_slow_endpoint_times_out(recorder: tuple[str, type[_Recorder]]) -> None:
    url, handler = recorder
    handler.delay = 0.5
    with pytest.raises(EndpointError, match=r"no complete answer within 0.2 s"):
        RemoteEngine(url, timeout=0.2).select("SELECT ?x WHERE { ?x ?p ?o }")


# -- the command line ----------------------------------------------------------------------------


def test_cli_query_and_sparql_with_endpoint(served: tuple[str, Any]) -> None:
    local = CliRunner().invoke(cli, ["query", "treatments-contraindicated-in", "pregnancy", "--format", "json"])
    remote = CliRunner().invoke(cli, ["query", "treatments-contraindicated-in", "pregnancy", "--format", "json", "--endpoint", served[0]])
    assert remote.exit_code == 0, remote.output
    assert sorted(json.loads(remote.output)["rows"], key=repr) == sorted(json.loads(local.output)["rows"], key=repr)
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/spinekg/Claim> }"
    local = CliRunner().invoke(cli, ["sparql", "-", "--format", "csv"], input=text)
    remote = CliRunner().invoke(cli, ["sparql", "-", "--format", "csv", "--endpoint", served[0]], input=text)
    assert remote.exit_code == 0 and remote.output == local.output and int(remote.output.split()[1]) > 300


def test_cli_endpoint_failures_exit_1_and_usage_errors_2(served: tuple[str, Any]) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(cli, ["query", "red-flags", "--endpoint", url])
    assert result.exit_code == 1 and f"error: {url}: cannot reach the endpoint" in result.output
    result = CliRunner().invoke(cli, ["sparql", "-", "--endpoint", served[0]], input="DELETE WHERE { ?s ?p ?o }")
    assert result.exit_code == 1 and "SPARQL Update is refused" in result.output
    result = CliRunner().invoke(cli, ["query", "red-flags", "--engine", "rdflib", "--endpoint", served[0]])
    assert result.exit_code == 2 and "--endpoint" in result.output


def test_loopback_endpoints_bypass_proxies(recorder: tuple[str, type[_Recorder]], monkeypatch: pytest.MonkeyPatch) -> None:
    url, handler = recorder
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{free_port()}")  # a proxy that is not there
    assert RemoteEngine(url).select("SELECT ?x WHERE { ?x ?p ?o }").rows == (("_:b0",),)
    assert len(handler.seen) == 1


def test_unauthorised_names_the_credential_variables(recorder: tuple[str, type[_Recorder]]) -> None:
    url, handler = recorder
    handler.reply = (401, "text/plain", b"Unauthorized: who are you?", {"WWW-Authenticate": 'Basic realm="kg"'})
    with pytest.raises(EndpointError, match=r"HTTP 401 Unauthorized: Unauthorized: who are you\? \(credentials come from SPINEKG_ENDPOINT_TOKEN") as info:
        RemoteEngine(url + "/query").select("SELECT ?x WHERE { ?x ?p ?o }")
    assert info.value.status == 401


def test_malformed_url_is_an_endpoint_error() -> None:
    with pytest.raises(EndpointError, match=r"^http://\[oops/query: not a valid URL"):
        RemoteEngine("http://[oops/query").select("SELECT ?x WHERE { ?x ?p ?o }")
