"""The playbook's structured content: KPIs, stages, talk tracks and the glossary.

Managers keep these as YAML under ``docs/data/``; :mod:`playbook.content.load` reads and
validates them (every problem carries ``file:line``) and the renderers turn them into pages.
Each item remembers where it was defined so cross-reference errors point at the right line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = [
    "KPI",
    "Content",
    "GlossaryTerm",
    "Objection",
    "Source",
    "Stage",
    "Step",
    "TalkTrack",
    "Threshold",
]


@dataclass(frozen=True)
class Source:
    """Where an item came from: file (relative to the project) and 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Threshold:
    """Traffic-light bands. For higher-is-better: ≥ green is green, ≥ amber is amber, else red."""

    green: Decimal
    amber: Decimal


@dataclass(frozen=True)
class KPI:
    id: str
    name: str
    name_en: str
    definition: str
    formula: str
    unit: str  # number | percent | money | days | ratio | count
    direction: str  # higher | lower
    frequency: str
    owner: str
    data_source: str
    thresholds: Threshold | None
    related: tuple[str, ...]
    example_values: dict[str, Decimal]
    example_result: Decimal
    example_inputs: dict[str, str]  # as written, for the live calculator's defaults
    source: Source
    note: str = ""
    #: False when the formula or its worked example has a problem (reported at the data file):
    #: the dictionary then shows the KPI without its live calculator.
    live: bool = True

    def percent_variables(self) -> list[str]:
        """Formula variables whose worked example is written as a percentage (毛利率: 40%):
        the live calculator reads what a rep types there as a percentage, like any rate."""
        return [k for k, v in self.example_inputs.items() if v.strip().endswith(("%", "％"))]


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    order: int
    goal: str
    owner: str
    sla: str
    entry: tuple[str, ...]
    exit: tuple[str, ...]
    artifacts: tuple[str, ...]
    kpis: tuple[str, ...]
    talk_tracks: tuple[str, ...]
    win_probability: Decimal
    source: Source
    description: str = ""
    #: ``lead`` (not yet an opportunity), ``open`` (weighted in the forecast) or ``won`` (after
    #: signature; a 100 % stage is won unless it says otherwise).
    forecast: str = "open"
    #: Working days an open opportunity may stay in this stage before it counts as stalled
    #: (停留上限, the stalled_rate KPI); ``None`` when the stage sets none.
    dwell_limit: int | None = None


@dataclass(frozen=True)
class Step:
    say: str
    ask: str = ""
    listen: str = ""
    title: str = ""


@dataclass(frozen=True)
class Objection:
    id: str
    objection: str
    clarify: str
    responses: tuple[str, ...]
    proof: str
    next_step: str
    track: str
    stage: str
    source: Source


@dataclass(frozen=True)
class TalkTrack:
    id: str
    title: str
    scenario: str
    stage: str
    goal: str
    steps: tuple[Step, ...]
    objections: tuple[Objection, ...]
    owner: str
    review_by: dt.date
    source: Source
    calculators: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    aliases: tuple[str, ...]
    definition: str
    link: str  # a page path (``kpis.md#kpi-aov``) or "" for the glossary entry itself
    source: Source

    @property
    def anchor(self) -> str:
        return "term-" + str(abs(hash_text(self.term)))

    def spellings(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


def hash_text(text: str) -> int:
    """A stable (not per-process) small hash for anchors of Chinese terms."""
    value = 0
    for ch in text:
        value = (value * 131 + ord(ch)) % 1_000_000_007
    return value


@dataclass(frozen=True)
class Variable:
    """A value written once in docs/data/variables.yml and used as ``{{id}}``."""

    id: str
    label: str
    value: str
    note: str = ""


@dataclass
class Content:
    """Everything loaded from ``docs/data/``, by id, in file order."""

    kpis: dict[str, KPI] = field(default_factory=dict)
    stages: dict[str, Stage] = field(default_factory=dict)
    talk_tracks: dict[str, TalkTrack] = field(default_factory=dict)
    glossary: list[GlossaryTerm] = field(default_factory=list)
    #: ``{{id}}`` → its value (docs/data/variables.yml), filled into the data files as read
    #: and into Markdown pages by the variables extension.
    variables: dict[str, Variable] = field(default_factory=dict)
    meta: dict[str, dict[str, object]] = field(default_factory=dict)  # per data file: owner …
    #: Kinds (kpi, stage, talk_track, term, variable) a data file of which could not be read at
    #: all: a reference to one of them, or a link into its pages, is not reported as well (the
    #: file's own error is the one thing to fix).
    unreadable: set[str] = field(default_factory=set)

    def objections(self) -> list[Objection]:
        return [o for track in self.talk_tracks.values() for o in track.objections]

    def stages_in_order(self) -> list[Stage]:
        return sorted(self.stages.values(), key=lambda s: (s.order, s.id))
