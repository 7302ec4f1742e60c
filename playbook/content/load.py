"""Load and validate ``docs/data/``: every problem is a :class:`~playbook.errors.Problem` with
the file and line a manager has to fix.

Layout::

    docs/data/kpis.yml            owner, review_by, intro, kpis: [...]
    docs/data/stages.yml          owner, review_by, intro, stages: [...]
    docs/data/glossary.yml        owner, review_by, intro, terms: [...]
    docs/data/talk-tracks/*.yml   one talk track per file (owner, review_by, id, title, …)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import calculators
from calculators.errors import AmbiguousInput, InputError
from calculators.formula import FormulaError, parse
from calculators.messages import t
from calculators.money import parse_quantity, parse_rate, plain_str, quantize_rate
from playbook.content import messages as _messages  # noqa: F401  (registers the catalog)
from playbook.content.messages import KIND_NAMES
from playbook.content.model import (
    KPI,
    Content,
    GlossaryTerm,
    Objection,
    Source,
    Stage,
    Step,
    TalkTrack,
    Threshold,
)
from playbook.errors import Problem
from playbook.yamlsrc import Path_, YamlSourceError, key_lines, load_with_lines

__all__ = ["DATA_DIR", "load_content"]

DATA_DIR = "data"
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
UNITS = ("number", "percent", "money", "days", "ratio", "count")


class _Reader:
    """Typed access to one YAML mapping that records problems instead of raising."""

    def __init__(
        self, data: object, at: Path_, doc: _Document, allowed: Iterable[str] | None = None
    ) -> None:
        self.doc = doc
        self.at = at
        self.data: Mapping[str, Any] = data if isinstance(data, Mapping) else {}
        if not isinstance(data, Mapping):
            doc.problem(at, "content.not_mapping", got=type(data).__name__)
        elif allowed is not None:
            allowed = sorted(allowed)
            for key in data:
                if key not in allowed:
                    doc.problem(
                        (*at, str(key)), "content.unknown_key", key=key, allowed=", ".join(allowed)
                    )

    def line(self, key: str | None = None) -> int:
        return self.doc.line((*self.at, key) if key else self.at)

    def raw(self, key: str, required: bool) -> Any:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.doc.problem(self.at, "content.missing", key=key)
            return None
        return value

    def text(self, key: str, required: bool = True) -> str:
        value = self.raw(key, required)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            self.doc.problem((*self.at, key), "content.not_text", key=key)
            return ""
        return str(value).strip()

    def ident(self, key: str = "id") -> str:
        value = self.text(key)
        if value and not _ID.match(value):
            self.doc.problem((*self.at, key), "content.bad_id", key=key, value=value)
        return value

    def texts(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self.raw(key, required)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),)
        if not isinstance(value, list):
            self.doc.problem((*self.at, key), "content.not_list", key=key)
            return ()
        out = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.doc.problem((*self.at, key, index), "content.not_text", key=key)
            else:
                out.append(str(item).strip())
        return tuple(out)

    def items(self, key: str, required: bool = True) -> list[tuple[Path_, Any]]:
        value = self.raw(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.doc.problem((*self.at, key), "content.not_list", key=key)
            return []
        return [((*self.at, key, index), item) for index, item in enumerate(value)]

    def quantity(self, key: str, required: bool = True) -> Decimal | None:
        value = self.raw(key, required)
        if value is None:
            return None
        try:
            return parse_quantity(value, key)
        except InputError:
            self.doc.problem((*self.at, key), "content.bad_number", key=key, value=value)
            return None

    def rate(self, key: str, required: bool = True) -> Decimal | None:
        """A percentage by the calculators' one grammar: 5% and 5 are 5%; 0.05 is asked about."""
        value = self.raw(key, required)
        if value is None:
            return None
        try:
            return parse_rate(value, key)
        except AmbiguousInput as error:
            percent, literal = error.options
            self.doc.problem(
                (*self.at, key),
                "content.ambiguous_rate",
                key=key,
                value=error.typed,
                percent=percent,
                literal=literal,
            )
        except InputError:
            self.doc.problem((*self.at, key), "content.bad_number", key=key, value=value)
        return None

    def number(self, key: str, percent: bool, required: bool = True) -> Decimal | None:
        """A percentage (:meth:`rate`) when ``percent``, else an amount or quantity."""
        return self.rate(key, required) if percent else self.quantity(key, required)

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value = self.raw(key, default is None)
        if value is None:
            return default or ""
        if value not in choices:
            self.doc.problem(
                (*self.at, key),
                "content.bad_choice",
                key=key,
                choices="/".join(choices),
                value=value,
            )
            return default or choices[0]
        return str(value)

    def date(self, key: str) -> dt.date:
        value = self.raw(key, True)
        if value is None:
            return dt.date.max
        if not isinstance(value, dt.date):
            self.doc.problem((*self.at, key), "content.bad_date", key=key, value=value)
            return dt.date.max
        return value

    def source(self) -> Source:
        return Source(self.doc.shown, self.line())


