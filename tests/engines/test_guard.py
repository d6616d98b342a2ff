"""Free SPARQL under attack: time limits that stop the work, no request or file read from a query,
bounded answers, and clear errors (never a traceback) for whatever a user can type.

Every attack is real: queries that would run for minutes, a listener on the loopback interface that
records whether anything reached it, files a query tries to read.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import spinekg
from spinekg.errors import QueryFailedError, QueryLimitError, QueryRefusedError, QueryTimeoutError
from spinekg.query.results import AskResult, GraphResult

#: A join of three copies of the graph: 54,585^3 rows, hours of work for either engine.
ENDLESS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# streams rows, a few hundred a second, for ever: the time limit stops it, not the row limit
ENDLESS_ROWS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?a = ?d && ?d = ?g) }"
CLAIMS = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/spinekg/Claim> }"


@pytest.fixture(scope="module")
def rdflib_kg() -> spinekg.KnowledgeGraph:
    return spinekg.load(engine="rdflib")


@pytest.fixture(params=["oxigraph", "rdflib"])
def any_kg(request: pytest.FixtureRequest, kg: spinekg.KnowledgeGraph, rdflib_kg: spinekg.KnowledgeGraph) -> spinekg.KnowledgeGraph:
    return kg if request.param == "oxigraph" else rdflib_kg


def children(pid: int | None = None) -> list[int]:
    """The processes whose parent is ``pid`` (this process by default), from /proc."""
    pid = os.getpid() if pid is None else pid
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system


class Listener:
    """A TCP listener on the loopback interface that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.requests: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.requests.append(conn.recv(4096))
                except OSError:
                    self.requests.append(b"")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def listener() -> Iterator[Listener]:
    ear = Listener()
    yield ear
    ear.sock.close()


# -- time limits ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query", [ENDLESS_COUNT, ENDLESS_ROWS])
def test_a_query_past_its_time_limit_is_stopped_and_nothing_of_it_runs_after(any_kg: spinekg.KnowledgeGraph, query: str) -> None:
    already = set(children())  # servers other tests of this worker started (session fixtures)
    start = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"time limit of 1\.5 s"):
        any_kg.sparql(query, timeout=1.5)
    assert time.monotonic() - start < 1.5 + 1
    assert set(children()) <= already  # the worker is gone ...
    before = cpu_seconds()
    time.sleep(0.5)
    assert cpu_seconds() - before < 0.1  # ... and no thread of ours goes on computing


def test_the_cli_stops_a_long_query_at_its_limit_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "long3.rq"
    path.write_text(ENDLESS_COUNT, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "spinekg", "stats"], capture_output=True, check=True)  # the cache is made first
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "spinekg", "sparql", "--timeout", "2", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        seen = []
        while not seen and process.poll() is None:
            seen = children(process.pid)
            time.sleep(0.05)
        out, err = process.communicate(timeout=20)
    finally:
        process.kill()
    assert seen, "the query ran in a child process of the CLI"
    elapsed = time.monotonic() - start
    assert process.returncode == 1, (out, err)
    assert "ran past its time limit of 2 s" in err and "Traceback" not in err
    assert elapsed < 2 + 1.5  # the interpreter's start and the graph's opening included
    assert children(process.pid) == []


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_a_time_limit_that_is_not_a_positive_number_is_a_usage_error(tmp_path: Path, value: str) -> None:
    from click.testing import CliRunner

    from spinekg.cli import cli

    out = CliRunner().invoke(cli, ["sparql", "--timeout", value, "-"], input=CLAIMS)
    assert out.exit_code == 2 and "--timeout" in out.output and "Traceback" not in out.output


@pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf"), None, "2"])
def test_the_api_refuses_a_time_limit_that_is_not_a_positive_number(kg: spinekg.KnowledgeGraph, value: object) -> None:
    if value == "2":  # a numeric string is a number of seconds
        assert kg.sparql(CLAIMS, timeout=value).rows[0].n > 1000  # type: ignore[arg-type]
        return
    with pytest.raises(ValueError, match="time limit"):
        kg.sparql(CLAIMS, timeout=value)  # type: ignore[arg-type]


# -- bounded answers -----------------------------------------------------------------------------


