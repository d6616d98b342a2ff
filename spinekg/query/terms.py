"""Terms and the index that finds them by label, synonym, brand name, ID, CURIE or IRI.

A name is looked up as written first (any case, spaces folded); only when no term has it is it
looked up again forgiving inflections (:mod:`spinekg.query.inflection`), so "back spasms" finds
"back spasm" and "bone metastases" finds "bone metastasis", while a name some term has as written
always wins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from spinekg import vocab
from spinekg.errors import AmbiguousTermError, UnknownTermError
from spinekg.query.inflection import inflected, shape, stems, words

SynonymScope = Literal["exact", "related", "brand"]


@dataclass(frozen=True)
class Synonym:
    text: str
    scope: SynonymScope


@dataclass(frozen=True)
class Term:
    """A domain term (or a category) of the graph.

    Identifiers are CURIEs, as everywhere in the API (:attr:`curie`, :attr:`category`,
    :attr:`parents`: ``SKG:Naproxen``, ``SKG:Drug``, ``SKG:NSAID``); :attr:`iri` is the full IRI
    and :attr:`id` the local name.
    """

    iri: str
    label: str
    #: CURIE of the category the term is a member of (``SKG:Drug``); a category's own category is itself.
    category: str
    category_label: str
    definition: str
    synonyms: tuple[Synonym, ...] = ()
    xrefs: tuple[str, ...] = ()
    #: CURIEs of the classes the term is directly under (``SKG:NSAID``).
    parents: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The local ID, e.g. ``Naproxen``."""
        return self.iri.removeprefix(vocab.BASE)

    @property
    def curie(self) -> str:
        """The CURIE, e.g. ``SKG:Naproxen``."""
        return vocab.curie(self.iri)

    @property
    def brands(self) -> tuple[str, ...]:
        return tuple(s.text for s in self.synonyms if s.scope == "brand")

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Term:
        """The inverse of :meth:`to_dict`."""
        return cls(
            iri=d["iri"],
            label=d["label"],
            category=d["category"],
            category_label=d["category_label"],
            definition=d["definition"],
            synonyms=tuple(Synonym(s["text"], s["scope"]) for s in d["synonyms"]),
            xrefs=tuple(d["xrefs"]),
            parents=tuple(d["parents"]),
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "iri": self.iri,
            "curie": self.curie,
            "label": self.label,
            "category": self.category,
            "category_label": self.category_label,
            "definition": self.definition,
            "synonyms": [{"text": s.text, "scope": s.scope} for s in self.synonyms],
            "xrefs": list(self.xrefs),
            "parents": list(self.parents),
        }


# Lookup tiers, tried in this order; the first tier with a hit wins.
_TIERS: tuple[str, ...] = ("label", "exact", "brand", "related")

#: Words that make two names look alike without bringing them closer ("disease of the spine",
#: "blow to the back").
_FILLER = frozenset({"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"})


def _content_words(text: str) -> str:
    """``text`` as the closeness of names is judged: lower case, without punctuation and fillers."""
    return " ".join(w for w in words(text) if w not in _FILLER)