class _Document:
    def __init__(self, shown: str, lines: dict[Path_, int], lang: str) -> None:
        self.shown = shown
        self.lines = lines
        self.lang = lang
        self.problems: list[Problem] = []

    def line(self, at: Path_) -> int:
        while at and at not in self.lines:
            at = at[:-1]
        return self.lines.get(at, 1)

    def problem(self, at: Path_, message: str, /, **params: object) -> None:
        self.problems.append(Problem(self.shown, self.line(at), t(message, self.lang, **params)))


def _kind(kind: str, lang: str) -> str:
    zh, en = KIND_NAMES[kind]
    return en if lang == "en" else zh


def _read_file(path: Path, root: Path, lang: str) -> tuple[Any, _Document]:
    try:
        shown = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = str(path)
    try:
        data, node = load_with_lines(path.read_text("utf-8-sig"))
    except YamlSourceError as exc:
        doc = _Document(shown, {}, lang)
        doc.problems.append(
            Problem(
                shown,
                exc.line,
                t("content.yaml", lang, detail=str(exc).removeprefix("invalid YAML: ")),
            )
        )
        return None, doc
    return data, _Document(shown, key_lines(node), lang)


def _thresholds(reader: _Reader, percent: bool) -> Threshold | None:
    raw = reader.raw("thresholds", False)
    if raw is None:
        return None
    sub = _Reader(raw, (*reader.at, "thresholds"), reader.doc, ("green", "amber"))
    green, amber = sub.number("green", percent), sub.number("amber", percent)
    if green is None or amber is None:
        return None
    return Threshold(green=green, amber=amber)


def _load_kpi(at: Path_, raw: object, doc: _Document) -> KPI | None:
    r = _Reader(
        raw,
        at,
        doc,
        (
            "id",
            "name",
            "name_en",
            "definition",
            "formula",
            "unit",
            "direction",
            "frequency",
            "owner",
            "data_source",
            "thresholds",
            "related",
            "example",
            "note",
        ),
    )
    example = _Reader(r.raw("example", True) or {}, (*at, "example"), doc, ("values", "result"))
    values_raw = example.raw("values", True) or {}
    values: dict[str, Decimal] = {}
    written: dict[str, str] = {}
    if isinstance(values_raw, Mapping):
        for name, value in values_raw.items():
            try:
                values[str(name)] = parse_quantity(value, str(name))
                written[str(name)] = str(value)
            except InputError:
                doc.problem(
                    (*at, "example", "values", str(name)),
                    "content.bad_number",
                    key=name,
                    value=value,
                )
    else:
        doc.problem(
            (*at, "example", "values"), "content.not_mapping", got=type(values_raw).__name__
        )
    unit = r.choice("unit", UNITS)
    percent = unit == "percent"
    kpi = KPI(
        id=r.ident(),
        name=r.text("name"),
        name_en=r.text("name_en", required=False),
        definition=r.text("definition"),
        formula=r.text("formula"),
        unit=unit,
        direction=r.choice("direction", ("higher", "lower")),
        frequency=r.text("frequency"),
        owner=r.text("owner"),
        data_source=r.text("data_source"),
        thresholds=_thresholds(r, percent),
        related=r.texts("related"),
        example_values=values,
        example_result=example.number("result", percent) or Decimal(0),
        example_inputs=written,
        source=r.source(),
        note=r.text("note", required=False),
    )
    _check_kpi_formula(kpi, at, doc)
    return kpi


