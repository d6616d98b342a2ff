"""Typed models of the curation sources. Curated input is validated here before any triple exists.

The models check the shape of each record (fields, types, ID syntax). Checks that need the whole
curation at once (unknown terms, duplicates, domain and range, cycles, quotes) live in
:mod:`spinekg.curation.checks`, one module per concern.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

TermId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Za-z0-9]*$")]
PropertyId = Annotated[str, StringConstraints(pattern=r"^[a-z][A-Za-z0-9]*$")]
DocumentId = Annotated[str, StringConstraints(pattern=r"^D[0-9]{3}$")]
ClaimId = Annotated[str, StringConstraints(pattern=r"^D[0-9]{3}-[0-9]{3}$")]
Curie = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*:[^\s:][^\s]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- corpus -----------------------------------------------------------------------------------

SourceKind = Literal[
    "clinic_web_page",
    "medical_portal_article",
    "blog_post",
    "aggregated_translation",
    "physical_therapist_web_page",
]


class Document(_Model):
    """One source text of the corpus (``ontology/sources/documents.yaml``)."""

    id: DocumentId
    file: Text
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    title: Text
    author: Text | None = None
    publisher: Text | None = None
    date: Text | None = None
    date_kind: Literal["published", "modified", "reviewed"] | None = None
    kind: SourceKind
    note: Text | None = None

    @model_validator(mode="after")
    def _date_kind_with_date(self) -> Document:
        if (self.date is None) != (self.date_kind is None):
            raise ValueError("date and date_kind go together: give both or neither")
        return self


# --- schema -----------------------------------------------------------------------------------


class Synonyms(_Model):
    """Synonyms by scope (oboInOwl exact and related synonyms)."""

    exact: list[Text] = Field(default_factory=list)
    related: list[Text] = Field(default_factory=list)


class Mappings(_Model):
    """SKOS mappings to external vocabularies, as CURIEs."""

    exact: list[Curie] = Field(default_factory=list)
    close: list[Curie] = Field(default_factory=list)
    broad: list[Curie] = Field(default_factory=list)
    narrow: list[Curie] = Field(default_factory=list)


class OntologyHeader(_Model):
    iri: Text
    version: Annotated[str, StringConstraints(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")]
    title: Text
    description: Text
    license: Text
    creators: list[Text] = Field(min_length=1)
    comment: Text | None = None


class Category(_Model):
    """A schema category: a top-level class of the is-a hierarchy."""

    id: TermId
    label: Text
    parent: TermId | None = None
    definition: Text
    synonyms: Synonyms = Synonyms()
    mappings: Mappings = Mappings()


class Relation(_Model):
    """An object property between terms."""

    id: PropertyId
    label: Text
    definition: Text
    domain: list[TermId] = Field(min_length=1)
    range: list[TermId] = Field(min_length=1)
    stances: list[TermId] = Field(default_factory=list)
    negation: PropertyId | None = None
    inverse: PropertyId | None = None
    curated: bool = True
    mappings: Mappings = Mappings()


class DataRelation(_Model):
    """A property from a term to a literal value stated by a source."""

    id: PropertyId
    label: Text
    definition: Text
    domain: list[TermId] = Field(min_length=1)
    stances: list[TermId] = Field(min_length=1)


class Stance(_Model):
    """How a source stands on a claim, and so how the relation graph states it (``edge``): with
    the claim's own predicate, with the relation's negation (advice against a treatment), or as a
    claim node with no edge at all (mixed evidence, no effect)."""

    id: TermId
    label: Text
    definition: Text
    edge: Literal["predicate", "negation", "none"] = "predicate"


class Evidence(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^ECO:[0-9]{7}$")]
    label: Text
    use: Text


class Schema(_Model):
    """The whole of ``ontology/curation/schema.yaml``."""

    ontology: OntologyHeader
    prefixes: dict[str, Text]
    categories: list[Category] = Field(min_length=1)
    disjoint: list[list[TermId]] = Field(default_factory=list)
    stances: list[Stance] = Field(min_length=1)
    evidence: list[Evidence] = Field(min_length=1)
    relations: list[Relation] = Field(min_length=1)
    data_relations: list[DataRelation] = Field(default_factory=list)


# --- terms ------------------------------------------------------------------------------------


class QuoteRef(_Model):
    """A verbatim passage of one source document (the build finds its offsets)."""

    document: DocumentId
    quote: Text
    occurrence: Annotated[int, Field(ge=1)] | None = None


class Term(_Model):
    """A domain term: an OWL class under one category (``ontology/curation/terms/*.yaml``)."""

    id: TermId
    label: Text
    is_a: list[TermId] = Field(min_length=1)
    definition: Text
    definition_source: QuoteRef | None = None
    synonyms: Synonyms = Synonyms()
    xrefs: list[Curie] = Field(default_factory=list)
    comment: Text | None = None

    @field_validator("label")
    @classmethod
    def _label_is_tidy(cls, v: str) -> str:
        if "  " in v or v != v.strip():
            raise ValueError("label has stray whitespace")
        return v


# --- claims -----------------------------------------------------------------------------------


class Quote(_Model):
    """A quote with an explicit occurrence, for passages a document repeats word for word."""

    text: Text
    occurrence: Annotated[int, Field(ge=1)]


class Regimen(_Model):
    """A dose regimen (or an exercise's hold time and repetitions) in the source's own words.

    ``amount`` must appear in the claim's quote; ``limit`` marks "up to" (maximum) or "at least"
    (minimum) amounts.
    """

    amount: Annotated[str, StringConstraints(pattern=r"^[0-9]+([.,][0-9]+)?(\s*[-–]\s*[0-9]+([.,][0-9]+)?)?$")]
    unit: Text
    limit: Literal["maximum", "minimum"] | None = None
    route: Text | None = None
    frequency: Text | None = None
    timing: Text | None = None
    duration: Text | None = None
    repetitions: Text | None = None


class Qualifiers(_Model):
    """What the source says about when, for whom, how often or how urgently a claim holds.

    A field's metadata says what kind of qualifier it is: ``category`` for a term that must fall
    under that category, ``quoted`` for the source's own words, which must occur in the claim's
    quotes. :data:`TERM_QUALIFIERS` and :data:`TEXT_QUALIFIERS` are read from it.
    """

    phase: TermId | list[TermId] | None = Field(default=None, json_schema_extra={"category": "DiseasePhase"})
    population: TermId | list[TermId] | None = Field(default=None, json_schema_extra={"category": "PatientGroup"})
    urgency: Text | None = Field(default=None, json_schema_extra={"quoted": True})
    circumstance: Text | None = Field(default=None, json_schema_extra={"quoted": True})
    proportion: Text | None = Field(default=None, json_schema_extra={"quoted": True})
    threshold: Text | None = Field(default=None, json_schema_extra={"quoted": True})
    measure: Text | None = Field(default=None, json_schema_extra={"quoted": True})
    line_of_therapy: Literal["first", "second", "third"] | None = None
    indication: Literal["absolute", "relative"] | None = None
    #: The claim holds for some, many or most members of its subject class, not for every one (as
    #: the source's word says: "many tools can ... bring harm"): the inference rules do not pass it
    #: down to subclasses. The word must be one of the claim's quotes.
    scope: Literal["some", "many", "most", "several", "few", "certain"] | None = Field(default=None, json_schema_extra={"quoted_word": True})
    #: The source's hedge: the word with which it says the relation is possible, or how often it
    #: holds ("NSAIDs may cause ...", "often", "sometimes"), as the claim's quotes hold it. Unlike a
    #: scope it says nothing about which members: a hedged claim states its plain triple and is
    #: inherited, and each derivation carries the hedge ("ibuprofen may cause ...", not "causes").
    hedge: (
        Literal[
            "may",
            "can",
            "might",
            "could",
            "possibly",
            "likely",
            "potential",
            "risk",
            "often",
            "sometimes",
            "usually",
            "commonly",
            "frequently",
            "rarely",
            "occasionally",
        ]
        | None
    ) = Field(default=None, json_schema_extra={"quoted_word": True})

    def values(self, name: str) -> list[str]:
        """The values of qualifier ``name`` as a list (a term qualifier may hold one or several)."""
        return _as_list(getattr(self, name))


def _meta(name: str) -> dict[str, object]:
    extra = Qualifiers.model_fields[name].json_schema_extra
    return dict(extra) if isinstance(extra, dict) else {}


#: Qualifiers whose values are terms, each with the category its terms must fall under.
TERM_QUALIFIERS: dict[str, str] = {name: str(_meta(name)["category"]) for name in Qualifiers.model_fields if "category" in _meta(name)}
#: Qualifiers given in the source's own words: each must occur in the claim's quotes.
TEXT_QUALIFIERS: tuple[str, ...] = tuple(name for name in Qualifiers.model_fields if _meta(name).get("quoted"))
#: Qualifiers whose value is a word the claim's quotes must hold as a word ("many", not "Germany").
WORD_QUALIFIERS: tuple[str, ...] = tuple(name for name in Qualifiers.model_fields if _meta(name).get("quoted_word"))


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def rdf_property(field: str) -> str:
    """The local name of the RDF property a model field becomes (``line_of_therapy`` ->
    ``lineOfTherapy``): the one naming rule the compiler, the SHACL shapes and the exports share."""
    head, *rest = field.split("_")
    return head + "".join(word.title() for word in rest)


#: Every qualifier field, with the local name of the RDF property it becomes on a claim node.
QUALIFIER_PROPERTIES: dict[str, str] = {name: rdf_property(name) for name in Qualifiers.model_fields}
#: Every dose-regimen field; each is an RDF property of the same name on the regimen node.
REGIMEN_FIELDS: tuple[str, ...] = tuple(Regimen.model_fields)


class Claim(_Model):
    """One assertion of one source document.

    ``object`` may list several terms: the claim then stands for one claim per object, with IDs
    ``<id>.<ObjectId>`` (stable however the list is reordered). ``quote`` may list several passages
    of the same document; each is verified and located.
    """

    id: ClaimId
    subject: TermId
    predicate: PropertyId
    object: TermId | list[TermId] | None = None
    value: Text | None = None
    stance: TermId = "Reported"
    evidence: Annotated[str, StringConstraints(pattern=r"^ECO:[0-9]{7}$")] = "ECO:0000303"
    quote: Text | Quote | list[Text | Quote]
    qualifiers: Qualifiers = Qualifiers()
    regimen: Regimen | None = None
    comment: Text | None = None

    @model_validator(mode="after")
    def _one_kind_of_object(self) -> Claim:
        given = [name for name in ("object", "value", "regimen") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"a claim has exactly one of object, value or regimen (got {given or 'none'})")
        if isinstance(self.object, list) and (not self.object or len(set(self.object)) != len(self.object)):
            raise ValueError("object list is empty or names a term twice")
        if isinstance(self.quote, list) and not self.quote:
            raise ValueError("quote list is empty")
        return self

    @property
    def objects(self) -> list[str]:
        if self.object is None:
            return []
        return [self.object] if isinstance(self.object, str) else list(self.object)

    @property
    def quotes(self) -> list[tuple[str, int | None]]:
        """Each quoted passage as ``(text, occurrence)``; occurrence is None unless pinned."""
        items = self.quote if isinstance(self.quote, list) else [self.quote]
        return [(q.text, q.occurrence) if isinstance(q, Quote) else (q, None) for q in items]


class CuratorMapping(_Model):
    """A statement from a curator's terminology knowledge, not from a source text.

    Allowed for terminology only (a brand product's active ingredient). It carries evidence
    ECO:0000305 (curator inference used in manual assertion) and is marked ``SKG:curatorMapping``.
    """

    id: Annotated[str, StringConstraints(pattern=r"^CUR-[0-9]{3}$")]
    subject: TermId
    predicate: Literal["hasActiveIngredient"]
    object: TermId
    comment: Text
