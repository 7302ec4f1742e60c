"""Load and validate ``docs/data/``: every problem is a :class:`~playbook.errors.Problem` with
the file and line a manager has to fix.

The keys of every record, their kinds and which are required are declared in
:mod:`playbook.content.schema` and checked by :mod:`playbook.content.reader`; what is here turns
the records into the model (:mod:`playbook.content.model`) and checks what no single record
can: duplicate ids, stage order, references between records, each KPI's formula against its
worked example.

Layout::

    docs/data/kpis.yml            owner, review_by, intro, kpis: [...]
    docs/data/stages.yml          owner, review_by, intro, stages: [...]
    docs/data/glossary.yml        owner, review_by, intro, terms: [...]
    docs/data/talk-tracks/*.yml   one talk track per file (owner, review_by, id, title, …)
    docs/data/variables.yml       owner, review_by, intro, variables: [...] — ``{{id}}`` in any
                                  text of the other files is its value (see
                                  :mod:`playbook.content.variables`)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import calculators
from calculators.formula import FormulaError, parse
from calculators.money import percent_text, plain_str, quantize_rate
from playbook.content import schema
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
from playbook.content.reader import Document, Reader, read_file
from playbook.content.schema import Record
from playbook.content.variables import (
    VARIABLES_FILE,
    Later,
    Variable,
    load_variables,
    stage_variables,
    substitute,
    tell_later,
)
from playbook.errors import Problem, place_list
from playbook.messages import hint, t
from playbook.yamlsrc import Path_, written

__all__ = ["DATA_DIR", "load_content"]

DATA_DIR = "data"


def _kind(kind: str, lang: str) -> str:
    return t(f"kind.{kind}", lang)


def _thresholds(reader: Reader, percent: bool) -> Threshold | None:
    sub: Reader | None = reader.get("thresholds")
    if sub is None:
        return None
    green, amber = sub.get("green", percent=percent), sub.get("amber", percent=percent)
    if green is None or amber is None:
        return None
    return Threshold(green=green, amber=amber)


def _load_kpi(at: Path_, raw: object, doc: Document) -> KPI | None:
    r = Reader(raw, at, doc, schema.KPI)
    example: Reader = r.get("example")
    values: dict[str, tuple[Decimal, str]] = example.get("values")
    unit: str = r.get("unit")
    percent = unit == "percent"
    kpi = KPI(
        id=r.get("id"),
        name=r.get("name"),
        name_en=r.get("name_en"),
        definition=r.get("definition"),
        formula=r.get("formula"),
        unit=unit,
        direction=r.get("direction"),
        frequency=r.get("frequency"),
        owner=r.get("owner"),
        data_source=r.get("data_source"),
        thresholds=_thresholds(r, percent),
        related=r.get("related"),
        example_values={name: value for name, (value, _) in values.items()},
        example_result=example.get("result", percent=percent) or Decimal(0),
        example_inputs={name: written for name, (_, written) in values.items()},
        source=r.source(),
        note=r.get("note"),
    )
    if not _check_kpi_formula(kpi, at, doc):
        # Reported once, here; the dictionary shows the KPI without a live calculator rather
        # than a second message about the same formula on the generated page.
        kpi = replace(kpi, live=False)
    return kpi


def _check_kpi_formula(kpi: KPI, at: Path_, doc: Document) -> bool:
    """Report what is wrong with the formula and its worked example; False when the formula
    cannot be computed on it (no live calculator then)."""
    lang = doc.lang
    if not kpi.formula:
        return False
    try:
        formula = parse(kpi.formula)
    except FormulaError as error:
        detail = t(error.key, lang, **error.params)
        doc.problem((*at, "formula"), "content.formula", id=kpi.id, detail=detail)
        return False
    for name in formula.names:
        if name not in kpi.example_values:
            doc.problem((*at, "example", "values"), "content.example_missing", id=kpi.id, name=name)
            return False
    for name in kpi.example_values:
        if name not in formula.names:
            doc.problem(
                (*at, "example", "values", name), "content.example_extra", id=kpi.id, name=name
            )
            return False
    try:
        got = formula.evaluate(kpi.example_values)
    except FormulaError as error:
        detail = t(error.key, lang, **error.params)
        doc.problem((*at, "example"), "content.example_error", id=kpi.id, detail=detail)
        return False
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
    return True


def _dwell_limit(r: Reader, name: str, forecast: str) -> int | None:
    """A stage's 停留上限: a whole number of working days above 0, and only on a stage whose
    deals are open opportunities (the stalled_rate KPI counts open opportunities only). A value
    that is no number at all (``15 个工作日``) is reported by the reader."""
    days: Decimal | None = r.get("dwell_limit")
    if days is None:
        return None
    at = (*r.at, "dwell_limit")
    if days <= 0 or days != days.to_integral_value():
        typed = written(r.data.get("dwell_limit"), r.doc.lang)
        r.doc.problem(at, "content.bad_dwell_limit", name=name, value=typed)
        return None
    if forecast != "open":
        r.doc.problem(at, "content.dwell_limit_not_open", name=name, forecast=forecast)
        return None
    return int(days)


def _load_stage(at: Path_, raw: object, doc: Document) -> Stage:
    r = Reader(raw, at, doc, schema.STAGE)
    order = r.get("order")
    probability = r.get("win_probability")
    name: str = r.get("name")
    forecast: str = r.get("forecast") or ("won" if probability == 1 else "open")
    return Stage(
        id=r.get("id"),
        name=name,
        order=int(order) if order is not None else 0,
        goal=r.get("goal"),
        owner=r.get("owner"),
        sla=r.get("sla"),
        entry=r.get("entry"),
        exit=r.get("exit"),
        artifacts=r.get("artifacts"),
        kpis=r.get("kpis"),
        talk_tracks=r.get("talk_tracks"),
        win_probability=probability if probability is not None else Decimal(0),
        forecast=forecast,
        dwell_limit=_dwell_limit(r, name, forecast),
        source=r.source(),
        description=r.get("description"),
    )


def _load_track(data: object, doc: Document) -> TalkTrack:
    r = Reader(data, (), doc, schema.TALK_TRACK)
    track_id: str = r.get("id")
    stage: str = r.get("stage")
    steps = []
    for at, raw in r.get("steps"):
        s = Reader(raw, at, doc, schema.STEP)
        steps.append(
            Step(say=s.get("say"), ask=s.get("ask"), listen=s.get("listen"), title=s.get("title"))
        )
    objections = []
    for at, raw in r.get("objections"):
        o = Reader(raw, at, doc, schema.OBJECTION)
        objections.append(
            Objection(
                id=o.get("id"),
                objection=o.get("objection"),
                clarify=o.get("clarify"),
                responses=o.get("responses"),
                proof=o.get("proof"),
                next_step=o.get("next_step"),
                track=track_id,
                stage=stage,
                source=o.source(),
            )
        )
    return TalkTrack(
        id=track_id,
        title=r.get("title"),
        scenario=r.get("scenario"),
        stage=stage,
        goal=r.get("goal"),
        steps=tuple(steps),
        objections=tuple(objections),
        owner=r.get("owner"),
        review_by=r.get("review_by"),
        source=Source(doc.shown, 1),
        calculators=r.get("calculators"),
        tips=r.get("tips"),
    )


def _load_term(at: Path_, raw: object, doc: Document) -> GlossaryTerm:
    r = Reader(raw, at, doc, schema.TERM)
    return GlossaryTerm(
        term=r.get("term"),
        aliases=r.get("aliases"),
        definition=r.get("definition"),
        link=r.get("link"),
        source=r.source(),
    )


def _read(
    path: Path,
    root: Path,
    lang: str,
    variables: Mapping[str, Variable] | None,
    later: Later | None = None,
) -> tuple[Any, Document]:
    """A data file as YAML, its variables filled in (an unknown one is a problem of its own);
    left as written when ``variables`` is None (variables.yml could not be read: its own
    problem is the one to fix, not every ``{{…}}`` of every file)."""
    data, doc = read_file(path, root, lang)
    if data is None or variables is None:
        return data, doc
    return substitute(data, doc, variables, later=later), doc


def _collection(
    path: Path,
    root: Path,
    lang: str,
    record: Record,
    variables: Mapping[str, Variable] | None,
    later: Later | None = None,
) -> tuple[list[tuple[Path_, Any]], Document, dict[str, Any]]:
    """The records of a file that holds a list of them, and the file's own keys (owner …)."""
    data, doc = _read(path, root, lang, variables, later)
    if data is None and doc.problems:
        return [], doc, {}
    r = Reader(data, (), doc, record)
    meta = {
        "owner": r.get("owner"),
        "review_by": r.get("review_by"),
        "intro": r.get("intro"),
        "path": doc.shown,
    }
    (items,) = (key for key in record.keys if key.kind == "records")
    return r.get(items.name), doc, meta