def test_an_answer_over_the_row_limit_is_an_error_not_a_partial_answer(any_kg: spinekg.KnowledgeGraph) -> None:
    with pytest.raises(QueryLimitError, match="more than 100 rows"):
        any_kg.sparql("SELECT * WHERE { ?s ?p ?o }", max_rows=100)
    assert len(any_kg.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 100", max_rows=100)) == 100


def test_a_query_that_grows_past_its_memory_is_stopped(kg: spinekg.KnowledgeGraph) -> None:
    already = set(children())  # servers other tests of this worker started (session fixtures)
    # sorting the cross product of the graph with itself (3 billion rows) must hold them all
    start = time.monotonic()
    with pytest.raises((QueryLimitError, QueryTimeoutError)) as err:
        kg.sparql("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f", timeout=20, max_memory=300 * 1024**2)
    assert err.type is QueryLimitError, "the memory limit, not the time limit, stopped it"
    assert time.monotonic() - start < 20
    assert set(children()) <= already


# -- no request, no file read --------------------------------------------------------------------


_SERVICE_QUERIES = (
    "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ service <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",  # a codepoint escape
    "PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ex:a\\# SERVICE <{url}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}/> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
)
_FROM_QUERIES = (
    "SELECT * FROM <{url}/x.ttl> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}/x.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "SELECT * FROM <{folder}/secret.ttl> WHERE {{ ?s ?p ?o }}",
    "BASE <{folder}/> SELECT * FROM <secret.ttl> WHERE {{ ?s ?p ?o }}",
    "PREFIX f: <{folder}/> SELECT * FROM f:secret.ttl WHERE {{ ?s ?p ?o }}",
)


@pytest.mark.parametrize(
    ("queries", "message"),
    [(_SERVICE_QUERIES, "SERVICE is refused"), (_FROM_QUERIES, "is refused: a query may not load data")],
    ids=["SERVICE", "FROM"],
)
def test_a_query_naming_a_url_or_a_file_is_refused_and_nothing_is_fetched_or_read(
    any_kg: spinekg.KnowledgeGraph, listener: Listener, tmp_path: Path, queries: tuple[str, ...], message: str
) -> None:
    (tmp_path / "secret.ttl").write_text("<urn:a> <urn:b> <urn:secret> .\n", encoding="utf-8")
    for template in queries:
        with pytest.raises(QueryRefusedError, match=message):
            any_kg.sparql(template.format(url=listener.url, folder=tmp_path.as_uri()))
    time.sleep(0.2)
    assert listener.requests == []


def test_allowed_service_does_reach_the_listener_and_its_failure_is_a_clean_error(any_kg: spinekg.KnowledgeGraph, listener: Listener) -> None:
    """The control: the listener does see a SERVICE call that is let through."""
    with pytest.raises(QueryFailedError):
        any_kg.sparql(f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}", allow_service=True, timeout=5)
    time.sleep(0.2)
    assert len(listener.requests) == 1 and listener.requests[0].startswith(b"POST /sparql")


def test_from_naming_the_graphs_own_graphs_selects_them(any_kg: spinekg.KnowledgeGraph) -> None:
    whole = any_kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0].n
    inferred = any_kg.sparql("SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/spinekg/graph/inferred> WHERE { ?s ?p ?o }").rows[0].n
    named = any_kg.sparql("PREFIX g: <https://w3id.org/spinekg/graph/> SELECT (COUNT(*) AS ?n) FROM NAMED g:inferred WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0].n
    assert 0 < inferred == named < whole


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty"),
        ("   # only a comment\n", "empty"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "read-only"),
        ("LOAD <http://127.0.0.1:9/x.ttl>", "read-only"),
        ("PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }", "read-only"),
        ("SELECT * WHERE { ?s ?p ?o } ; DROP ALL", "read-only"),
        ('SELECT * WHERE { ?s ?p "unclosed }', "not closed"),
        ("SELECT * WHERE { ?s ", "not valid SPARQL"),
        ("hello", "not a SPARQL query"),
    ],
)
def test_what_is_not_a_read_query_is_refused_clearly(any_kg: spinekg.KnowledgeGraph, query: str, message: str) -> None:
    with pytest.raises(QueryRefusedError, match=message):
        any_kg.sparql(query)


