"""```` ```calculator ```` fences → a live calculator widget with its build-time result.

In Markdown::

    ```calculator
    id: roi
    inputs:
      upfront_cost: 100万
      discount_rate: 10%
    ```

The block is a custom fence of :mod:`pymdownx.superfences`, so it works wherever SuperFences
finds a fence: at any indentation and inside ``>`` quotes, in lists, admonitions, details, tabs
and blockquotes. A block shown inside a longer fence (a four-backtick ``markdown`` example) stays
code. The body is YAML: ``id`` names the calculator, ``inputs`` (optional) sets the defaults. An
unknown id, an unknown key or a bad default stops the build with ``file:line: message``
pointing at the offending line of the Markdown file.

SuperFences does not tell a formatter where its block is. A locator, run just before
SuperFences and leaving the text alone, notes where the body of each calculator fence starts
(fences inside other fences are not blocks); the formatter finds its body among them, in order.
A calculator fence the locator saw that SuperFences did not turn into a widget (an opening line
with more than ``calculator`` on it, a body line that leaves the fence's indentation or ``>``
quoting) is an error at its opening line, not a block silently shown as code; so is one that is
never closed. The errors are :class:`CalculatorError`, which SuperFences lets through.

Config:
    source_path: the Markdown file's path, for error messages.
    line_offset: lines before the Markdown body in that file (front matter), for error lines.
    runtime: the browser runtime id (see :mod:`playbook.assets`); ``""`` for a static widget.
    pyodide_version: the Pyodide version served under ``assets/pyodide/``.
    site_root: relative URL from the page to the site root (``../../``), for the script tag.
    lang: ``zh`` or ``en``.
    plans: plan files by id (see :mod:`playbook.plans`); ``plan: ID`` in a block starts from
        that plan's inputs.
    sources: values from the playbook's own data (``stages``: the stage table) for fields
        declared with ``source``; a plan or the block's inputs override them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markdown import Extension, Markdown
from markdown.extensions.attr_list import get_attrs
from markdown.preprocessors import Preprocessor
from pymdownx.superfences import (
    RE_NESTED_FENCE_START,
    SuperFencesCodeExtension,
    SuperFencesException,
)

import calculators
from calculators.errors import InputErrors
from calculators.html import Markup, el
from playbook.errors import ContentError, Problem
from playbook.messages import t
from playbook.plans import Plan, input_error_line
from playbook.render.calculator import RuntimeRef, render_widget
from playbook.yamlsrc import YamlSourceError, key_lines, load_with_lines, written

__all__ = ["CalculatorError", "CalculatorExtension", "makeExtension"]

NAME = "calculator"
_ALLOWED_KEYS = {"id", "inputs", "plan"}
# What SuperFences takes as a fence's container prefix: indentation and ``>`` quoting.
_PREFIX = re.compile(r"[> \t]*")


#: An ATX heading of the page (``## 收益怎么估``): the result panel of a calculator below it is
#: titled one level lower.
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")


class CalculatorError(ContentError, SuperFencesException):  # type: ignore[misc]
    """A bad calculator block. Also a :class:`SuperFencesException`: SuperFences swallows any
    other exception of a formatter (or validator) and shows the block as plain code."""


@dataclass
class _Fence:
    """A calculator fence the locator found."""

    line: int  # 1-based line of the body's first line in the Markdown text
    body: str  # without the container prefix: what SuperFences hands the formatter
    level: int = 1  # the level of the last heading above it (1: the page title)
    rendered: bool = False


@dataclass
class _Page:
    """What the fence knows about the page being converted."""

    fences: list[_Fence] = field(default_factory=list)
    next: int = 0  # the first fence not yet matched by the formatter
    count: int = 0  # widgets rendered


def _opening(line: str) -> tuple[int, str, str] | None:
    """(prefix width, fence, language) when ``line`` opens a fence, as SuperFences reads it."""
    width = _PREFIX.match(line).end()  # type: ignore[union-attr]  # it matches any string
    match = RE_NESTED_FENCE_START.match(line, width)
    if match is None:
        return None
    lang = match["lang"]
    if not lang and match["attrs"]:  # ```{.calculator}
        lang = next((v for k, v in get_attrs(match["attrs"]) if k == "."), "")
    return width, match["fence"], lang or ""


def _inside(line: str, width: int) -> str:
    """``line`` without up to ``width`` characters of container prefix (SuperFences's rule)."""
    prefix = _PREFIX.match(line, 0, width).end()  # type: ignore[union-attr]
    return line[prefix:]


def _closing(lines: list[str], start: int, width: int, fence: str) -> int | None:
    """The index of the line that closes the fence opened at ``start - 1``, if any."""
    end = re.compile(re.escape(fence) + r"[ \t]*$")
    for index in range(start, len(lines)):
        if end.match(_inside(lines[index], width)):
            return index
    return None


class _Locator(Preprocessor):
    """Notes where each calculator fence's body starts; runs before SuperFences, changes nothing."""

    def __init__(self, md: Markdown, ext: CalculatorExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        self.ext.attach(self.md)  # the SuperFences that will run (it may be listed after us)
        page = self.ext.page = _Page()
        index = 0
        level = 1  # the page's title is the h1 above everything
        while index < len(lines):
            opening = _opening(lines[index])
            if opening is None:
                heading = _HEADING.match(lines[index])
                if heading:
                    level = len(heading[1])
                index += 1
                continue
            width, fence, lang = opening
            close = _closing(lines, index + 1, width, fence)
            if lang == NAME:
                if close is None:
                    self.ext.fail(self.ext.error(index + 1, "fence.not_closed", fence=fence))
                    break
                body = "\n".join(_inside(line, width) for line in lines[index + 1 : close])
                page.fences.append(_Fence(line=index + 2, body=body, level=level))
            # Skip the fence's body: a fence written inside it is an example, not a block. An
            # unclosed fence is no fence: read on from the next line.
            index = index + 1 if close is None else close + 1
        return lines


class _Unrendered(Preprocessor):
    """Runs after SuperFences: a calculator fence it left alone would show as plain code."""

    def __init__(self, md: Markdown, ext: CalculatorExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        for fence in self.ext.page.fences:
            if not fence.rendered:
                self.ext.fail(self.ext.error(fence.line - 1, "fence.not_rendered"))
        return lines


class CalculatorExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "source_path": ["", "Markdown file path, for error messages"],
            "line_offset": [0, "Lines before the Markdown body (front matter)"],
            "runtime": ["", "Browser runtime id; empty for a static widget"],
            "pyodide_version": ["", "Pyodide version served under assets/pyodide/"],
            "site_root": ["./", "Relative URL from the page to the site root"],
            "plans": [{}, "Plans by id (playbook.plans.load_plans), for `plan:` in a block"],
            "sources": [
                {},
                "Values from the playbook's data for fields declared with a source (stages)",
            ],
            "lang": ["zh", "Interface language: zh or en"],
            "customer_links": [
                {},
                "Calculator id → (its page on the public site, the form id there), for 发给客户",
            ],
        }
        # A list (not a Markdown config value: those are coerced to bool): bad blocks are added
        # to it and left out of the page instead of stopping the conversion, so a check still
        # sees the rest of the page.
        self.problems: list[Problem] | None = kwargs.pop("problems", None)
        super().__init__(**kwargs)
        self.page = _Page()

    def fail(self, error: CalculatorError) -> None:
        """Stop at ``error``, or note it and go on when collecting ``problems``."""
        if self.problems is None:
            raise error
        self.problems.extend(error.problems)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.registerExtension(self)
        if not any(isinstance(e, SuperFencesCodeExtension) for e in md.registeredExtensions):
            md.registerExtensions(["pymdownx.superfences"], {})
        self.attach(md)
        # SuperFences reads fences at 25, after whitespace normalisation (30).
        md.preprocessors.register(_Locator(md, self), "pb_calculator_locator", 28)
        md.preprocessors.register(_Unrendered(md, self), "pb_calculator_unrendered", 24)

    def attach(self, md: Markdown) -> None:
        """Register the fence with the SuperFences that reads the fences: the one registered last
        (a ``pymdownx.superfences`` listed after this extension replaces the one it loaded)."""
        superfences = next(
            e for e in reversed(md.registeredExtensions) if isinstance(e, SuperFencesCodeExtension)
        )
        if not any(entry["formatter"] == self._format for entry in superfences.superfences):
            superfences.extend_super_fences(NAME, self._format, self._validate, self._reset)

    def _reset(self, md: Markdown) -> None:
        self.page = _Page()

    def _t(self, key: str, /, **params: object) -> str:
        """A message of the catalog in the site's language."""
        return t(key, str(self.getConfig("lang")), **params)

    def _written(self, value: object) -> str:
        """A value of the block for a message, as written (not Python's repr)."""
        return written(value, str(self.getConfig("lang")))

    def error(self, line: int, key: str, /, **params: object) -> CalculatorError:
        """``key``'s message at ``line`` of the Markdown body (0: somewhere in the file)."""
        return self._error(line, self._t(key, **params))

    def _error(self, line: int, message: str) -> CalculatorError:
        offset = int(self.getConfig("line_offset")) if line else 0
        return CalculatorError.at(self.getConfig("source_path") or None, offset + line, message)

    @staticmethod
    def _validate(
        language: str, inputs: dict[str, str], options: dict[str, str], attrs: Any, md: Markdown
    ) -> bool:
        """Only a bare ``calculator`` header: anything more is left to SuperFences's code
        blocks, and reported at the opening line after SuperFences ran."""
        return not inputs

    def _format(self, src: str, language: str, options: Any, md: Markdown, **kwargs: Any) -> str:
        """The widget for the block whose body is ``src`` (SuperFences's formatter)."""
        page, line = self.page, 0  # 0: a block the locator missed; its errors name only the file
        level = 2
        for index in range(page.next, len(page.fences)):
            if page.fences[index].body == src:
                page.fences[index].rendered = True
                page.next, line = index + 1, page.fences[index].line
                level = page.fences[index].level + 1
                break
        try:
            return self._render(src, first_body_line=line, level=level)
        except CalculatorError as error:
            self.fail(error)
            return "<!-- a calculator block with an error, reported -->"
        except SuperFencesException:
            raise
        except Exception as exc:  # SuperFences would swallow it and show the block as code
            raise SuperFencesException(f"calculator block: {exc!r}") from exc

    def _render(self, text: str, first_body_line: int, level: int = 2) -> str:
        def at(line: int) -> int:  # a line of the body → a line of the Markdown text
            return first_body_line + line - 1 if first_body_line else 0

        try:
            spec, root = load_with_lines(text)
        except YamlSourceError as exc:
            raise self.error(
                at(exc.line), "fence.yaml", detail=exc.describe(str(self.getConfig("lang")))
            ) from None
        lines = key_lines(root)
        if not isinstance(spec, dict):
            raise self.error(at(1), "fence.not_mapping")
        for key in spec:
            if key not in _ALLOWED_KEYS:
                raise self.error(
                    at(lines.get((key,), 1)), "fence.unknown_key", key=self._written(key)
                )
        calc_id = spec.get("id")
        if calc_id not in calculators.IDS:
            known = "、".join(calculators.IDS)
            raise self.error(
                at(lines.get(("id",), 1)),
                "fence.unknown_calculator",
                id=self._written(calc_id),
                known=known,
            )
        inputs: Any = spec.get("inputs") or {}
        if not isinstance(inputs, dict):
            raise self.error(at(lines.get(("inputs",), 1)), "fence.inputs_not_mapping")
        if "plan" in spec:
            plans: dict[str, Plan] = self.getConfig("plans") or {}
            plan = plans.get(str(spec["plan"]))
            line = at(lines.get(("plan",), 1))
            if plan is None:
                known = "、".join(sorted(plans)) or "-"
                raise self.error(
                    line, "fence.unknown_plan", plan=self._written(spec["plan"]), known=known
                )
            if plan.calculator != calc_id:
                raise self.error(
                    line,
                    "fence.plan_mismatch",
                    plan=plan.id,
                    plan_calculator=plan.calculator,
                    id=calc_id,
                )
            inputs = {**plan.inputs, **inputs}
        sources: dict[str, object] = self.getConfig("sources") or {}
        for f in calculators.get(calc_id).fields:
            if f.source is not None and f.source in sources and f.name not in inputs:
                inputs[f.name] = sources[f.source]
        self.page.count += 1
        lang = str(self.getConfig("lang"))
        try:
            widget = render_widget(
                calc_id,
                {str(k): v for k, v in inputs.items()},
                instance=f"pb-{calc_id}-{self.page.count}",
                runtime=self._runtime(),
                lang=lang,
                customer=(self.getConfig("customer_links") or {}).get(calc_id),
                level=level,
            )
        except InputErrors as errors:
            line = input_error_line(errors.errors[0], lines, ("inputs",))
            message = "; ".join(f"inputs.{e.field}: {e.message(lang)}" for e in errors.errors)
            raise self._error(at(line), message) from None
        if self.page.count == 1 and self.getConfig("runtime"):
            return widget + self._script()
        return widget

    def _runtime(self) -> RuntimeRef | None:
        runtime = str(self.getConfig("runtime"))
        if not runtime:
            return None
        return RuntimeRef(
            runtime_id=runtime, pyodide_version=str(self.getConfig("pyodide_version"))
        )

    def _script(self) -> Markup:
        """The page's one module script, after its first calculator (browsers run a module once
        however often it is named); ``async``: it runs as soon as it has loaded."""
        root = str(self.getConfig("site_root")) or "./"
        src = f"{root}assets/playbook/calc.js?v={self.getConfig('runtime')}"
        return el("script", {"type": "module", "async": "", "src": src})


def makeExtension(**kwargs: Any) -> CalculatorExtension:  # noqa: N802
    return CalculatorExtension(**kwargs)