def _check_probabilities(content: Content, doc: Document, items: list[tuple[Path_, Any]]) -> None:
    """Win probabilities never fall along the process: the weighted forecast would otherwise
    value a deal less after it moved forward (equal is fine: the stages after signature)."""
    at_of = {raw.get("id"): at for at, raw in items if isinstance(raw, dict) and raw.get("id")}
    previous: Stage | None = None
    for stage in sorted(content.stages.values(), key=lambda s: s.order):
        if previous is not None and stage.win_probability < previous.win_probability:
            doc.problem(
                (*at_of.get(stage.id, ()), "win_probability"),
                "content.probability_falls",
                name=stage.name,
                probability=percent_text(stage.win_probability),
                previous=previous.name,
                previous_probability=percent_text(previous.win_probability),
            )
        previous = stage


def load_content(
    docs_dir: Path, root: Path, lang: str = "zh", *, data_dir: str = DATA_DIR
) -> tuple[Content, list[Problem]]:
    """Read every data file under ``docs_dir/data_dir`` and check references between them."""
    content = Content()
    problems: list[Problem] = []
    folder = docs_dir / data_dir
    seen: dict[tuple[str, str], Source] = {}

    def unique(kind: str, ident: str, source: Source, doc: Document, at: Path_) -> bool:
        if not ident:
            return False
        if (kind, ident) in seen:
            doc.problem(
                (*at, "id") if kind != "term" else (*at, "term"),
                "content.duplicate",
                kind=_kind(kind, lang),
                id=written(ident, lang),
                other=str(seen[(kind, ident)]),
            )
            return False
        seen[(kind, ident)] = source
        return True

    files = {name: folder / f"{name}.yml" for name in ("kpis", "stages", "glossary")}
    docs: list[Document] = []
    defined, meta, doc = load_variables(folder / VARIABLES_FILE, root, lang)
    content.variables = defined
    variables: Mapping[str, Variable] | None = defined
    if doc is not None:
        content.meta["variables"] = meta
        docs.append(doc)
        if not meta:
            content.unreadable.add("variable")
            variables = None
    if files["stages"].is_file():
        items, doc, meta = _collection(files["stages"], root, lang, schema.STAGES_FILE, variables)
        content.meta["stages"] = meta
        if not meta:
            content.unreadable.add("stage")
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
        _check_probabilities(content, doc, items)
        docs.append(doc)
    later: Later = []
    # The files read after the stage table may quote it: the stalled-opportunity KPI says each
    # stage's 停留上限 as {{stage.qualify.dwell_limit}}, so the two cannot disagree. When the
    # table could not be read, its values are left as written (its own problem is the one to fix).
    if variables is not None:
        if "stage" in content.unreadable:
            variables = None
        else:
            variables = {**variables, **stage_variables(content.stages)}
    if files["kpis"].is_file():
        items, doc, meta = _collection(
            files["kpis"], root, lang, schema.KPIS_FILE, variables, later
        )
        content.meta["kpis"] = meta
        if not meta:
            content.unreadable.add("kpi")
        for at, raw in items:
            kpi = _load_kpi(at, raw, doc)
            if kpi and unique("kpi", kpi.id, kpi.source, doc, at):
                content.kpis[kpi.id] = kpi
        docs.append(doc)
    for path in sorted((folder / "talk-tracks").glob("*.yml")):
        data, doc = _read(path, root, lang, variables, later)
        if data is None:
            content.unreadable.add("talk_track")
        else:
            track = _load_track(data, doc)
            if unique("talk_track", track.id, track.source, doc, ()):
                content.talk_tracks[track.id] = track
            for index, objection in enumerate(track.objections):
                unique("objection", objection.id, objection.source, doc, ("objections", index))
        docs.append(doc)
    if files["glossary"].is_file():
        items, doc, meta = _collection(
            files["glossary"], root, lang, schema.GLOSSARY_FILE, variables, later
        )
        content.meta["glossary"] = meta
        if not meta:
            content.unreadable.add("term")
        for at, raw in items:
            term = _load_term(at, raw, doc)
            for spelling in term.spellings():
                if not unique("term", spelling, term.source, doc, at):
                    break
            else:
                content.glossary.append(term)
        docs.append(doc)
    renamed = {t.stage for t in content.talk_tracks.values() if t.stage not in content.stages}
    tell_later(later, renamed)
    for doc in docs:
        problems += doc.problems
    problems += _check_references(content, lang)
    return content, problems