def _check_kpi_formula(kpi: KPI, at: Path_, doc: _Document) -> None:
    lang = doc.lang
    if not kpi.formula:
        return
    try:
        formula = parse(kpi.formula)
    except FormulaError as error:
        detail = t(error.key, lang, **error.params)
        doc.problem((*at, "formula"), "content.formula", id=kpi.id, detail=detail)
        return
    for name in formula.names:
        if name not in kpi.example_values:
            doc.problem((*at, "example", "values"), "content.example_missing", id=kpi.id, name=name)
            return
    for name in kpi.example_values:
        if name not in formula.names:
            doc.problem(
                (*at, "example", "values", name), "content.example_extra", id=kpi.id, name=name
            )
            return
    try:
        got = formula.evaluate(kpi.example_values)
    except FormulaError as error:
        detail = t(error.key, lang, **error.params)
        doc.problem((*at, "example"), "content.example_error", id=kpi.id, detail=detail)
        return
    # The example states its result to the precision its author wrote: compare at that scale.
    expected = kpi.example_result
    places = max(0, -expected.as_tuple().exponent)  # type: ignore[operator]
    if quantize_rate(got).quantize(Decimal(1).scaleb(-places)) != expected.quantize(
        Decimal(1).scaleb(-places)
    ):
        doc.problem(
            (*at, "example", "result"),
            "content.example_mismatch",
            id=kpi.id,
            got=plain_str(quantize_rate(got)),
            expected=plain_str(expected),
        )
    if kpi.thresholds is not None:
        higher = kpi.direction == "higher"
        ok = (
            kpi.thresholds.green >= kpi.thresholds.amber
            if higher
            else (kpi.thresholds.green <= kpi.thresholds.amber)
        )
        if not ok:
            direction = (
                ("越高越好" if higher else "越低越好")
                if lang == "zh"
                else ("higher-is-better" if higher else "lower-is-better")
            )
            relation = (
                ("不低于" if higher else "不高于") if lang == "zh" else ("≥" if higher else "≤")
            )
            doc.problem(
                (*at, "thresholds"),
                "content.threshold_order",
                id=kpi.id,
                direction=direction,
                relation=relation,
            )


def _load_stage(at: Path_, raw: object, doc: _Document) -> Stage:
    r = _Reader(
        raw,
        at,
        doc,
        (
            "id",
            "name",
            "order",
            "goal",
            "owner",
            "sla",
            "entry",
            "exit",
            "artifacts",
            "kpis",
            "talk_tracks",
            "win_probability",
            "description",
        ),
    )
    order = r.quantity("order")
    probability = r.rate("win_probability")
    return Stage(
        id=r.ident(),
        name=r.text("name"),
        order=int(order) if order is not None else 0,
        goal=r.text("goal"),
        owner=r.text("owner"),
        sla=r.text("sla"),
        entry=r.texts("entry", required=True),
        exit=r.texts("exit", required=True),
        artifacts=r.texts("artifacts"),
        kpis=r.texts("kpis"),
        talk_tracks=r.texts("talk_tracks"),
        win_probability=probability if probability is not None else Decimal(0),
        source=r.source(),
        description=r.text("description", required=False),
    )


def _load_track(data: object, doc: _Document) -> TalkTrack:
    r = _Reader(
        data,
        (),
        doc,
        (
            "id",
            "title",
            "scenario",
            "stage",
            "goal",
            "steps",
            "objections",
            "owner",
            "review_by",
            "calculators",
            "tips",
        ),
    )
    track_id = r.ident()
    stage = r.text("stage")
    steps = []
    for at, raw in r.items("steps"):
        s = _Reader(raw, at, doc, ("title", "say", "ask", "listen"))
        steps.append(
            Step(
                say=s.text("say"),
                ask=s.text("ask", False),
                listen=s.text("listen", False),
                title=s.text("title", False),
            )
        )
    objections = []
    for at, raw in r.items("objections", required=False):
        o = _Reader(raw, at, doc, ("id", "objection", "clarify", "responses", "proof", "next_step"))
        objections.append(
            Objection(
                id=o.ident(),
                objection=o.text("objection"),
                clarify=o.text("clarify"),
                responses=o.texts("responses", required=True),
                proof=o.text("proof"),
                next_step=o.text("next_step"),
                track=track_id,
                stage=stage,
                source=o.source(),
            )
        )
    return TalkTrack(
        id=track_id,
        title=r.text("title"),
        scenario=r.text("scenario"),
        stage=stage,
        goal=r.text("goal"),
        steps=tuple(steps),
        objections=tuple(objections),
        owner=r.text("owner"),
        review_by=r.date("review_by"),
        source=Source(doc.shown, 1),
        calculators=r.texts("calculators"),
        tips=r.texts("tips"),
    )


def _load_term(at: Path_, raw: object, doc: _Document) -> GlossaryTerm:
    r = _Reader(raw, at, doc, ("term", "aliases", "definition", "link"))
    return GlossaryTerm(
        term=r.text("term"),
        aliases=r.texts("aliases"),
        definition=r.text("definition"),
        link=r.text("link", False),
        source=r.source(),
    )


