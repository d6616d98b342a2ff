"""Terms and the index that finds them by label, synonym, brand name, ID, CURIE or IRI."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from spinekg import vocab
from spinekg.errors import AmbiguousTermError, UnknownTermError

SynonymScope = Literal["exact", "related", "brand"]


@dataclass(frozen=True)
class Synonym:
    text: str
    scope: SynonymScope


@dataclass(frozen=True)
class Term:
    """A domain term (or a category) of the graph."""

    iri: str
    label: str
    category: str
    category_label: str
    definition: str
    synonyms: tuple[Synonym, ...] = ()
    xrefs: tuple[str, ...] = ()
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


class TermIndex:
    """Case-insensitive lookup of terms; a miss names the closest labels."""

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
        """The term ``name`` denotes; raises :class:`UnknownTermError` or :class:`AmbiguousTermError`."""
        key = " ".join(name.split())
        iri = self._as_iri(key)
        if iri in self.by_iri:
            return self.by_iri[iri]
        folded = key.casefold()
        for tier in _TIERS:
            hits = self._tiers[tier].get(folded)
            if not hits:
                continue
            if len(hits) == 1:
                return self.by_iri[next(iter(hits))]
            names = sorted(f"{self.by_iri[i].label} ({self.by_iri[i].curie})" for i in hits)
            raise AmbiguousTermError(name, names)
        raise UnknownTermError(name, self.suggest(key))

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """The labels closest to ``name`` (synonym hits shown with their term's label)."""
        from rapidfuzz import fuzz, process

        choices: dict[str, str] = {}
        for tier in _TIERS:
            for text, iris in self._tiers[tier].items():
                for iri in iris:
                    t = self.by_iri[iri]
                    shown = t.label if tier == "label" else f"{t.label} (as {text!r})"
                    choices.setdefault(text, shown)
        found = process.extract(name.casefold(), list(choices), scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=60)
        # keep the near-best: a clear winner ("naproxn" -> naproxen) is not followed by noise
        best = found[0][1] if found else 0
        out: list[str] = []
        for text, score, _ in found:
            if score >= best - 12 and choices[text] not in out:
                out.append(choices[text])
        return out[:limit]

    @staticmethod
    def _as_iri(key: str) -> str:
        if key.startswith(("http://", "https://")):
            return key
        prefix, sep, local = key.partition(":")
        if sep and prefix.upper() == "SKG":
            return vocab.BASE + local
        return vocab.BASE + key
