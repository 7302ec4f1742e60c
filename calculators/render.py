"""Result-panel building blocks shared by every calculator (build time and browser alike).

The page contract: each headline output is ``<output data-output="FIELD" data-value="EXACT">``
holding the exact decimal string in ``data-value`` and the formatted figure as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from .html import Markup, el, join
from .messages import t

__all__ = [
    "conventions",
    "exact",
    "explain",
    "given",
    "heading",
    "heading_level",
    "headline",
    "result_panel",
    "table",
    "warning",
]


#: The level of the result panel's title: one below the page heading the calculator sits under
#: (a calculator right under the page's h1 titles its result h2), so headings never skip a level.
_LEVEL: ContextVar[int] = ContextVar("heading_level", default=3)


@contextmanager
def heading_level(level: int) -> Iterator[None]:
    """Render the result panel with its title at ``level`` (2–5; its parts one below)."""
    token = _LEVEL.set(min(max(int(level), 2), 5))
    try:
        yield
    finally:
        _LEVEL.reset(token)


def heading(below: int = 0) -> str:
    """The tag of the panel's title (``below=0``) or of a part of the panel (``below=1``)."""
    return f"h{min(_LEVEL.get() + below, 6)}"


def given[T](value: T | None) -> T:
    """A result value the maths guarantees in this branch (the forecast figures once there is a
    forecast, …): ``None`` here is a bug in the calculator, reported as one."""
    if value is None:
        raise ValueError("a result value the calculation guarantees is missing")
    return value


def exact(value: str | None) -> Decimal:
    """The exact decimal of a result string (see :func:`given` for ``None``)."""
    return Decimal(given(value))


def headline(items: Iterable[tuple[str, str, str, str]], *, declared: Sequence[str]) -> Markup:
    """Cards of (result key, label, exact value, formatted value).

    ``declared`` is the calculator's ``HEADLINE``: a card it does not declare, or one out of its
    order, is a bug in the view (the page contract and its test read the same declaration).
    """
    items = list(items)
    names = [name for name, _, _, _ in items]
    undeclared = [name for name in names if name not in declared]
    if undeclared or names != sorted(names, key=declared.index):
        raise ValueError(f"headline {names} does not follow the declared {list(declared)}")
    cards = [
        el(
            "div",
            {"class": "pb-out"},
            el("span", {"class": "pb-out__label"}, label),
            el(
                "output",
                {"class": "pb-out__value", "data-output": name, "data-value": value},
                shown,
            ),
        )
        for name, label, value, shown in items
    ]
    return el("div", {"class": "pb-outs"}, cards)


def explain(lines: Sequence[str], lang: str) -> Markup:
    """The explain-the-math section: each formula with the user's numbers substituted."""
    return el(
        "details",
        {"class": "pb-explain", "open": True},
        el("summary", None, t("result.explain", lang)),
        el("ol", None, [el("li", None, line) for line in lines]),
    )


Cell = str | tuple[str, str]
"""A table cell: shown text, or (shown text, exact value for CSV export)."""


def _csv_line(values: Sequence[str], sep: str) -> str:
    out = []
    for value in values:
        if sep == "," and any(ch in value for ch in ',"\n'):
            value = '"' + value.replace('"', '""') + '"'
        elif sep == "\t":
            value = value.replace("\t", " ").replace("\n", " ")
        out.append(value)
    return sep.join(out)


def table(
    caption: str,
    head: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    numeric_from: int = 1,
    export: bool = False,
    limit: int | None = None,
) -> Markup:
    """A data table; columns from ``numeric_from`` on are right-aligned figures.

    The wrapper carries the table as CSV and TSV (exact values where a cell gives them), so export
    never re-parses formatted numbers. ``export`` marks the one table of a result panel that the
    page's copy-table and CSV buttons take (``data-export``): a panel says which, by name.
    ``limit`` caps the rows drawn on the page (a list of thousands is for the CSV, not the
    screen); the export still holds every row.
    """

    def shown(value: Cell) -> str:
        return value[0] if isinstance(value, tuple) else value

    def exact(value: Cell) -> str:
        return value[1] if isinstance(value, tuple) else value

    def cell(tag: str, index: int, value: Cell) -> Markup:
        attrs = {"class": "pb-num"} if index >= numeric_from else None
        if tag == "th":
            attrs = {**(attrs or {}), "scope": "col"}
        return el(tag, attrs, shown(value))

    lines = [list(head)] + [[exact(c) for c in row] for row in rows]
    drawn = rows if limit is None else rows[:limit]
    return el(
        "div",
        {
            "class": "pb-table",
            # A wide table scrolls sideways on a phone: the region takes focus so the arrow
            # keys scroll it, and is named by its caption (axe: scrollable-region-focusable).
            "role": "region",
            "tabindex": "0",
            "aria-label": caption,
            "data-csv": "\r\n".join(_csv_line(line, ",") for line in lines) + "\r\n",
            "data-tsv": "\n".join(_csv_line(line, "\t") for line in lines) + "\n",
            "data-title": caption,
            "data-export": export or None,
        },
        el(
            "table",
            None,
            el("caption", None, caption),
            el("thead", None, el("tr", None, [cell("th", i, h) for i, h in enumerate(head)])),
            el(
                "tbody",
                None,
                [el("tr", None, [cell("td", i, c) for i, c in enumerate(row)]) for row in drawn],
            ),
        ),
    )


def warning(title: str, items: Sequence[str], after: str | None = None) -> Markup:
    """A warning above the figures: what was left out of a team's table (rows that did not
    read, stages the table does not know), each item one line, and what to do about it."""
    return el(
        "div",
        {"class": "admonition warning pb-warning", "role": "note"},
        el("p", {"class": "admonition-title"}, title),
        el("ul", None, [el("li", None, item) for item in items]),
        el("p", None, after) if after else None,
    )


def conventions(notes: Sequence[str], lang: str) -> Markup:
    return el(
        "div",
        {"class": "pb-conventions"},
        el(heading(1), None, t("result.conventions", lang)),
        el("ul", None, [el("li", None, note) for note in notes]),
    )


def result_panel(cards: Markup, body: Markup, lang: str) -> Markup:
    """The whole panel the worker swaps in: headline cards, then the details."""
    return join(
        [el(heading(), {"class": "pb-result__title"}, t("result.heading", lang)), cards, body]
    )