def _collection(
    path: Path, root: Path, lang: str, key: str
) -> tuple[list[tuple[Path_, Any]], _Document, dict[str, Any]]:
    data, doc = _read_file(path, root, lang)
    if data is None and doc.problems:
        return [], doc, {}
    r = _Reader(data, (), doc, ("owner", "review_by", "intro", key))
    meta = {
        "owner": r.text("owner"),
        "review_by": r.date("review_by"),
        "intro": r.text("intro", False),
        "path": doc.shown,
    }
    return r.items(key), doc, meta


def load_content(docs_dir: Path, root: Path, lang: str = "zh") -> tuple[Content, list[Problem]]:
    """Read every data file under ``docs_dir/data`` and check references between them."""
    content = Content()
    problems: list[Problem] = []
    data_dir = docs_dir / DATA_DIR
    seen: dict[tuple[str, str], Source] = {}

    def unique(kind: str, ident: str, source: Source, doc: _Document, at: Path_) -> bool:
        if not ident:
            return False
        if (kind, ident) in seen:
            doc.problem(
                (*at, "id") if kind != "term" else (*at, "term"),
                "content.duplicate",
                kind=_kind(kind, lang),
                id=ident,
                other=str(seen[(kind, ident)]),
            )
            return False
        seen[(kind, ident)] = source
        return True

    files = {name: data_dir / f"{name}.yml" for name in ("kpis", "stages", "glossary")}
    docs: list[_Document] = []
    if files["kpis"].is_file():
        items, doc, meta = _collection(files["kpis"], root, lang, "kpis")
        content.meta["kpis"] = meta
        for at, raw in items:
            kpi = _load_kpi(at, raw, doc)
            if kpi and unique("kpi", kpi.id, kpi.source, doc, at):
                content.kpis[kpi.id] = kpi
        docs.append(doc)
    if files["stages"].is_file():
        items, doc, meta = _collection(files["stages"], root, lang, "stages")
        content.meta["stages"] = meta
        orders: dict[int, str] = {}
        for at, raw in items:
            stage = _load_stage(at, raw, doc)
            if unique("stage", stage.id, stage.source, doc, at):
                content.stages[stage.id] = stage
                if stage.order in orders:
                    doc.problem(
                        (*at, "order"),
                        "content.stage_order",
                        id=stage.id,
                        order=stage.order,
                        other=orders[stage.order],
                    )
                orders[stage.order] = stage.id
        docs.append(doc)
    for path in sorted((data_dir / "talk-tracks").glob("*.yml")):
        data, doc = _read_file(path, root, lang)
        if data is not None:
            track = _load_track(data, doc)
            if unique("talk_track", track.id, track.source, doc, ()):
                content.talk_tracks[track.id] = track
            for index, objection in enumerate(track.objections):
                unique("objection", objection.id, objection.source, doc, ("objections", index))
        docs.append(doc)
    if files["glossary"].is_file():
        items, doc, meta = _collection(files["glossary"], root, lang, "terms")
        content.meta["glossary"] = meta
        for at, raw in items:
            term = _load_term(at, raw, doc)
            for spelling in term.spellings():
                if not unique("term", spelling, term.source, doc, at):
                    break
            else:
                content.glossary.append(term)
        docs.append(doc)
    for doc in docs:
        problems += doc.problems
    problems += _check_references(content, lang)
    return content, problems


def _check_references(content: Content, lang: str) -> list[Problem]:
    problems: list[Problem] = []

    def check(kind: str, ids: Iterable[str], known: Mapping[str, object], where: Source) -> None:
        for ident in ids:
            if ident not in known:
                problems.append(
                    Problem(
                        where.path,
                        where.line,
                        t(
                            "content.unknown_ref",
                            lang,
                            kind=_kind(kind, lang),
                            id=ident,
                            known=", ".join(sorted(known)) or "—",
                        ),
                    )
                )

    for kpi in content.kpis.values():
        check("kpi", kpi.related, content.kpis, kpi.source)
    for stage in content.stages.values():
        check("kpi", stage.kpis, content.kpis, stage.source)
        check("talk_track", stage.talk_tracks, content.talk_tracks, stage.source)
    for track in content.talk_tracks.values():
        if content.stages:
            check("stage", [track.stage], content.stages, track.source)
        check("calculator", track.calculators, calculators.registry.REGISTRY, track.source)
    return problems
