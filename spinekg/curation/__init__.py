"""The curation: what curators write and what the build checks before anything is compiled.

- :mod:`~spinekg.curation.models`: the typed models of every curation file (and the qualifier and
  dose-regimen fields, each with the RDF property it becomes);
- :mod:`~spinekg.curation.load` (with :mod:`~spinekg.curation.located` and
  :mod:`~spinekg.curation.yamlio`): reading the YAML with the file and line of every record;
- :mod:`~spinekg.curation.sources`: the source texts, read as the build proves quotes in them;
- :mod:`~spinekg.curation.checks`: one module per concern, run in order by
  :func:`spinekg.curation.check.resolve`;
- :mod:`~spinekg.curation.resolved`: what the checks produce, and the stance rule
  (:func:`~spinekg.curation.resolved.graph_predicate`).
"""
