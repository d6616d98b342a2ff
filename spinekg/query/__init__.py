"""Asking the graph: the query modules (``queries/*.rq``), the term index, and result types.

- :mod:`~spinekg.query.modules`: the registry of query modules and their typed parameters;
- :mod:`~spinekg.query.terms`: terms, synonyms and brands, and resolving a name to a term;
- :mod:`~spinekg.query.results`: what a query returns (rows, a boolean, triples, a term's claims)
  and its forms (dicts, JSON, CSV, a DataFrame, a text table);
- :mod:`~spinekg.query.render`: the text forms the command line prints (result formats, the term
  card, statistics, the module list).

:class:`spinekg.kg.KnowledgeGraph` puts these together over an engine.
"""