@pytest.mark.parametrize("depth", [25, 200, 20_000])
def test_deep_nesting_gets_a_clear_error_or_an_answer_within_the_limit(any_kg: spinekg.KnowledgeGraph, depth: int) -> None:
    already = set(children())  # servers other tests of this worker started (session fixtures)
    query = "SELECT ?x WHERE { BIND(" + "(" * depth + "1" + ")" * depth + " AS ?x) }"
    start = time.monotonic()
    try:
        assert any_kg.sparql(query, timeout=5).rows[0].x == 1
    except (QueryRefusedError, QueryLimitError, QueryTimeoutError) as err:
        assert "Traceback" not in str(err)
    assert time.monotonic() - start < 5 + 1
    assert set(children()) <= already


def test_a_huge_query_is_answered_or_refused_within_the_limit(any_kg: spinekg.KnowledgeGraph) -> None:
    query = "SELECT ?x WHERE { VALUES ?x { " + " ".join(f'"{i}"' for i in range(140_000)) + " } } LIMIT 1"
    assert len(query) > 1_000_000
    start = time.monotonic()
    try:
        assert len(any_kg.sparql(query, timeout=4)) == 1
    except QueryTimeoutError:
        pass
    assert time.monotonic() - start < 4 + 1
    with pytest.raises(QueryRefusedError, match="at most 4 MB"):
        any_kg.sparql("SELECT * WHERE { ?s ?p ?o } #" + "x" * (5 * 1024 * 1024))


# -- every read form has an answer ---------------------------------------------------------------


def test_ask_construct_and_describe_answer_on_both_engines(any_kg: spinekg.KnowledgeGraph) -> None:
    naproxen = "<https://w3id.org/spinekg/Naproxen>"
    yes = any_kg.sparql(f"ASK {{ {naproxen} <https://w3id.org/spinekg/hasBrand> <https://w3id.org/spinekg/Aleve> }}")
    no = any_kg.sparql(f"ASK {{ {naproxen} <https://w3id.org/spinekg/hasBrand> <https://w3id.org/spinekg/Advil> }}")
    assert isinstance(yes, AskResult) and bool(yes) is True and bool(no) is False
    built = any_kg.sparql(f"CONSTRUCT {{ ?d <urn:brand> ?b }} WHERE {{ ?d <https://w3id.org/spinekg/hasBrand> ?b FILTER(?d = {naproxen}) }}")
    assert isinstance(built, GraphResult)
    assert (naproxen, "<urn:brand>", "<https://w3id.org/spinekg/Aleve>") in built.triples
    described = any_kg.sparql(f"DESCRIBE {naproxen}")
    assert (naproxen, "<https://w3id.org/spinekg/hasBrand>", "<https://w3id.org/spinekg/Aleve>") in described.triples


def test_the_cli_prints_ask_and_construct(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from spinekg.cli import cli

    runner = CliRunner()
    out = runner.invoke(cli, ["sparql", "-"], input="ASK { <https://w3id.org/spinekg/Naproxen> ?p ?o }")
    assert (out.exit_code, out.output) == (0, "true\n")
    out = runner.invoke(cli, ["sparql", "--format", "json", "-"], input="ASK { <urn:nothing> ?p ?o }")
    assert out.exit_code == 0 and '"boolean": false' in out.output
    out = runner.invoke(
        cli,
        ["sparql", "-"],
        input="CONSTRUCT { <https://w3id.org/spinekg/Naproxen> <urn:brand> ?b } "
        "WHERE { <https://w3id.org/spinekg/Naproxen> <https://w3id.org/spinekg/hasBrand> ?b }",
    )
    assert out.exit_code == 0
    assert "<https://w3id.org/spinekg/Naproxen> <urn:brand> <https://w3id.org/spinekg/Aleve> .\n" in out.output
    bad = tmp_path / "bad.rq"
    bad.write_bytes(b"SELECT * WHERE { ?s ?p \xff }")
    out = runner.invoke(cli, ["sparql", str(bad)])
    assert out.exit_code == 2 and "not UTF-8" in out.output


# -- found by an attacker: keywords glued to other tokens, which Oxigraph's parser splits ----------


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICESILENT<{url}/sparql> {{ ?s ?p ?o }} }}",
        "PREFIX : <{url}/> SELECT * WHERE {{ SERVICE:cli {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?s ?p trueSERVICE<{url}/sparql> {{ ?a ?b ?c }} }}",
        "PREFIX : <{url}/> SELECT * FROM:x WHERE {{ ?s ?p ?o }}",
        "SELECT * FROMNAMED<{url}/fn> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "PREFIX NAMED: <https://w3id.org/spinekg/graph/> PREFIX : <{url}/> SELECT * FROM NAMED:asserted WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ],
)
def test_a_keyword_glued_to_another_token_is_refused(any_kg: spinekg.KnowledgeGraph, listener: Listener, template: str) -> None:
    with pytest.raises(QueryRefusedError, match="holds the keyword"):
        any_kg.sparql(template.format(url=listener.url))
    time.sleep(0.2)
    assert listener.requests == []


