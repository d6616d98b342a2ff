"""The loaded knowledge graph: :func:`load` and :class:`KnowledgeGraph`."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinekg import rq, vocab
from spinekg.engines import ENGINES
from spinekg.engines.isolate import DEFAULT_MAX_MEMORY
from spinekg.errors import ArgumentError, InvalidLimitError, InvalidValueError, ParameterError, SpineKGError, TermCategoryError, UnknownTermError
from spinekg.paths import BuiltFiles, built_files
from spinekg.query.modules import Param, get_module, modules_taking
from spinekg.query.results import ClaimRow
from spinekg.query.terms import Synonym, Term, TermIndex
from spinekg.values import DEFAULT_MAX_ROWS

#: The largest row limit free SPARQL takes.
MAX_ROWS_LIMIT = 10**9

if TYPE_CHECKING:
    from collections.abc import Iterable

    import networkx as nx
    import owlready2
    from rdflib import Dataset, Graph

    from spinekg.engines import Engine
    from spinekg.query.results import AskResult, GraphResult, QueryResult
    from spinekg.values import Value


class KnowledgeGraph:
    """The built graph: the ontology, asserted and inferred graphs as named graphs behind one SPARQL
    engine (embedded Oxigraph, rdflib, or a remote endpoint), queried with their union as the
    default graph.

    Use :func:`load` to get one.
    """

    def __init__(self, files: BuiltFiles | None, engine: str | Engine = "oxigraph", *, cache: Path | None = None) -> None:
        from spinekg.engines.embedded import make

        self.files = files
        if isinstance(engine, str):
            if files is None:
                raise ArgumentError("an engine named by its name loads local files: pass the built files")
            self.engine: Engine = make(engine, files, cache=cache)
        else:
            self.engine = engine

    def __repr__(self) -> str:
        """``<KnowledgeGraph OxigraphEngine(in memory): 644 terms in 36 categories, 1,121 claims>``:
        the engine and what it holds (the quoted claims; curator mappings are not counted). A remote
        graph shows its endpoint only: a repr makes no request."""
        if self.files is None:
            return f"<KnowledgeGraph {self.engine!r}>"
        categories = sum(t.category == t.curie for t in self._index)
        return f"<KnowledgeGraph {self.engine!r}: {len(self._index) - categories:,} terms in {categories} categories, {self._claim_count:,} claims>"

    @cached_property
    def _claim_count(self) -> int:
        return int(self.engine.select(rq.packaged("query/queries", "claim-count")).rows[0][0])

    @classmethod
    def from_engine(cls, engine: Engine) -> KnowledgeGraph:
        """The graph some other engine answers for, without local files (a remote endpoint, see
        :func:`spinekg.connect`): terms and queries work, :attr:`dataset` and :meth:`owl` do not."""
        return cls(None, engine)

    def _local_files(self, what: str) -> BuiltFiles:
        if self.files is None:
            raise SpineKGError(f"{what} needs the local ontology files, and this graph is answered by {self.engine!r}; use spinekg.load()")
        return self.files

    @cached_property
    def dataset(self) -> Dataset:
        """The rdflib Dataset (built on first use when the engine is Oxigraph)."""
        from spinekg.engines.embedded import RdflibEngine

        if isinstance(self.engine, RdflibEngine):
            return self.engine.dataset
        return RdflibEngine(self._local_files("kg.dataset")).dataset

    # -- graphs ---------------------------------------------------------------------------------
    @property
    def ontology_graph(self) -> Graph:
        """The named graph of the OWL ontology (content of ``spinekg.ttl``)."""
        from rdflib import URIRef

        return self.dataset.graph(URIRef(vocab.ONTOLOGY_GRAPH))

    @property
    def inferred_graph(self) -> Graph:
        """The named graph of materialised inferences, each with its derivation."""
        from rdflib import URIRef

        return self.dataset.graph(URIRef(vocab.INFERRED_GRAPH))

    @property
    def asserted_graph(self) -> Graph:
        """The named graph of plain triples, claim nodes and evidence spans (the is-a hierarchy,
        documents and regimens are the ontology graph's)."""
        from rdflib import URIRef

        return self.dataset.graph(URIRef(vocab.ASSERTED_GRAPH))

    def owl(self) -> owlready2.Ontology:
        """The ontology loaded by owlready2 (RDF/XML file), in a World of its own."""
        import owlready2

        owl_file = self._local_files("kg.owl()").owl
        world = owlready2.World()
        return world.get_ontology(owl_file.as_uri()).load()

    # -- terms ----------------------------------------------------------------------------------
    @cached_property
    def _index(self) -> TermIndex:
        cached = getattr(self.engine, "term_index_cache", lambda: None)()
        if cached is not None:
            from spinekg.engines.cache import load_term_index

            rows = load_term_index(cached)
            if rows is not None:
                try:
                    return TermIndex([Term.from_dict(d) for d in rows])
                except (KeyError, TypeError, ValueError):
                    pass  # a damaged index is made again from the store
        index = TermIndex(self._read_terms())
        if cached is not None:
            from spinekg.engines.cache import save_term_index

            save_term_index(cached, [t.to_dict() for t in index])
        return index

    def _read_terms(self) -> list[Term]:
        values: dict[str, dict[str, list[str]]] = {}
        for term, kind, value in self.engine.select(rq.packaged("query/queries", "term-values")).rows:
            values.setdefault(str(term), {}).setdefault(kind, []).append(str(value))
        terms = []
        for iri, label, category, category_label, definition in self.engine.select(rq.packaged("query/queries", "terms")).rows:
            iri = str(iri)  # a plain str: Term fields are written by every exporter as they are
            v = values.get(iri, {})
            synonyms = [Synonym(x, scope) for scope in ("exact", "related", "brand") for x in sorted(set(v.get(scope, [])))]
            terms.append(
                Term(
                    iri=iri,
                    label=label,
                    category=vocab.curie(str(category)),
                    category_label=category_label,
                    definition=definition,
                    synonyms=tuple(synonyms),
                    xrefs=tuple(sorted(set(v.get("xref", [])))),
                    parents=tuple(sorted({vocab.curie(p) for p in v.get("parent", []) if p.startswith(vocab.BASE)})),
                )
            )
        return terms

    def term(self, name: str) -> Term:
        """The term named ``name``: a label, synonym or brand name (any case), an ID, CURIE or IRI.

        Raises :class:`~spinekg.errors.UnknownTermError` naming the closest labels on a miss.
        """
        if not isinstance(name, str):
            raise ArgumentError(f"a term is named by a string (label, synonym, ID, CURIE or IRI), not {type(name).__name__}")
        return self._index.get(name)

    def terms(self, category: str | None = None) -> list[Term]:
        """All terms, or those whose category is ``category`` or falls under it.

        The categories are terms too (``kg.term("drug")``, whose category is itself), so all terms
        are the domain terms and the categories (642 and 36 today, as ``spinekg build`` counts them).
        """
        all_terms = sorted(self._index, key=lambda t: t.label.casefold())
        if category is None:
            return all_terms
        cat = self.term(category)
        return [t for t in all_terms if t.category == cat.curie or self._under(_local(t.category), cat.id)]

    def _under(self, cls: str, ancestor: str) -> bool:
        from spinekg.hierarchy import is_under

        return is_under(cls, {ancestor}, self._parents)

    def _parents(self, node: str) -> tuple[str, ...]:
        t = self._index.by_iri.get(vocab.BASE + node)
        return tuple(_local(c) for c in t.parents) if t is not None else ()

    def _lineage(self, t: Term) -> set[str]:
        """The term's category lineage: its category, the term itself, and every class above them
        (what a module parameter's categories are matched against)."""
        from spinekg.hierarchy import ancestors

        return ancestors(_local(t.category), self._parents) | ancestors(t.id, self._parents)

    def _label(self, cls: str) -> str:
        t = self._index.by_iri.get(vocab.BASE + cls)
        return t.label if t is not None else cls

    # -- queries --------------------------------------------------------------------------------
    def query(self, module: str, **params: Any) -> QueryResult:
        """Run the query module ``module``; parameters are validated, resolved and bound.

        A term parameter accepts a label, synonym, brand name, ID, CURIE or IRI and must fall under
        the categories the module names; a miss raises :class:`~spinekg.errors.UnknownTermError`.
        A parameter the module does not take, a missing one, or a value of the wrong type raises
        :class:`~spinekg.errors.ParameterError`.
        """
        from spinekg.query.results import OPEN_WORLD_NOTICE, make_result
        from spinekg.values import IRI

        mod = get_module(module)
        spec = {p.name: p for p in mod.parameters}
        mod.check_names(sorted(set(params) - set(spec)))
        missing = sorted(set(spec) - set(params) - {p.name for p in spec.values() if p.optional})
        if missing:
            raise ParameterError(f"query module {module!r} needs {', '.join(str(spec[m]) for m in missing)}", module=module, parameters=tuple(missing))
        bindings: dict[str, Value] = {}
        bound: dict[str, str] = {}  # what each parameter is bound to (an IRI for a term)
        shown: dict[str, str] = {}  # ... and how a person reads it (its label)
        for name, value in params.items():
            p = spec[name]
            if p.type == "term":
                if not isinstance(value, str):
                    raise ParameterError(
                        f"parameter {name} of {module!r} takes a term name (a string), not {type(value).__name__}", module=module, parameters=(name,)
                    )
                t = self._term_for(mod.name, p, value)
                bindings[name] = IRI(t.iri)
                bound[name] = IRI(t.iri)
                shown[name] = t.label
            elif p.type == "integer":
                try:
                    number = int(value)
                except (TypeError, ValueError):
                    raise ParameterError(f"parameter {name} of {module!r} takes an integer, not {value!r}", module=module, parameters=(name,)) from None
                bindings[name] = number
                bound[name] = shown[name] = str(number)
            else:
                bindings[name] = str(value)
                bound[name] = shown[name] = str(value)
        table = self.engine.select(mod.text, bindings)
        split = [c in mod.lists for c in table.variables]
        values = [tuple(_split(v) if lst else v for v, lst in zip(row, split, strict=True)) for row in table.rows] if any(split) else list(table.rows)
        columns = table.variables
        if mod.answer:
            from spinekg.query.answers import group_answers

            columns, values = group_answers(columns, values, answer=mod.answer, params=spec)
        return make_result(module, columns, values, notice=OPEN_WORLD_NOTICE if mod.safety else "", params=bound, param_labels=shown)

    def sparql(
        self,
        text: str,
        *,
        timeout: float = 10.0,
        allow_service: bool = False,
        max_rows: int = DEFAULT_MAX_ROWS,
        max_memory: int | None = DEFAULT_MAX_MEMORY,
    ) -> QueryResult | AskResult | GraphResult:
        """Run free SPARQL: SELECT (rows), ASK (a boolean), CONSTRUCT or DESCRIBE (triples).

        Guarded (:func:`spinekg.engines.sparql.check_query`): updates, SERVICE (unless ``allow_service``)
        and FROM naming anything but the graph's own graphs are refused before anything is sent.
        The query runs in a child process that is killed after ``timeout`` seconds
        (:class:`~spinekg.errors.QueryTimeoutError`), may take ``max_memory`` bytes beyond what it
        inherits, and may return ``max_rows`` rows (:class:`~spinekg.errors.QueryLimitError`).
        """
        from spinekg.engines import isolate
        from spinekg.engines.sparql import check_query
        from spinekg.query.results import AskResult, GraphResult, make_result
        from spinekg.values import Table, Triples

        timeout = isolate.check_timeout(timeout)
        if isinstance(max_rows, bool) or not isinstance(max_rows, int) or not 1 <= max_rows <= MAX_ROWS_LIMIT:
            raise InvalidLimitError(f"max_rows must be an integer from 1 to {MAX_ROWS_LIMIT:,}, not {max_rows!r}")
        form = check_query(text, allow_service=allow_service)
        engine = self.engine
        # a local engine needs no network: its child gets none, whatever the query asks for
        network = allow_service or engine.name not in ENGINES
        answer = isolate.run(
            lambda: engine.execute(text, max_rows=max_rows, allow_service=allow_service, form=form), timeout=timeout, max_memory=max_memory, network=network
        )
        if isinstance(answer, Table):
            return make_result("sparql", answer.variables, list(answer.rows))
        if isinstance(answer, Triples):
            return GraphResult(answer.triples)
        return AskResult(bool(answer))

    def run(self, module: str, **params: Any) -> list[dict[str, Any]]:
        """``query(...)`` as a list of dicts without unbound values."""
        return [{k: v for k, v in d.items() if v is not None} for d in self.query(module, **params).to_dicts()]

    def _term_for(self, module: str, p: Param, value: str) -> Term:
        """The term ``value`` names for the parameter ``p`` of ``module``. A miss, or a term of a
        category ``p`` does not take, names the closest terms ``p`` takes; the second also says
        what the term is and which modules take it."""
        try:
            t = self.term(value)
        except UnknownTermError as err:
            if not p.categories:
                raise
            raise UnknownTermError(value, self._closest_in(value, p, note_others=True)) from err
        lineage = self._lineage(t)
        if p.accepts(lineage):
            return t
        named = repr(t.label) if " ".join(value.split()).casefold() == t.label.casefold() else f"{value!r} ({t.label})"
        labels = [self._label(c) for c in p.categories]
        takes = " or ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)
        reason = f"{named} is {_a(t.category_label)}, but {p.name} of {module!r} takes a term under {' | '.join(p.categories)} ({_a(takes)})"
        others = [f"{m.name} ({q.name})" for m, q in modules_taking(lineage)]
        if others:
            reason += f"; modules that take it: {', '.join(others)}"
        raise TermCategoryError(value, self._closest_in(value, p), reason, term=t.label, modules=others)

    def _closest_in(self, name: str, p: Param, *, note_others: bool = False) -> list[str]:
        """The labels closest to ``name`` among the terms the parameter ``p`` takes; with
        ``note_others``, followed by the closest term of all when ``p`` does not take it and it is
        closer than those, with its category."""
        inside = self._index.closest(name, accept=lambda t: p.accepts(self._lineage(t)))
        out = [shown for shown, _, _ in inside]
        if note_others:
            for _, t, score in self._index.closest(name, limit=1):
                if not p.accepts(self._lineage(t)) and (not inside or score > inside[0][2]):
                    out.append(f"{t.label} ({_a(t.category_label)}, which {p.name} does not take)")
        return out

    def claims_about(self, name: str) -> list[ClaimRow]:
        """Every quoted claim whose subject or object is the term ``name``, one :class:`ClaimRow` per
        claim with its quotes (the rows of the claims-about-term module, with Python names)."""
        rows = self.query("claims-about-term", term=name).rows
        return [
            ClaimRow(
                claim=vocab.curie(r["claim"]),
                subject=vocab.curie(r["subject"]),
                subject_label=r["subjectLabel"],
                predicate=vocab.curie(r["predicate"]),
                predicate_label=r["predicateLabel"] or _builtin_label(r["predicate"]),
                object=vocab.curie(str(r["object"])),
                object_label=r["objectLabel"] or str(r["object"]),
                stance=r["stanceLabel"],
                document=r["documents"][0],  # a claim is from one document
                quotes=r["quotes"],
            )
            for r in rows
        ]

    def to_networkx(
        self,
        *,
        inferred: bool = True,
        isa: bool = True,
        categories: Iterable[str] | None = None,
        predicates: Iterable[str] | None = None,
        term: str | None = None,
        depth: int = 1,
    ) -> nx.MultiDiGraph[str]:
        """The graph as a networkx MultiDiGraph: terms keyed by CURIE, one edge per plain triple keyed
        by predicate CURIE, each with its claims, stances, documents and quotes.

        ``inferred`` adds the inferred edges, ``isa`` keeps the is-a edges; ``categories`` and
        ``predicates`` keep only those; ``term`` and ``depth`` cut the ego graph around a term.
        See :func:`spinekg.export.graph.build_graph`.
        """
        from spinekg.export.graph import build_graph

        return build_graph(self, inferred=inferred, isa=isa, categories=categories, predicates=predicates, term=term, depth=depth)

    def stats(self) -> dict[str, list[dict[str, Any]]]:
        """Terms per category, claims per relation and claims per document."""
        per_relation = self.run("claims-per-relation")
        for row in per_relation:
            row["predicateLabel"] = row.get("predicateLabel") or _builtin_label(row["predicate"])
        return {
            "terms_per_category": self.run("terms-per-category"),
            "claims_per_relation": per_relation,
            "claims_per_document": self.run("claims-per-document"),
        }


def _a(noun: str) -> str:
    """``noun`` with its indefinite article: "a drug", "an adverse effect"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _split(value: Any) -> tuple[str, ...]:
    """A GROUP_CONCAT column (separator " | ") as a sorted tuple: engines concatenate in any order.

    GROUP_CONCAT gives text; an item that is an absolute IRI of the graph's vocabularies is taken
    back as an :class:`~spinekg.values.IRI` so it is written like every other identifier.
    """
    from spinekg.values import IRI

    if value is None:
        return ()
    items = sorted(x for x in str(value).split(" | ") if x)
    return tuple(IRI(x) if vocab.curie(x) != x else x for x in items)


def _local(curie: str) -> str:
    """The local name of a spinekg CURIE (``SKG:Drug`` -> ``Drug``): the hierarchy is walked by ID."""
    return vocab.expand(curie).removeprefix(vocab.BASE)


def _builtin_label(iri: str) -> str:
    """The label of a predicate the schema does not label (rdfs:subClassOf is "is a"), IRI or CURIE."""
    name = vocab.curie(str(iri))
    return {"rdfs:subClassOf": "is a"}.get(name, name)


def load(*, engine: str = "oxigraph", cache: bool | str | os.PathLike[str] | None = False) -> KnowledgeGraph:
    """Load the built knowledge graph shipped with (or checked out beside) this package.

    ``engine`` is ``"oxigraph"`` (embedded, fast; the default) or ``"rdflib"``. With ``cache``
    (``True`` for :func:`spinekg.engines.cache.default_cache`, or a folder), Oxigraph opens a read-only
    on-disk copy of the graph, made on first use and remade when the files change: a few
    milliseconds to open instead of about 160 ms to parse, for slower queries. The CLI uses it.
    """
    from spinekg.engines.cache import default_cache

    if engine not in ENGINES:
        raise InvalidValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if isinstance(cache, (str, os.PathLike)):
        folder: Path | None = Path(cache)
    elif cache is True:
        folder = default_cache()
    elif cache is False or cache is None:
        folder = None
    else:
        raise ArgumentError(f"cache is True, False or a folder, not {cache!r}")
    if folder is not None and engine != "oxigraph":
        raise InvalidValueError("only the oxigraph engine keeps an on-disk cache; leave cache out with engine='rdflib'")
    return KnowledgeGraph(built_files(), engine, cache=folder)


def connect(url: str, *, timeout: float = 30.0, check: bool = True) -> KnowledgeGraph:
    """The knowledge graph served by the SPARQL endpoint at ``url`` (its query URL).

    Every query module and free SPARQL run there with the same answers as the embedded graph;
    each request may take ``timeout`` seconds. Every request names the graph's three named graphs
    as its dataset (``default-graph-uri``, ``named-graph-uri``), whatever the store's own default
    graph holds. With ``check`` (the default), first make sure the endpoint holds the graph.
    """
    import time

    from spinekg.engines.remote import RemoteEngine, check_union_default_graph

    engine = RemoteEngine(url, timeout=timeout)
    if check:
        engine.deadline = time.monotonic() + engine.timeout  # the whole check within one timeout
        try:
            check_union_default_graph(engine)
        finally:
            engine.deadline = None
    return KnowledgeGraph.from_engine(engine)
