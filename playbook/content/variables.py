"""Variables: what an adopting team writes once (its name, its product, the industry it sells
to, the problem it solves, a reference customer) in ``docs/data/variables.yml`` and every talk
track, stage and page uses as ``{{company}}``::

    variables:
      - id: company
        label: 公司简称
        value: 云帆软件
        note: 电话里怎么称呼我们公司

A talk track then says ``我是{{company}}的〔您的名字〕``: the variable is filled in at build time,
and ``〔…〕`` is a blank the rep fills during the call (shown marked on the page). An unknown
variable is an error at its file and line, naming the known ones; so is a variable defined
twice or whose value holds another variable.

Data files are substituted as they are read (:func:`substitute`, before any record is typed),
so every text of a record, wherever it is shown, has its values; Markdown pages use
:mod:`playbook.markdown.variables`, with :func:`fill` doing the same replacement.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from calculators.money import percent_text
from playbook.content import schema
from playbook.content.model import Variable
from playbook.content.reader import Document, Reader, read_file
from playbook.markdown import safe
from playbook.yamlsrc import Path_

__all__ = [
    "PATTERN",
    "VARIABLES_FILE",
    "Variable",
    "fill",
    "fill_markdown",
    "known_text",
    "load_variables",
    "plan_variables",
    "stage_variables",
    "substitute",
]

#: ``{{company}}``, spaces inside the braces allowed; ``{{plan.customer-tiers.gap_factor}}``
#: is a value of a plan file (pages only, see :func:`plan_variables`).
PATTERN = re.compile(r"\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}")
VARIABLES_FILE = "variables.yml"


def fill(
    text: str,
    variables: Mapping[str, Variable],
    pattern: re.Pattern[str] = PATTERN,
    shown: Callable[[str], str] = str,
) -> tuple[str, list[str]]:
    """``text`` with every known ``{{id}}`` replaced by its value (as ``shown`` writes it), and
    the unknown ids (left as written)."""
    unknown: list[str] = []

    def value(match: re.Match[str]) -> str:
        found = variables.get(match[1])
        if found is None:
            unknown.append(match[1])
            return match[0]
        return shown(str(found.value))

    return pattern.sub(value, text), unknown


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
#: In a page, ``\{{company}}`` stays as written (Markdown then shows ``{{company}}``).
_UNESCAPED = re.compile(r"(?<!\\)" + PATTERN.pattern)


def fill_markdown(
    text: str, variables: Mapping[str, Variable]
) -> tuple[str, list[tuple[str, int]]]:
    """A Markdown page with its variables filled in, except in fenced code, code spans and
    after a backslash (``\\{{company}}``); and the unknown ones with their 1-based lines."""
    if "{{" not in text:
        return text, []
    out: list[str] = []
    unknown: list[tuple[str, int]] = []
    for number, (line, code) in enumerate(safe.fenced(text), start=1):
        if code or "{{" not in line:
            out.append(line)
            continue
        pieces: list[str] = []
        end = 0
        for span in [*_CODE_SPAN.finditer(line), None]:
            prose = line[end : span.start() if span else len(line)]
            # A value is text: in a page it shows as written, never as Markdown or HTML.
            value, missing = fill(prose, variables, _UNESCAPED, safe.text)
            pieces.append(value)
            unknown += [(name, number) for name in missing]
            if span:
                pieces.append(span.group())
                end = span.end()
        out.append("".join(pieces))
    return "\n".join(out), unknown


def _flatten(prefix: str, value: object, label: str, note: str, out: dict[str, Variable]) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}", item, str(key), note, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _flatten(f"{prefix}.{index}", item, label, note, out)
    elif isinstance(value, str | int | float) and not isinstance(value, bool):
        out[prefix] = Variable(prefix, label, str(value).strip(), note)


def plan_variables(plans: Mapping[str, Any]) -> dict[str, Variable]:
    """``plan.<plan id>.<input>`` for every value of every plan file (docs/plans/), as the plan
    writes it (``80%``, ``1.5``, ``270``); a list's rows by number from 0 and their keys, e.g.
    ``plan.discount-policy.approval_levels.1.max_discount``. A page quotes a threshold, a rate
    or an approval level from the plan instead of typing it a second time, so the two cannot
    disagree."""
    out: dict[str, Variable] = {}
    for plan in plans.values():
        for key, value in plan.inputs.items():
            _flatten(f"plan.{plan.id}.{key}", value, key, plan.path, out)
    return out


def stage_variables(stages: Mapping[str, Any]) -> dict[str, Variable]:
    """``stage.<id>.name``, ``stage.<id>.win_probability`` (``40%``) and, for a stage that
    sets one, ``stage.<id>.dwell_limit`` (working days, ``15``) of every stage of
    docs/data/stages.yml, for pages and data files that quote the stage table (the weighted
    forecast, the stalled-opportunity KPI)."""
    out: dict[str, Variable] = {}
    for stage in stages.values():
        ident = f"stage.{stage.id}"
        out[f"{ident}.name"] = Variable(f"{ident}.name", "name", stage.name)
        probability = percent_text(stage.win_probability)
        out[f"{ident}.win_probability"] = Variable(
            f"{ident}.win_probability", "win_probability", probability
        )
        if stage.dwell_limit is not None:
            out[f"{ident}.dwell_limit"] = Variable(
                f"{ident}.dwell_limit", "dwell_limit", str(stage.dwell_limit)
            )
    return out


def known_text(variables: Mapping[str, Variable]) -> str:
    """The defined variables, for a message (plan and stage values by their plan or stage)."""
    names = [f"{{{{{ident}}}}}" for ident in variables if "." not in ident]
    groups = sorted({".".join(ident.split(".")[:2]) for ident in variables if "." in ident})
    names += [f"{{{{{group}.…}}}}" for group in groups]
    return "、".join(names) or "-"


#: An unknown ``{{stage.<id>.…}}`` of a data file, told only once the whole playbook is read:
#: (the file, where in it, the variable, the variables there were).
Later = list[tuple[Document, Path_, str, Mapping[str, Variable]]]


def substitute(
    data: Any,
    doc: Document,
    variables: Mapping[str, Variable],
    at: Path_ = (),
    later: Later | None = None,
) -> Any:
    """``data`` (a YAML tree) with the variables filled into every string; an unknown one is a
    problem of ``doc`` at its key's line. With ``later``, an unknown ``{{stage.…}}`` goes there
    instead: whether it is a mistake of its own or the echo of a renamed stage is known only
    when every file has been read (see :func:`tell_later`)."""
    if isinstance(data, str):
        if "{{" not in data:
            return data
        text, unknown = fill(data, variables)
        for name in dict.fromkeys(unknown):
            if later is not None and name.startswith("stage."):
                later.append((doc, at, name, variables))
            else:
                doc.problem(at, "content.unknown_variable", name=name, known=known_text(variables))
        return text
    if isinstance(data, Mapping):
        return {
            key: substitute(value, doc, variables, (*at, key), later) for key, value in data.items()
        }
    if isinstance(data, list):
        return [substitute(value, doc, variables, (*at, i), later) for i, value in enumerate(data)]
    return data


def tell_later(later: Later, renamed: set[str]) -> None:
    """The unknown ``{{stage.<id>.…}}`` put aside, each a problem of its file unless ``<id>``
    is a stage another file already reports missing (a renamed stage: one mistake, one
    message, where the reference is)."""
    for doc, at, name, variables in later:
        if name.split(".")[1] not in renamed:
            doc.problem(at, "content.unknown_variable", name=name, known=known_text(variables))


def load_variables(
    path: Path, root: Path, lang: str
) -> tuple[dict[str, Variable], dict[str, Any], Document | None]:
    """The variables of ``path`` (none when there is no such file), the file's own keys
    (owner …) and its document (its problems)."""
    if not path.is_file():
        return {}, {}, None
    data, doc = read_file(path, root, lang)
    if data is None:
        return {}, {}, doc
    r = Reader(data, (), doc, schema.VARIABLES_FILE)
    meta = {
        "owner": r.get("owner"),
        "review_by": r.get("review_by"),
        "intro": r.get("intro"),
        "path": doc.shown,
    }
    variables: dict[str, Variable] = {}
    for at, raw in r.get("variables") or []:
        item = Reader(raw, at, doc, schema.VARIABLE)
        variable = Variable(
            id=item.get("id") or "",
            label=item.get("label") or "",
            value=item.get("value") or "",
            note=item.get("note") or "",
        )
        if not variable.id:
            continue
        if variable.id in variables:
            doc.problem((*at, "id"), "content.variable_twice", name=variable.id)
            continue
        if "{{" in variable.value or PATTERN.search(variable.value):
            doc.problem((*at, "value"), "content.variable_in_variable", name=variable.id)
            continue
        variables[variable.id] = variable
    return variables, meta, doc