def test_a_local_engine_runs_free_sparql_without_any_network(listener: Listener) -> None:
    """Below the guard, the kernel: the child of a local engine has no network at all."""
    from spinekg.engines import isolate

    def call() -> str:
        try:
            socket.create_connection(("127.0.0.1", listener.port), timeout=2).close()
        except OSError as err:
            return type(err).__name__
        return "connected"

    assert isolate.run(call, timeout=5, network=False) == "OSError"
    time.sleep(0.2)
    assert listener.requests == []
    assert isolate.run(call, timeout=5, network=True) == "connected"  # the control


@pytest.mark.parametrize("value", ["1e12", "1e308", "99999999999"])
def test_an_enormous_time_limit_is_a_usage_error(value: str) -> None:
    from click.testing import CliRunner

    from spinekg.cli import cli

    out = CliRunner().invoke(cli, ["sparql", "--timeout", value, "-"], input=CLAIMS)
    assert out.exit_code == 2 and "at most" in out.output


def test_an_enormous_row_limit_is_a_usage_error() -> None:
    from click.testing import CliRunner

    from spinekg.cli import cli

    out = CliRunner().invoke(cli, ["sparql", "--max-rows", "99999999999999999999", "-"], input=CLAIMS)
    assert out.exit_code == 2 and "--max-rows" in out.output


# -- found by a second attacker: texts the guard and an engine would read differently ------------


@pytest.mark.parametrize(
    "template",
    [
        # after an expression Oxigraph reads `<` as "less than" and `'` as the start of a string
        "SELECT * WHERE {{ BIND(1 <'> ' AS ?c) SERVICE <{url}/x> {{ ?s ?p ?o }} # '\n}}",
        # Oxigraph expands \\u005C inside the string only, the SPARQL spec (and rdflib) everywhere
        "SELECT * WHERE {{ BIND('abc\\u005C' AS ?c) SERVICE <{url}/esc> {{ ?s ?p ?o }} # '\n}}",
        "SELECT * WHERE {{ BIND('abc\\u0027 SERVICE <{url}/esc> {{ ?s ?p ?o }} # ' AS ?x) }}",
    ],
)
def test_a_text_engines_could_read_two_ways_is_refused(any_kg: spinekg.KnowledgeGraph, listener: Listener, template: str) -> None:
    with pytest.raises(QueryRefusedError):
        any_kg.sparql(template.format(url=listener.url))
    time.sleep(0.2)
    assert listener.requests == []


def test_rdflib_never_opens_a_file_through_service(rdflib_kg: spinekg.KnowledgeGraph, tmp_path: Path) -> None:
    """The engine's own line of defence, tried below the guard: rdflib's SERVICE opens whatever
    urllib opens, file: included, so the engine refuses SERVICE, and with it allowed, all but http(s)."""
    secret = tmp_path / "secret.json"
    secret.write_text('{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "urn:secret"}}]}}', encoding="utf-8")
    pad = " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(40))  # long enough for rdflib to POST
    query = f"SELECT * WHERE {{ SERVICE <{secret.as_uri()}> {{ {pad} }} }}"
    with pytest.raises(QueryRefusedError, match="SERVICE is refused"):
        rdflib_kg.engine.execute(query)
    with pytest.raises(QueryRefusedError, match=r"SERVICE <file:.*> is refused: only http\(s\)"):
        rdflib_kg.engine.execute(query, allow_service=True)
