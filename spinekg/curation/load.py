"""Load every curation file into typed models, collecting problems instead of stopping at the first.

The layout under a project root::

    ontology/sources/documents.yaml      the corpus metadata (+ the texts beside it)
    ontology/curation/schema.yaml        categories, relations, stances, evidence codes
    ontology/curation/terms/*.yaml       domain terms (a list per file)
    ontology/curation/claims/D*.yaml     the claims of one document per file
    ontology/curation/mappings.yaml      curator mappings (terminology from outside the texts)
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from spinekg.curation.located import Curation, Located, LocatedClaim, SchemaEntries
from spinekg.curation.models import Category, Claim, CuratorMapping, DataRelation, Document, Evidence, Relation, Schema, Stance, Term
from spinekg.curation.sources import SourceText
from spinekg.curation.yamlio import LineDict, LineList, line_of, load_yaml_text, to_plain
from spinekg.files import read_regular

M = TypeVar("M", bound=BaseModel)

SCHEMA_FILE = Path("ontology/curation/schema.yaml")
DOCUMENTS_FILE = Path("ontology/sources/documents.yaml")
TERMS_DIR = Path("ontology/curation/terms")
CLAIMS_DIR = Path("ontology/curation/claims")
MAPPINGS_FILE = Path("ontology/curation/mappings.yaml")
SOURCES_DIR = Path("ontology/sources")


def _describe(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(p) for p in loc if not isinstance(p, int)) or "record"


def _validate(cur: Curation, model: type[M], data: Any, file: str, label: str = "") -> M | None:
    try:
        return model.model_validate(to_plain(data))
    except ValidationError as err:
        _report(cur, err, data, file, label)
        return None


def _report(cur: Curation, err: ValidationError, data: Any, file: str, label: str = "", skip: frozenset[str] = frozenset()) -> None:
    """Each error of ``err`` as a problem at its line in ``data``; none under a key in ``skip``."""
    for e in err.errors():
        loc = tuple(e["loc"])
        if loc and loc[0] in skip:
            continue
        # pydantic reports which union member failed ("str", "list[...]"); drop that noise
        loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p in {"str", "Quote"})))
        msg = e["msg"].removeprefix("Value error, ")
        cur.problem(file, line_of(data, loc), f"{label}{_describe(loc)}: {msg}")


#: What _read returns for a file that holds no YAML value at all (empty, or comments only).
EMPTY = object()


def _read(cur: Curation, path: Path) -> Any:
    """The YAML of ``path``, or None after recording why it cannot be read (missing, not a file,
    not UTF-8 (with line and column), not valid YAML); :data:`EMPTY` for a file without content."""
    rel = str(path.relative_to(cur.root)) if path.is_absolute() else str(path)
    try:
        data = read_regular(path)
    except FileNotFoundError:
        cur.problem(rel, 0, "file is missing")
        return None
    except OSError as err:
        cur.problem(rel, 0, f"cannot read the file ({err.strerror or err})")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = _position(data, err.start)
        cur.problem(rel, line, f"not UTF-8 text: byte 0x{data[err.start]:02x} at line {line}, column {column} ({err.reason})")
        cur.broken_ids.update(_ID_LINE.findall(data.decode("utf-8", "replace")))
        return None
    try:
        value = load_yaml_text(text)
    except RecursionError:
        cur.problem(rel, 0, "not valid YAML: nested too deeply")
        return None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 1 if mark else 0
        cur.problem(rel, line, f"not valid YAML: {getattr(err, 'problem', None) or err}")
        # the file's records are unreadable, not unknown: spare their users a second error each
        cur.broken_ids.update(_ID_LINE.findall(text))
        return None
    return EMPTY if value is None else value


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in bytes) of ``offset`` in ``data``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


_ID_LINE = re.compile(r"^\s*-?\s*id:\s*([A-Za-z0-9-]+)\s*$", re.MULTILINE)


def _list_of(cur: Curation, data: Any, model: type[M], rel: str, what: str) -> list[Located[M]]:
    if not isinstance(data, LineList):
        cur.problem(rel, getattr(data, "line", 1), f"expected a list of {what}")
        return []
    out: list[Located[M]] = []
    for raw, line in zip(data, data.item_lines, strict=True):
        ident = raw.get("id") if isinstance(raw, dict) else None
        item = _validate(cur, model, raw, rel, f"{what} {ident}: " if ident else "")
        if item is not None:
            out.append(Located(item, rel, line, raw))
        elif isinstance(ident, str):
            cur.broken_ids.add(ident)
    return out


def load_curation(root: Path) -> Curation:
    """Read and validate all curation files under ``root`` (a project checkout)."""
    cur = Curation(root=root)

    raw = _read(cur, root / SCHEMA_FILE)
    if raw is EMPTY:
        cur.problem(str(SCHEMA_FILE), 1, "the file is empty or holds only comments: expected the schema")
    elif raw is not None:
        _load_schema(cur, raw)

    raw = _read(cur, root / DOCUMENTS_FILE)
    if raw is EMPTY:
        cur.problem(str(DOCUMENTS_FILE), 1, "the file is empty or holds only comments: expected the list of documents")
    elif raw is not None:
        cur.documents = _list_of(cur, raw, Document, str(DOCUMENTS_FILE), "document")
    for loc in cur.documents:
        doc = loc.item
        path = root / SOURCES_DIR / doc.file
        try:
            data = read_regular(path)
        except FileNotFoundError:
            cur.problem(loc.file, loc.line, f"document {doc.id}: text file {doc.file} is missing")
            continue
        except OSError as err:
            cur.problem(loc.file, loc.line, f"document {doc.id}: cannot read {doc.file} ({err.strerror or err})")
            continue
        if hashlib.sha256(data).hexdigest() != doc.sha256:
            cur.problem(
                loc.file,
                loc.line,
                f"document {doc.id}: {SOURCES_DIR}/{doc.file} has changed: it no longer matches its sha256 "
                f"(source texts are never edited; restore it, e.g. `git checkout -- {SOURCES_DIR}/{doc.file}`)",
            )
        try:
            cur.texts[doc.id] = SourceText(doc.id, data.decode("utf-8"))
        except UnicodeDecodeError as err:
            line, column = _position(data, err.start)
            cur.problem(str(SOURCES_DIR / doc.file), line, f"document {doc.id}: not UTF-8 text: byte 0x{data[err.start]:02x} at line {line}, column {column}")

    term_files = sorted((root / TERMS_DIR).glob("*.yaml"))
    if not term_files:
        cur.problem(str(TERMS_DIR), 0, "no term files (*.yaml): every claim would name an unknown term")
    for path in term_files:
        rel = str(path.relative_to(root))
        raw = _read(cur, path)
        if raw is EMPTY:
            cur.problem(rel, 1, "the file is empty or holds only comments: expected a list of terms (remove the file if its terms moved)")
        elif raw is not None:
            terms = _list_of(cur, raw, Term, rel, "term")
            if isinstance(raw, LineList) and not raw:
                cur.problem(rel, raw.line or 1, "the list of terms is empty (remove the file if its terms moved)")
            cur.terms.extend(terms)

    claim_files = {path.stem: path for path in sorted((root / CLAIMS_DIR).glob("*.yaml"))}
    for loc in cur.documents:
        if loc.item.id not in claim_files:
            cur.problem(
                loc.file,
                loc.line,
                f"document {loc.item.id}: no claims file {CLAIMS_DIR}/{loc.item.id}.yaml "
                "(every document's claims are curated, or the document leaves the corpus)",
            )
    for path in claim_files.values():
        _read_claims(cur, root, path)

    if (root / MAPPINGS_FILE).exists():
        raw = _read(cur, root / MAPPINGS_FILE)
        if raw is EMPTY:
            cur.problem(str(MAPPINGS_FILE), 1, "the file is empty or holds only comments: expected a list of mappings (or remove the file)")
        elif raw is not None:
            cur.mappings = _list_of(cur, raw, CuratorMapping, str(MAPPINGS_FILE), "mapping")
    return cur


def _load_schema(cur: Curation, raw: Any) -> None:
    """Validate the schema entry by entry (see :class:`SchemaEntries`), then as a whole."""
    file = str(SCHEMA_FILE)
    if not isinstance(raw, LineDict):
        cur.schema = _validate(cur, Schema, raw, file)
        return
    entries = SchemaEntries(
        file,
        raw,
        categories=_entries(cur, raw, "categories", Category, "category"),
        stances=_entries(cur, raw, "stances", Stance, "stance"),
        evidence=_entries(cur, raw, "evidence", Evidence, "evidence"),
        relations=_entries(cur, raw, "relations", Relation, "relation"),
        data_relations=_entries(cur, raw, "data_relations", DataRelation, "data relation"),
    )
    lists = {key: [loc.item for loc in getattr(entries, key)] for key in SchemaEntries.LISTS if isinstance(raw.get(key), LineList)}
    try:
        cur.schema = Schema.model_validate({**to_plain(raw), **lists})
    except ValidationError as err:
        # a list its broken entries left short (or empty) was reported entry by entry already
        short = frozenset(key for key, items in lists.items() if len(items) < len(raw[key]))
        _report(cur, err, raw, file, skip=short)
        return
    cur.schema_entries = entries


def _entries(cur: Curation, raw: LineDict, key: str, model: type[M], what: str) -> list[Located[M]]:
    """The valid entries of the schema's list ``key``; a list that is no list is Schema's to report."""
    value = raw.get(key)
    return _list_of(cur, value, model, str(SCHEMA_FILE), what) if isinstance(value, LineList) else []


#: The keys of a claims file.
CLAIMS_FILE_KEYS = ("document", "claims")


def _read_claims(cur: Curation, root: Path, path: Path) -> None:
    rel = str(path.relative_to(root))
    raw = _read(cur, path)
    if raw is None:
        return
    if raw is EMPTY:
        cur.problem(
            rel, 1, "the file is empty or holds only comments: expected `document` and a list of `claims` (a document's claims are never dropped silently)"
        )
        return
    if not isinstance(raw, LineDict) or not isinstance(raw.get("claims"), LineList):
        cur.problem(rel, getattr(raw, "line", 1), "expected a mapping with `document` and a list of `claims`")
        return
    for key in raw:
        if key not in CLAIMS_FILE_KEYS:
            import difflib

            near = difflib.get_close_matches(str(key), CLAIMS_FILE_KEYS, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            cur.problem(rel, raw.key_lines.get(key, 1), f"unknown key {key!r} in a claims file (it takes {', '.join(CLAIMS_FILE_KEYS)}){hint}")
    document = raw.get("document")
    if not isinstance(document, str):
        cur.problem(rel, raw.line, "`document` must name a document ID")
        return
    if path.stem != document:
        cur.problem(rel, raw.key_lines.get("document", 1), f"claims of {document} must be in claims/{document}.yaml")
    if not raw["claims"]:
        cur.problem(rel, raw.key_lines.get("claims", 1), f"the list of claims of {document} is empty")
    for loc in _list_of(cur, raw["claims"], Claim, rel, "claim"):
        cur.claims.append(LocatedClaim(loc.item, document, rel, loc.line))
