"""The whole-curation checks, one module per concern.

Each check reads a :class:`~spinekg.curation.checks.context.Context` and reports problems with
file and line through it; :func:`spinekg.curation.check.resolve` runs them in order:

- :mod:`.schema`: the schema's own references (parents, disjoint groups, domains and ranges,
  stances, negations and inverses);
- :mod:`.duplicates`: IDs and labels across the namespace, documents, claim and mapping IDs;
- :mod:`.hierarchy`: is-a parents, cycles, each term's category, disjoint categories;
- :mod:`.references`: the terms, predicates, stances and evidence codes a claim names;
- :mod:`.domain`: subjects and objects within their relation's domain and range;
- :mod:`.quotes`: quotes located in their source text, qualifiers in the quotes' words.

A record with a problem joins :attr:`.context.Context.broken`, and whatever refers to it raises no
second problem: one mistake, one message.
"""