def _check_references(content: Content, lang: str) -> list[Problem]:
    """One message per missing target, at its first reference (the others are listed in it):
    renaming an id gives one message, not one per place that still uses the old name."""
    missing: dict[tuple[str, str], list[Source]] = {}
    known_ids: dict[str, Mapping[str, object]] = {}

    def check(kind: str, ids: Iterable[str], known: Mapping[str, object], where: Source) -> None:
        if kind in content.unreadable:
            return
        known_ids[kind] = known
        for ident in ids:
            if ident not in known:
                missing.setdefault((kind, ident), []).append(where)

    for kpi in content.kpis.values():
        check("kpi", kpi.related, content.kpis, kpi.source)
    for stage in content.stages.values():
        check("kpi", stage.kpis, content.kpis, stage.source)
        check("talk_track", stage.talk_tracks, content.talk_tracks, stage.source)
    for track in content.talk_tracks.values():
        if content.stages:
            check("stage", [track.stage], content.stages, track.source)
        check("calculator", track.calculators, calculators.registry.REGISTRY, track.source)
    problems: list[Problem] = []
    for (kind, ident), places in missing.items():
        first, others = places[0], places[1:]
        message = t(
            "content.unknown_ref",
            lang,
            kind=_kind(kind, lang),
            id=written(ident, lang),
            known=", ".join(sorted(known_ids[kind])) or "—",
        )
        if others:
            message += t(
                "content.also_at",
                lang,
                count=len(others),
                places=place_list([str(o) for o in others]),
            )
        problems.append(
            Problem(first.path, first.line, message, hint=hint("content.unknown_ref", lang))
        )
    return problems
