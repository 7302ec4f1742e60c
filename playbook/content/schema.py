"""The schema of ``docs/data/``: for each kind of record, its keys, declared once.

:mod:`playbook.content.reader` checks every YAML mapping against its :class:`Record`: a key
that is not declared is refused (``content.unknown_key``, listing the declared keys), a required
key that is missing or empty is reported (``content.missing``), a value is read by its
:class:`Key`'s kind (a ``choice`` outside its ``choices`` is ``content.bad_choice``). Checks
between records (duplicates, references, stage order, a KPI's formula against its worked
example) are explicit code in the loader.

Kinds of value:

``id``       text of ``a-z 0-9 _ -`` starting with a letter or digit
``text``     text (a number is read as text); surrounding white space is dropped
``texts``    a list of texts; a single text counts as a list of one
``number``   an amount or count in the calculators' grammar (``1,000``, ``20万``, ``1.5亿``)
``percent``  a percentage in the calculators' grammar (``5%`` and ``5`` are 5 %; ``0.05`` is
             asked about)
``measure``  a number in its KPI's unit: a ``percent`` when the unit is ``percent``, else a
             ``number``
``choice``   one of ``choices``
``date``     a date, ``YYYY-MM-DD``
``values``   a mapping of variable name → ``number`` (a KPI's worked example)
``record``   a mapping whose keys ``record`` declares
``records``  a list of such mappings
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "EXAMPLE",
    "GLOSSARY_FILE",
    "ID_PATTERN",
    "KINDS",
    "KPI",
    "KPIS_FILE",
    "OBJECTION",
    "RECORDS",
    "STAGE",
    "STAGES_FILE",
    "STEP",
    "TALK_TRACK",
    "TERM",
    "THRESHOLDS",
    "UNITS",
    "Key",
    "Record",
]

KINDS = (
    "id",
    "text",
    "texts",
    "number",
    "percent",
    "measure",
    "choice",
    "date",
    "values",
    "record",
    "records",
)
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
"""What an ``id`` may be: it becomes part of page paths and anchors."""
UNITS = ("number", "percent", "money", "days", "ratio", "count")
"""A KPI's unit: how its values are read (``percent``) and shown."""


@dataclass(frozen=True)
class Record:
    """One kind of YAML mapping and its keys."""

    name: str
    keys: tuple[Key, ...]

    def __getitem__(self, name: str) -> Key:
        for key in self.keys:
            if key.name == name:
                return key
        raise KeyError(f"{self.name} declares no key {name!r}")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys if key.required)


@dataclass(frozen=True)
class Key:
    """One key of a record: its kind of value (see the module's docstring), whether it must be
    there, and for a ``choice`` its choices, for a ``record``/``records`` the nested record."""

    name: str
    kind: str
    required: bool = True
    choices: tuple[str, ...] = ()
    record: Record | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: unknown kind {self.kind!r}")
        if (self.kind == "choice") != bool(self.choices):
            raise ValueError(f"{self.name}: choices go with kind 'choice', and only with it")
        if (self.kind in ("record", "records")) != (self.record is not None):
            raise ValueError(f"{self.name}: a nested record goes with kind 'record(s)' only")


# --- docs/data/kpis.yml -------------------------------------------------------------------

THRESHOLDS = Record(
    "thresholds",
    (Key("green", "measure"), Key("amber", "measure")),
)
EXAMPLE = Record(
    "example",
    (Key("values", "values"), Key("result", "measure")),
)
KPI = Record(
    "kpi",
    (
        Key("id", "id"),
        Key("name", "text"),
        Key("name_en", "text", required=False),
        Key("definition", "text"),
        Key("formula", "text"),
        Key("unit", "choice", choices=UNITS),
        Key("direction", "choice", choices=("higher", "lower")),
        Key("frequency", "text"),
        Key("owner", "text"),
        Key("data_source", "text"),
        Key("thresholds", "record", required=False, record=THRESHOLDS),
        Key("related", "texts", required=False),
        Key("example", "record", record=EXAMPLE),
        Key("note", "text", required=False),
    ),
)

# --- docs/data/stages.yml -----------------------------------------------------------------

STAGE = Record(
    "stage",
    (
        Key("id", "id"),
        Key("name", "text"),
        Key("order", "number"),
        Key("goal", "text"),
        Key("owner", "text"),
        Key("sla", "text"),
        # How many working days an open opportunity may stay in this stage before it counts as
        # stalled (商机停滞率): a whole number, only on stages the forecast weights (open).
        Key("dwell_limit", "number", required=False),
        Key("entry", "texts"),
        Key("exit", "texts"),
        Key("artifacts", "texts", required=False),
        Key("kpis", "texts", required=False),
        Key("talk_tracks", "texts", required=False),
        Key("win_probability", "percent"),
        # How the weighted forecast treats a deal in this stage: a lead (not yet an
        # opportunity), an open opportunity (weighted by win_probability), or already won.
        Key("forecast", "choice", required=False, choices=("lead", "open", "won")),
        Key("description", "text", required=False),
    ),
)

# --- docs/data/talk-tracks/*.yml ------------------------------------------------------------

STEP = Record(
    "step",
    (
        Key("title", "text", required=False),
        Key("say", "text"),
        Key("ask", "text", required=False),
        Key("listen", "text", required=False),
    ),
)
OBJECTION = Record(
    "objection",
    (
        Key("id", "id"),
        Key("objection", "text"),
        Key("clarify", "text"),
        Key("responses", "texts"),
        Key("proof", "text"),
        Key("next_step", "text"),
    ),
)
TALK_TRACK = Record(
    "talk_track",
    (
        Key("id", "id"),
        Key("title", "text"),
        Key("scenario", "text"),
        Key("stage", "text"),
        Key("goal", "text"),
        Key("steps", "records", record=STEP),
        Key("objections", "records", required=False, record=OBJECTION),
        Key("owner", "text"),
        Key("review_by", "date"),
        Key("calculators", "texts", required=False),
        Key("tips", "texts", required=False),
    ),
)

# --- docs/data/glossary.yml -----------------------------------------------------------------

TERM = Record(
    "term",
    (
        Key("term", "text"),
        Key("aliases", "texts", required=False),
        Key("definition", "text"),
        Key("link", "text", required=False),
    ),
)

# --- docs/data/variables.yml ----------------------------------------------------------------

VARIABLE = Record(
    "variable",
    (
        Key("id", "id"),
        Key("label", "text"),
        Key("value", "text"),
        Key("note", "text", required=False),
    ),
)


# --- the files that hold a list of records --------------------------------------------------


def _collection(name: str, key: str, record: Record) -> Record:
    return Record(
        name,
        (
            Key("owner", "text"),
            Key("review_by", "date"),
            Key("intro", "text", required=False),
            Key(key, "records", record=record),
        ),
    )


KPIS_FILE = _collection("kpis.yml", "kpis", KPI)
STAGES_FILE = _collection("stages.yml", "stages", STAGE)
GLOSSARY_FILE = _collection("glossary.yml", "terms", TERM)
VARIABLES_FILE = _collection("variables.yml", "variables", VARIABLE)

RECORDS: dict[str, Record] = {
    record.name: record
    for record in (
        KPIS_FILE,
        KPI,
        THRESHOLDS,
        EXAMPLE,
        STAGES_FILE,
        STAGE,
        TALK_TRACK,
        STEP,
        OBJECTION,
        GLOSSARY_FILE,
        TERM,
        VARIABLES_FILE,
        VARIABLE,
    )
}
"""Every kind of record, by name."""
