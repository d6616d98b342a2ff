"""`spinekg serve --cors`: which web pages may read the endpoint's answers, over real HTTP and in a
real browser.

Each server is a real `spinekg serve` on the loopback interface, started as a user starts it. The
browser test runs YASGUI (the npm package ``@zazuko/yasgui``, installed once into pytest's cache
folder) in headless Chromium, on a page served from another origin (another loopback port), as a
person would: with CORS the query answers and its count is read from YASR's table; without it
the browser blocks the answer and YASGUI can only say it got none.
"""

from __future__ import annotations

import fcntl
import http.client
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from engines.test_guard import ENDLESS_COUNT, Listener
from export.test_viewer_browser import ARGS, CHROMIUM

from spinekg.cli import cli
from spinekg.engines.sparql import MAX_QUERY_BYTES
from spinekg.serve.cors import MAX_AGE
from spinekg.serve.server import serve, start

COUNT_CLAIMS = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/spinekg/Claim> }"
CLAIMS = "1121"
YASGUI = "https://yasgui.example"  # an origin the listed server allows, besides the page's
YASGUI_PACKAGE = "@zazuko/yasgui@4.6.2"
JSON = "application/sparql-results+json"


# -- the servers -----------------------------------------------------------------------------------


@contextmanager
def spinekg_serve(*options: str) -> Iterator[tuple[str, list[str]]]:
    """``spinekg serve --bind 127.0.0.1:0 OPTIONS`` in a subprocess; its base URL and the lines it
    printed at start. Stopped with Ctrl-C (SIGINT), which must exit 0."""
    process = subprocess.Popen(
        [sys.executable, "-m", "spinekg", "serve", "--bind", "127.0.0.1:0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    try:
        printed: list[str] = []
        while not printed or printed[-1] != "Press Ctrl-C to stop.":
            line = process.stdout.readline()
            assert line, "spinekg serve exited at start:\n" + "\n".join(printed)
            printed.append(line.rstrip("\n"))
        query_url = printed[0].removeprefix("SPARQL endpoint (read-only): ")
        yield query_url.removesuffix("/query"), printed
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=15)
    assert process.returncode == 0, out
    assert "stopped" in out


class Site:
    """A folder served over HTTP on its own loopback port: the page's origin, which is not the endpoint's."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        handler = partial(_QuietHandler, directory=str(folder))
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    served = Site(tmp_path_factory.mktemp("yasgui-site"))
    yield served
    served.close()


@pytest.fixture(scope="module")
def plain() -> Iterator[str]:
    """``spinekg serve`` without --cors."""
    with spinekg_serve() as (url, printed):
        assert not any(line.startswith("CORS") for line in printed)
        yield url


@pytest.fixture(scope="module")
def anyone() -> Iterator[str]:
    """``spinekg serve --cors``: any origin; a query may run 1 s."""
    with spinekg_serve("--cors", "--query-timeout", "1") as (url, printed):
        assert "CORS: web pages may read the answers from any origin (Access-Control-Allow-Origin: *)" in printed
        yield url


@pytest.fixture(scope="module")
def listed(site: Site) -> Iterator[str]:
    """``spinekg serve --cors-origin YASGUI --cors-origin PAGE``: those two origins only."""
    with spinekg_serve("--cors-origin", YASGUI, "--cors-origin", site.origin) as (url, printed):
        assert f"CORS: web pages may read the answers from {site.origin}, {YASGUI}" in printed
        yield url


@pytest.fixture(scope="module")
def elsewhere() -> Iterator[str]:
    """``spinekg serve --cors-origin YASGUI``: CORS on, but not for the page's origin."""
    with spinekg_serve("--cors-origin", YASGUI) as (url, _):
        yield url


def call(url: str, method: str = "GET", headers: dict[str, str] | None = None, body: bytes | None = None) -> tuple[int, Message, str]:
    """One real HTTP request; the status, the headers and the body, whatever the status."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        connection.request(method, parts.path + ("?" + parts.query if parts.query else ""), body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.msg, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _cors_headers(headers: Message) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items() if name.lower().startswith("access-control-")}


def _get(base: str, query: str = COUNT_CLAIMS) -> str:
    return base + "/query?" + urllib.parse.urlencode({"query": query})


# -- over HTTP ---------------------------------------------------------------------------------


def test_without_cors_no_answer_has_an_access_control_header(plain: str) -> None:
    origin = {"Origin": YASGUI, "Accept": JSON}
    status, headers, body = call(_get(plain), headers=origin)
    assert status == 200 and f'"value":"{CLAIMS}"' in body
    assert _cors_headers(headers) == {} and headers.get("Vary") is None
    # the preflight is not answered: OPTIONS is no query method, as before --cors existed
    status, headers, body = call(plain + "/query", "OPTIONS", {"Origin": YASGUI, "Access-Control-Request-Method": "POST"})
    assert status == 405 and "OPTIONS is not a SPARQL query method" in body and _cors_headers(headers) == {}
    status, headers, _ = call(_get(plain, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), headers=origin)
    assert status == 400 and _cors_headers(headers) == {}


@pytest.mark.parametrize("how", ["GET", "form", "direct"])
def test_cors_lets_any_origin_read_the_answer_however_the_query_arrives(anyone: str, how: str) -> None:
    if how == "GET":
        status, headers, body = call(_get(anyone), headers={"Origin": YASGUI, "Accept": JSON})
    elif how == "form":  # what YASGUI sends
        form = urllib.parse.urlencode({"query": COUNT_CLAIMS}).encode()
        status, headers, body = call(anyone + "/query", "POST", {"Origin": YASGUI, "Accept": JSON, "Content-Type": "application/x-www-form-urlencoded"}, form)
    else:
        status, headers, body = call(
            anyone + "/query", "POST", {"Origin": YASGUI, "Accept": JSON, "Content-Type": "application/sparql-query"}, COUNT_CLAIMS.encode()
        )
    assert status == 200 and f'"value":"{CLAIMS}"' in body
    assert _cors_headers(headers) == {"access-control-allow-origin": "*"}  # never Allow-Credentials with *


def test_cors_answers_the_preflight_on_the_guarded_route(anyone: str, listed: str) -> None:
    ask = {"Origin": YASGUI, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    for base, allow_origin in ((anyone, "*"), (listed, YASGUI)):
        status, headers, body = call(base + "/query", "OPTIONS", ask)
        assert (status, body) == (204, "")
        assert _cors_headers(headers) == {
            "access-control-allow-origin": allow_origin,
            "access-control-allow-methods": "GET, POST, OPTIONS",
            "access-control-allow-headers": "Accept, Content-Type",
            "access-control-max-age": str(MAX_AGE),
        }
    # only the gateway's paths: elsewhere the answer is the guard's 404, with the headers
    status, headers, body = call(anyone + "/admin", "OPTIONS", ask)
    assert status == 404 and "no such resource /admin" in body and _cors_headers(headers) == {"access-control-allow-origin": "*"}
    # an OPTIONS that is no preflight is what it was: not a query method
    status, headers, body = call(anyone + "/query", "OPTIONS", {"Origin": YASGUI})
    assert status == 405 and _cors_headers(headers) == {"access-control-allow-origin": "*"}


def test_errors_carry_the_headers_and_every_guard_stays(anyone: str, listed: str) -> None:
    """A page can read why its request was refused; the refusals are the same as without CORS."""
    ear = Listener()
    try:
        form = {"Origin": YASGUI, "Content-Type": "application/x-www-form-urlencoded"}
        cases = [
            ("SERVICE", _get(anyone, f"SELECT * WHERE {{ SERVICE <{ear.url}/sparql> {{ ?s ?p ?o }} }}"), "GET", {}, None, 400, "SERVICE is refused"),
            ("FROM", _get(anyone, f"SELECT * FROM <{ear.url}/g> WHERE {{ ?s ?p ?o }}"), "GET", {}, None, 400, "is refused"),
            ("update", anyone + "/query", "POST", form, b"update=CLEAR+ALL", 403, "read-only"),
            ("write", anyone + "/store?graph=https://example.org/g", "PUT", {"Content-Type": "application/n-triples"}, b"", 403, "read-only"),
            ("method", anyone + "/query", "PUT", {}, b"", 405, "PUT is not a SPARQL query method"),
            ("size", anyone + "/query", "POST", {**form, "Content-Length": str(3 * MAX_QUERY_BYTES + 1)}, b"", 413, "a query may have at most"),
            ("type", anyone + "/query", "POST", {"Content-Type": "text/plain"}, b"ASK {}", 415, "application/sparql-query"),
            ("syntax", _get(anyone, "SELECT WHERE"), "GET", {}, None, 400, ""),
        ]
        for name, url, method, headers, body, status, message in cases:
            got, answer, text = call(url, method, {"Origin": YASGUI, **headers}, body)
            assert (got, message in text) == (status, True), (name, got, text)
            assert _cors_headers(answer) == {"access-control-allow-origin": "*"}, name
        time.sleep(0.2)
        assert ear.requests == []  # SERVICE and FROM never left the server
    finally:
        ear.sock.close()
    # the time limit: 503, readable by the page too
    started = time.monotonic()
    got, answer, text = call(anyone + "/query", "POST", {"Origin": YASGUI, "Content-Type": "application/sparql-query"}, ENDLESS_COUNT.encode())
    assert got == 503 and "ran past the time limit of 1 s" in text and time.monotonic() - started < 10
    assert _cors_headers(answer) == {"access-control-allow-origin": "*"}
    # http.server's own refusals (a request it cannot read) too
    with socket.create_connection(("127.0.0.1", int(anyone.rsplit(":", 1)[1])), timeout=10) as raw:
        raw.sendall(b"BREW /query HTTP/1.0\r\nOrigin: " + YASGUI.encode() + b"\r\n\r\n")
        answer_bytes = b"".join(iter(lambda: raw.recv(65536), b""))
    assert answer_bytes.startswith(b"HTTP/1.0 501 ") and b"\r\nAccess-Control-Allow-Origin: *\r\n" in answer_bytes
    # and with listed origins: the listed one is echoed
    got, answer, text = call(_get(listed, "SELECT WHERE"), headers={"Origin": YASGUI})
    assert got == 400 and _cors_headers(answer) == {"access-control-allow-origin": YASGUI} and answer["Vary"] == "Origin"


def test_listed_origins_only(listed: str, site: Site) -> None:
    for origin in (YASGUI, site.origin):
        status, headers, body = call(_get(listed), headers={"Origin": origin, "Accept": JSON})
        assert status == 200 and f'"value":"{CLAIMS}"' in body
        assert _cors_headers(headers) == {"access-control-allow-origin": origin} and headers["Vary"] == "Origin"
    # another origin (a port is part of it), or none: answered, but no header lets a page read it
    for other in ({"Origin": "https://evil.example"}, {"Origin": YASGUI + ":8443"}, {"Origin": "null"}, {}):
        status, headers, body = call(_get(listed), headers={**other, "Accept": JSON})
        assert status == 200 and _cors_headers(headers) == {} and headers["Vary"] == "Origin", other
        status, headers, body = call(listed + "/query", "OPTIONS", {**other, "Access-Control-Request-Method": "POST"})
        assert (status, body) == (204, "") and _cors_headers(headers) == {}, other


def test_the_python_api_takes_the_same_choice() -> None:
    with serve(bind="127.0.0.1:0", cors=[YASGUI]) as server:
        assert server.cors is not None and server.cors.origins == {YASGUI}
        _, headers, _ = call(_get(server.url), headers={"Origin": YASGUI})
        assert headers["Access-Control-Allow-Origin"] == YASGUI
    with pytest.raises(ValueError, match="not an origin"):
        start(bind="127.0.0.1:0", cors=["https://yasgui.example/sparql"])  # before anything starts


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("https://yasgui.example/", "'https://yasgui.example/' is not an origin: give scheme://host[:port], without a path"),
        ("yasgui.example", "'yasgui.example' is not an origin"),
        ("*", "'*' is not an origin: --cors alone allows any origin"),
    ],
)
def test_an_origin_that_is_not_one_is_a_usage_error(given: str, message: str) -> None:
    result = CliRunner().invoke(cli, ["serve", "--bind", "127.0.0.1:0", "--cors-origin", given])
    assert result.exit_code == 2 and "Invalid value for --cors-origin" in result.output and message in result.output


# -- in a browser: YASGUI on another origin ----------------------------------------------------

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>YASGUI on another origin</title>
<link rel="stylesheet" href="yasgui.min.css"><script src="yasgui.min.js"></script></head>
<body><div id="yasgui"></div>
<script>
  // the endpoint comes from ?sparql=; YASGUI keeps nothing between page loads
  const endpoint = new URLSearchParams(location.search).get("sparql");
  window.yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {endpoint: endpoint, method: "POST"},
    persistenceId: null,
    populateFromUrl: false,
    copyEndpointOnNewTab: false,
  });
</script></body></html>
"""
# a query YASGUI runs as a person does (the editor's text, then its query button's action); resolves once YASR has drawn
RUN = """query => new Promise(resolve => {
  const tab = yasgui.getTab();
  tab.getYasr().once("drawn", () => resolve());
  tab.setQuery(query);
  tab.getYasqe().query().catch(() => {});
})"""
# a request that needs a preflight (application/sparql-query is not a CORS-safelisted type), as other SPARQL clients send
DIRECT = """async ([endpoint, query]) => {
  try {
    const headers = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"};
    const r = await fetch(endpoint, {method: "POST", headers: headers, body: query});
    return {status: r.status, body: await r.text()};
  } catch (e) { return {error: String(e)}; }
}"""


@pytest.fixture(scope="session")
def yasgui_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """yasgui.min.js and .css of the npm package, installed once (``npm install``) into pytest's cache folder."""
    cache = request.config.cache
    folder = Path(cache.mkdir("yasgui-" + YASGUI_PACKAGE.rsplit("@", 1)[1])) if cache is not None else tmp_path_factory.mktemp("yasgui")
    wanted = [folder / "yasgui.min.js", folder / "yasgui.min.css"]
    with open(folder / ".lock", "w") as lock:  # the test workers share the cache: one installs
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not all(f.is_file() for f in wanted):
            npm = shutil.which("npm")
            if npm is None:
                pytest.fail("npm not found: the YASGUI test installs @zazuko/yasgui with npm (Node.js 18 or later)")
            work = folder / "npm"
            shutil.rmtree(work, ignore_errors=True)
            done = subprocess.run(
                [npm, "install", "--prefix", str(work), "--no-audit", "--no-fund", "--ignore-scripts", "--no-save", "--no-package-lock", YASGUI_PACKAGE],
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert done.returncode == 0, f"npm install {YASGUI_PACKAGE} failed:\n{done.stdout}{done.stderr}"
            build = work / "node_modules" / "@zazuko" / "yasgui" / "build"
            for f in wanted:
                shutil.copyfile(build / f.name, f.with_suffix(".part"))
                f.with_suffix(".part").rename(f)
            shutil.rmtree(work, ignore_errors=True)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found ({CHROMIUM}): install Debian's package with `apt-get install -y chromium` (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def yasgui_site(site: Site, yasgui_build: Path) -> Site:
    for name in ("yasgui.min.js", "yasgui.min.css"):
        shutil.copyfile(yasgui_build / name, site.folder / name)
    (site.folder / "index.html").write_text(PAGE, encoding="utf-8")
    return site


def open_yasgui(browser: Any, site: Site, endpoint: str) -> tuple[Any, dict[str, list[str]]]:
    """YASGUI from ``site``, pointed at ``endpoint``; the page, and what it logged and tried to reach
    beyond the two loopback origins (which is refused: the test runs offline)."""
    seen: dict[str, list[str]] = {"console": [], "errors": [], "outside": []}
    page = browser.new_page()
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    allowed = (site.origin + "/", endpoint.rsplit("/", 1)[0] + "/")

    def route(r: Any) -> None:
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            seen["outside"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(f"{site.origin}/index.html?" + urllib.parse.urlencode({"sparql": endpoint}))
    page.wait_for_function("() => window.yasgui && window.yasgui.getTab()")
    return page, seen


def _blocked(seen: dict[str, list[str]], site: Site) -> bool:
    return any("has been blocked by CORS policy" in line and f"from origin '{site.origin}'" in line for line in seen["console"])


@pytest.mark.parametrize("server", ["anyone", "listed"])
def test_yasgui_on_another_origin_reads_the_answer_with_cors(browser: Any, yasgui_site: Site, server: str, request: pytest.FixtureRequest) -> None:
    endpoint = request.getfixturevalue(server) + "/query"
    page, seen = open_yasgui(browser, yasgui_site, endpoint)
    try:
        page.evaluate(RUN, COUNT_CLAIMS)
        # the count as YASR shows it: its table's one cell, and the results it parsed
        cells = page.locator(".yasr table.dataTable tbody td")
        cells.filter(has_text=CLAIMS).first.wait_for(timeout=10_000)
        assert f'"{CLAIMS}"^^<http://www.w3.org/2001/XMLSchema#integer>' in cells.all_inner_texts()
        assert page.evaluate("() => yasgui.getTab().getYasr().results.getBindings()[0].n.value") == CLAIMS
        assert page.locator(".yasr .errorResult").count() == 0
        # a refusal is read by the page as the gateway wrote it
        page.evaluate(RUN, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
        assert "SERVICE is refused: a query may not call other endpoints" in page.locator(".yasr .errorResult").inner_text()
        # a request that needs a preflight passes it
        direct = page.evaluate(DIRECT, [endpoint, COUNT_CLAIMS])
        assert direct.get("status") == 200 and f'"value":"{CLAIMS}"' in direct["body"], direct
        assert not _blocked(seen, yasgui_site) and seen["errors"] == [] and seen["outside"] == [], seen
    finally:
        page.close()


@pytest.mark.parametrize("server", ["plain", "elsewhere"])
def test_yasgui_on_another_origin_is_blocked_without_cors(browser: Any, yasgui_site: Site, server: str, request: pytest.FixtureRequest) -> None:
    endpoint = request.getfixturevalue(server) + "/query"
    page, seen = open_yasgui(browser, yasgui_site, endpoint)
    try:
        page.evaluate(RUN, COUNT_CLAIMS)
        error = page.locator(".yasr .errorResult").inner_text()
        assert error.splitlines()[-1] == "Failed to fetch"  # all YASGUI learnt: the browser kept the answer from it
        assert page.locator(".yasr table.dataTable").count() == 0
        assert _blocked(seen, yasgui_site), seen["console"]
        direct = page.evaluate(DIRECT, [endpoint, COUNT_CLAIMS])
        assert direct == {"error": "TypeError: Failed to fetch"}
        assert seen["errors"] == [] and seen["outside"] == [], seen
    finally:
        page.close()
