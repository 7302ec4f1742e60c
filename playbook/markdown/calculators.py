"""```` ```calculator ```` fences → a live calculator widget with its build-time result.

In Markdown::

    ```calculator
    id: roi
    inputs:
      upfront_cost: 100万
      discount_rate: 10%
    ```

The block works at any indentation and inside ``>`` quotes: in lists, admonitions, details and
blockquotes. The body is YAML: ``id`` names the calculator, ``inputs`` (optional) sets the
defaults. An unknown id, an unknown key or a bad default stops the build with
``file:line: message`` pointing at the offending line of the Markdown file.

Config:
    source_path: the Markdown file's path, for error messages.
    line_offset: lines before the Markdown body in that file (front matter), for error lines.
    runtime: the browser runtime id (see :mod:`playbook.assets`); ``""`` for a static widget.
    pyodide_version: the Pyodide version served under ``assets/pyodide/``.
    site_root: relative URL from the page to the site root (``../../``), for the script tag.
    lang: ``zh`` or ``en``.
    plans: plan files by id (see :mod:`playbook.plans`); ``plan: ID`` in a block starts from
        that plan's inputs.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

import calculators
from calculators.errors import InputErrors
from calculators.html import Markup, el
from calculators.messages import t
from playbook.content import messages as _messages  # noqa: F401  (registers the fence's text)
from playbook.errors import ContentError
from playbook.plans import Plan, input_error_line
from playbook.render.calculator import RuntimeRef, render_widget
from playbook.yamlsrc import YamlSourceError, key_lines, load_with_lines

__all__ = ["CalculatorExtension", "makeExtension"]

# Any indentation and any ``>`` quoting: a block may sit inside an admonition, a details block,
# a list item or a blockquote; its body is read relative to the fence's prefix and the widget
# stays in that container.
_OPEN = re.compile(r"^(?P<indent>(?:[ \t]*>[ \t]?)*[ \t]*)(?P<fence>`{3,}|~{3,})\s*calculator\s*$")
_QUOTE = re.compile(r"^(?:[ \t]*>[ \t]?)+")
_ALLOWED_KEYS = {"id", "inputs", "plan"}


def _inside(line: str, prefix: str) -> str:
    """``line`` without the fence's container prefix (indentation and ``>`` quoting)."""
    if line.startswith(prefix):
        return line[len(prefix) :]
    if ">" in prefix:  # a quoted line written with other spacing: drop the quoting itself
        return _QUOTE.sub("", line, count=1)
    return line.lstrip()


class CalculatorPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, ext: CalculatorExtension) -> None:
        super().__init__(md)
        self.ext = ext
        self.count = 0

    def _t(self, message: str, /, **params: object) -> str:
        """A message of the catalog in the site's language."""
        return t(message, str(self.ext.getConfig("lang")), **params)

    def _error(self, line: int, message: str) -> ContentError:
        offset = int(self.ext.getConfig("line_offset"))
        return ContentError.at(self.ext.getConfig("source_path") or None, offset + line, message)

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        index = 0
        while index < len(lines):
            match = _OPEN.match(lines[index])
            if not match:
                out.append(lines[index])
                index += 1
                continue
            start = index
            fence = match["fence"]
            indent = match["indent"]
            body: list[str] = []
            index += 1
            while index < len(lines) and _inside(lines[index], indent).strip() != fence:
                body.append(_inside(lines[index], indent))
                index += 1
            if index >= len(lines):
                raise self._error(start + 1, self._t("fence.not_closed", fence=fence))
            index += 1
            html = self._render(body, first_body_line=start + 2)
            placeholder = self.md.htmlStash.store(html)
            # Blank lines keep a blockquote's ">" (a bare blank line would end the quote).
            blank = indent.rstrip() if ">" in indent else ""
            out.extend([blank, indent + placeholder, blank])
        return out

    def _render(self, body: list[str], first_body_line: int) -> str:
        text = "\n".join(body)
        try:
            spec, root = load_with_lines(text)
        except YamlSourceError as exc:
            raise self._error(
                first_body_line + exc.line - 1, self._t("fence.yaml", detail=exc)
            ) from None
        lines = key_lines(root)
        if not isinstance(spec, dict):
            raise self._error(first_body_line, self._t("fence.not_mapping"))
        for key in spec:
            if key not in _ALLOWED_KEYS:
                line = lines.get((key,), 1)
                raise self._error(first_body_line + line - 1, self._t("fence.unknown_key", key=key))
        calc_id = spec.get("id")
        if calc_id not in calculators.IDS:
            line = lines.get(("id",), 1)
            known = "、".join(calculators.IDS)
            raise self._error(
                first_body_line + line - 1,
                self._t("fence.unknown_calculator", id=calc_id, known=known),
            )
        inputs: Any = spec.get("inputs") or {}
        if not isinstance(inputs, dict):
            line = lines.get(("inputs",), 1)
            raise self._error(first_body_line + line - 1, self._t("fence.inputs_not_mapping"))
        if "plan" in spec:
            plans: dict[str, Plan] = self.ext.getConfig("plans") or {}
            plan = plans.get(str(spec["plan"]))
            line = first_body_line + lines.get(("plan",), 1) - 1
            if plan is None:
                known = "、".join(sorted(plans)) or "-"
                raise self._error(
                    line, self._t("fence.unknown_plan", plan=spec["plan"], known=known)
                )
            if plan.calculator != calc_id:
                raise self._error(
                    line,
                    self._t(
                        "fence.plan_mismatch",
                        plan=plan.id,
                        plan_calculator=plan.calculator,
                        id=calc_id,
                    ),
                )
            inputs = {**plan.inputs, **inputs}
        self.count += 1
        lang = str(self.ext.getConfig("lang"))
        try:
            widget = render_widget(
                calc_id,
                {str(k): v for k, v in inputs.items()},
                instance=f"pb-{calc_id}-{self.count}",
                runtime=self._runtime(),
                lang=lang,
            )
        except InputErrors as errors:
            line = input_error_line(errors.errors[0], lines, ("inputs",))
            message = "; ".join(f"inputs.{e.field}: {e.message(lang)}" for e in errors.errors)
            raise self._error(first_body_line + line - 1, message) from None
        if self.count == 1 and self.ext.getConfig("runtime"):
            return widget + self._script()
        return widget

    def _runtime(self) -> RuntimeRef | None:
        runtime = str(self.ext.getConfig("runtime"))
        if not runtime:
            return None
        return RuntimeRef(
            runtime_id=runtime, pyodide_version=str(self.ext.getConfig("pyodide_version"))
        )

    def _script(self) -> Markup:
        """The page's one module script (browsers run a module once however often it is named)."""
        root = str(self.ext.getConfig("site_root")) or "./"
        src = f"{root}assets/playbook/calc.js?v={self.ext.getConfig('runtime')}"
        return el("script", {"type": "module", "src": src})


class CalculatorExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "source_path": ["", "Markdown file path, for error messages"],
            "line_offset": [0, "Lines before the Markdown body (front matter)"],
            "runtime": ["", "Browser runtime id; empty for a static widget"],
            "pyodide_version": ["", "Pyodide version served under assets/pyodide/"],
            "site_root": ["./", "Relative URL from the page to the site root"],
            "plans": [{}, "Plans by id (playbook.plans.load_plans), for `plan:` in a block"],
            "lang": ["zh", "Interface language: zh or en"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.registerExtension(self)
        # Before fenced code (25) and SuperFences, after whitespace normalisation (30).
        md.preprocessors.register(CalculatorPreprocessor(md, self), "pb_calculator", 28)


def makeExtension(**kwargs: Any) -> CalculatorExtension:  # noqa: N802
    return CalculatorExtension(**kwargs)
