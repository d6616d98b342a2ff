"""Names that differ only in inflection: "back spasms" and "back spasm", "pain radiating" and
"pain radiates", "bone metastases" and "bone metastasis", "flat feet" and "flat foot".

The term index (:mod:`spinekg.query.terms`) keys every name by :func:`fold` and, for a name not
found as written, accepts a name with the same key whose words each are the same word or an
inflection of it (:func:`inflected`).

:func:`fold` stems each word with the English Snowball (Porter2) stemmer, a well-kept and
dependency-free implementation of the standard rules, so plurals and verb endings meet. A stemmer
also strips derivational endings ("tenderness" and "tender", "painful" and "pain") and respells
word ends ("advill" and "advil"), so two names with one key are taken for each other only where
their words differ by an inflectional ending (:func:`inflected`): a misspelt "advill" stays
unknown, with its suggestions, and "tenderness" does not become "tender".

>>> fold("Back spasms") == fold("back spasm") and inflected(words("Back spasms"), words("back spasm"))
True
>>> fold("advill") == fold("Advil"), inflected(words("advill"), words("Advil"))
(True, False)
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import cache
from typing import Any

from spinekg.errors import MissingExtraError

#: Plurals no suffix rule reaches, read as their singular.
IRREGULAR = {"feet": "foot", "teeth": "tooth", "women": "woman", "men": "man", "children": "child", "people": "person"}

#: The endings of an inflected English word: plurals and third persons (-s, -es, -ies), the past
#: (-ed, -ied), the participle (-ing) and the Latin plural -ae (vertebrae).
ENDINGS = ("s", "ed", "ing", "ae")


def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as names are compared: lower case, without punctuation, without a
    possessive 's, and an abbreviation's plural as the abbreviation (the stemmer cannot tell
    "MRIs" from a word).

    >>> words("Paget's disease (of bone)"), words("MRIs and CTs")
    (('paget', 'disease', 'of', 'bone'), ('mri', 'and', 'ct'))
    """
    singular = re.sub(r"\b([A-Z]{2,})['’]?s\b", r"\1", text)
    return tuple(re.findall(r"[^\W_]+", re.sub(r"['’]s\b", "", singular.casefold())))


def fold(text: str) -> str:
    """The key of ``text`` with its inflections folded away: its :func:`words`, each reduced to its
    Snowball stem, a Greek -sis read as its plural -ses and a few irregular plurals as their
    singular.

    >>> fold("bone metastases") == fold("bone metastasis"), fold("flat feet") == fold("flat foot")
    (True, True)
    >>> fold("Paget's diseases")
    'paget diseas'
    """
    return stems(words(text))


def stems(said: Sequence[str]) -> str:
    """The :func:`fold` key of words already split by :func:`words`."""
    return " ".join(_stem(w) for w in said)


def shape(said: Sequence[str]) -> tuple[int, str]:
    """How many words and their first letters: names that differ by inflection have one shape
    (an inflection, an irregular plural and the stemmer keep a word's first letter).

    >>> shape(words("flat feet")) == shape(words("Flat foot"))
    True
    """
    return len(said), "".join(w[0] for w in said)


def inflected(asked: Sequence[str], name: Sequence[str]) -> bool:
    """Whether the words ``asked`` and ``name`` (two names of one :func:`fold` key) differ only by
    inflection: word for word, the same word, an irregular plural and its singular, or two words
    of which one ends in an inflectional ending (:data:`ENDINGS`; a word in -ss, such as
    "tenderness", is not inflected).

    >>> inflected(words("pain radiates"), words("pain radiating")), inflected(words("tenderness"), words("tender"))
    (True, False)
    """
    return len(asked) == len(name) and all(_one_word(a, b) for a, b in zip(asked, name, strict=True))


def _one_word(a: str, b: str) -> bool:
    if a == b or IRREGULAR.get(a, a) == IRREGULAR.get(b, b):
        return True
    return any(w.endswith(ENDINGS) and not w.endswith("ss") for w in (a, b))


@cache
def _stem(word: str) -> str:
    word = IRREGULAR.get(word, word)
    if len(word) > 4 and word.endswith("sis"):
        word = word[:-3] + "ses"  # diagnosis and diagnoses, metastasis and metastases stem alike
    stemmer, lock = _stemmer()
    with lock:  # a Snowball stemmer keeps its state between calls
        return str(stemmer.stemWord(word))


@cache
def _stemmer() -> tuple[Any, threading.Lock]:
    try:
        import snowballstemmer
    except ImportError as err:  # an environment made before spinekg needed it
        raise MissingExtraError("looking up a term needs snowballstemmer, a dependency of spinekg: pip install snowballstemmer") from err
    return snowballstemmer.stemmer("english"), threading.Lock()