class TermIndex:
    """Case-insensitive lookup of terms, forgiving inflections when no name matches as written; a
    miss names the closest labels."""

    def __init__(self, terms: list[Term]) -> None:
        self.by_iri = {t.iri: t for t in terms}
        self._tiers: dict[str, dict[str, set[str]]] = {tier: {} for tier in _TIERS}
        for t in terms:
            self._tiers["label"].setdefault(t.label.casefold(), set()).add(t.iri)
            for s in t.synonyms:
                self._tiers[s.scope].setdefault(s.text.casefold(), set()).add(t.iri)

    def __len__(self) -> int:
        return len(self.by_iri)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.by_iri.values())

    def get(self, name: str) -> Term:
        """The term ``name`` denotes; raises :class:`UnknownTermError` or :class:`AmbiguousTermError`.

        The tiers (label, exact synonym, brand name, related synonym) are tried in order with the
        name as written; when none has it, again for a name that differs from it only by
        inflection (:func:`~spinekg.query.inflection.inflected`). Within a tier, a name shared by
        several terms is ambiguous, inflected or not.
        """
        key = " ".join(name.split())
        iri = self._as_iri(key)
        if iri in self.by_iri:
            return self.by_iri[iri]
        folded = key.casefold()
        for tier in _TIERS:
            if found := self._one(self._tiers[tier].get(folded, set()), name):
                return found
        if asked := words(key):
            stem = stems(asked)
            for tier in _TIERS:
                near = self._shapes[tier].get(shape(asked), ())
                hits = {iri for said, iris in near if stems(said) == stem and inflected(asked, said) for iri in iris}
                if found := self._one(hits, name):
                    return found
        raise UnknownTermError(name, self.suggest(key))

    def _one(self, hits: set[str], name: str) -> Term | None:
        """The term of a tier's hits; several are ambiguous."""
        if len(hits) > 1:
            raise AmbiguousTermError(name, sorted(f"{self.by_iri[i].label} ({self.by_iri[i].curie})" for i in hits))
        return self.by_iri[next(iter(hits))] if hits else None

    @cached_property
    def _shapes(self) -> dict[str, dict[tuple[int, str], list[tuple[tuple[str, ...], set[str]]]]]:
        """Each tier's names by :func:`~spinekg.query.inflection.shape`, with their words and
        terms: the only names an inflected name can be, so that a miss stems a few names, not
        all; made on the first name not found as written."""
        out: dict[str, dict[tuple[int, str], list[tuple[tuple[str, ...], set[str]]]]] = {tier: {} for tier in _TIERS}
        for tier, names in self._tiers.items():
            for text, iris in names.items():
                if said := words(text):
                    out[tier].setdefault(shape(said), []).append((said, iris))
        return out

    def suggest(self, name: str, limit: int = 5, accept: Callable[[Term], bool] | None = None) -> list[str]:
        """The labels closest to ``name`` (synonym hits shown with their term's label), among the
        terms ``accept`` takes when it is given."""
        return [shown for shown, _, _ in self.closest(name, limit, accept)]

    def closest(self, name: str, limit: int = 5, accept: Callable[[Term], bool] | None = None) -> list[tuple[str, Term, float]]:
        """The terms whose names are closest to ``name``, best first, each as ``(shown, term,
        score)``: ``shown`` is the label, or for a synonym ``label (as 'synonym')``; ``score`` runs
        to 100. Only the terms ``accept`` takes, when it is given; only the near-best, so that a
        clear winner ("naproxn": naproxen) comes without noise; none that is not close at all.
        Words such as "of" and "the" do not count towards closeness."""
        from rapidfuzz import fuzz, process

        choices: dict[str, tuple[str, Term]] = {}
        for tier in _TIERS:
            for text, iris in self._tiers[tier].items():
                for iri in sorted(iris):
                    t = self.by_iri[iri]
                    if accept is None or accept(t):
                        choices.setdefault(text, (t.label if tier == "label" else f"{t.label} (as {text!r})", t))
        found = process.extract(name, list(choices), scorer=fuzz.WRatio, processor=_content_words, limit=limit * 3, score_cutoff=70)
        best = found[0][1] if found else 0
        near = best - (5 if best >= 95 else 12)  # a name all but matched needs no company
        out: dict[str, tuple[str, Term, float]] = {}
        for text, score, _ in found:
            shown, t = choices[text]
            if score >= near:
                out.setdefault(shown, (shown, t, score))
        return list(out.values())[:limit]

    @staticmethod
    def _as_iri(key: str) -> str:
        if key.startswith(("http://", "https://")):
            return key
        prefix, sep, local = key.partition(":")
        if sep and prefix.upper() == "SKG":
            return vocab.BASE + local
        return vocab.BASE + key
