"""``playbook check``: validate all content without building the site.

The build runs exactly the same checks (:func:`check_project` from the ``on_config`` hook), so a
pull request that passes ``playbook check`` builds. Every problem is ``file:line: message`` in
the site's language:

- plan files and ``docs/data/`` (schema, duplicates, references, KPI examples) — see
  :mod:`playbook.plans` and :mod:`playbook.content.load`;
- every page, hand-written or generated: ``owner`` and ``review_by`` front matter (a past
  ``review_by`` is a warning, an error with ``--strict``), calculator blocks, internal links and
  their anchors;
- raw HTML in a page that the site's Content-Security-Policy blocks (an inline ``<script>``, an
  ``on…=`` handler or ``javascript:`` address, ``style="…"`` or a ``<style>`` element): a warning
  at its line, since the page builds but that part will not work (an error with ``--strict``).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
from mkdocs.utils.meta import get_data

from calculators.money import percent_text
from playbook.content.load import load_content
from playbook.content.model import Content, Variable
from playbook.content.variables import (
    fill_markdown,
    known_text,
    plan_variables,
    stage_variables,
)
from playbook.errors import Problem, place_list
from playbook.markdown.calculators import CalculatorExtension
from playbook.messages import hint, t
from playbook.options import Options, read_site
from playbook.plans import Plan, load_plans
from playbook.render.pages import generate_pages
from playbook.render.pages.common import GLOSSARY_PAGE, KPI_PAGE, PROCESS_PAGE, TRACKS_PAGE
from playbook.yamlsrc import (
    SourceError,
    YamlSourceError,
    is_date,
    load_with_lines,
    read_source,
    written,
)

__all__ = ["CheckResult", "check_project", "check_site"]

#: The extensions of ``mkdocs.yml`` that shape a page (containers a calculator block may sit in,
#: ids links point at), so the check reads a page as the site does.
MARKDOWN_EXTENSIONS = (
    "toc",
    "attr_list",
    "md_in_html",
    "tables",
    "admonition",
    "pymdownx.details",
    "pymdownx.tabbed",
    "pymdownx.superfences",
)

_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_ID = re.compile(r"""\sid=["']([^"']+)["']""")
#: A calculator the page renders (the page contract, playbook.render.calculator).
_FORM = re.compile(r'<form class="pb-calc" id="([^"]+)" data-calc="([^"]+)"')
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    plans: dict[str, Plan] = field(default_factory=dict)
    content: Content = field(default_factory=Content)
    generated: dict[str, str] = field(default_factory=dict)
    #: Docs-relative paths of the pages marked ``audience: public``.
    public: set[str] = field(default_factory=set)
    #: Calculator id → the first public page that has it and its form there (the page's
    #: docs-relative path, the form's id): where 发给客户 sends a customer.
    public_forms: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: What calculator fields declared with a ``source`` take from the playbook's data when a
    #: block does not set them (see :func:`data_sources`).
    sources: dict[str, object] = field(default_factory=dict)
    #: What ``{{…}}`` in a page is: the variables and every plan value (``plan.ID.KEY``).
    page_variables: dict[str, Variable] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass(frozen=True)
class _Page:
    path: str  # docs-relative
    shown: str  # for messages
    source: str  # full text with front matter
    generated: bool
    origin: Path | None = None  # the data file a generated page comes from
    origin_shown: str = ""  # that data file, for messages


def _slugify() -> Any:
    from pymdownx.slugs import slugify

    return slugify(case="lower")


def _variables(
    page: _Page, variables: dict[str, Variable], lang: str, already: set[str]
) -> list[Problem]:
    """An unknown ``{{variable}}`` in a page, at its line (data files report their own).

    ``already`` are the stage ids and plan groups (``stage``, ``plan``) whose own file has a
    problem, or that the data already report as missing, and ``variable`` when variables.yml
    cannot be read: a page quoting them is the same mistake, told once, where it was made."""
    if page.generated:
        return []
    _, unknown = fill_markdown(page.source, variables)
    known = known_text(variables)
    return [
        Problem(page.shown, line, t("content.unknown_variable", lang, name=name, known=known))
        for name, line in unknown
        if name.split(".")[0] not in already
        and ".".join(name.split(".")[:2]) not in already
        and not ("variable" in already and "." not in name)
    ]


def _told(result: CheckResult, plans_dir: str) -> set[str]:
    """What a page's unknown ``{{stage.…}}``/``{{plan.…}}``/``{{company}}`` would only repeat:
    all stages when the stage file is unreadable, all plans when a plan file has a problem, all
    variables when variables.yml is unreadable, and each stage id a data file already refers to
    while it does not exist (a renamed stage)."""
    told: set[str] = set()
    if "stage" in result.content.unreadable:
        told.add("stage")
    if "variable" in result.content.unreadable:
        told.add("variable")
    if any(f"/{plans_dir}/" in f"/{p.path}" for p in result.problems):
        told.add("plan")
    stages = result.content.stages
    for track in result.content.talk_tracks.values():
        if track.stage not in stages:
            told.add(f"stage.{track.stage}")
    return told


def data_sources(content: Content) -> dict[str, object]:
    """Values calculator fields take from the playbook's own data (``Field.source``):
    ``stages``, each open or won stage's name and win probability in the order of
    docs/data/stages.yml (the pipeline calculator's stage table), and ``lead_stages``, the
    stages whose records are leads, not opportunities (``forecast: lead``): a page and the
    stage table cannot disagree."""
    sources: dict[str, object] = {}
    if content.stages:
        ordered = sorted(content.stages.values(), key=lambda s: s.order)
        # Won stages go in at 100 %: the calculator counts their deals as won, not forecast.
        sources["stages"] = [
            {
                "stage": stage.name,
                "rate": "100%" if stage.forecast == "won" else percent_text(stage.win_probability),
            }
            for stage in ordered
            if stage.forecast != "lead"
        ]
        sources["lead_stages"] = "、".join(s.name for s in ordered if s.forecast == "lead")
    return sources


class _Converter:
    """One Markdown for every page of a check (making one per page costs more than most pages'
    conversion); reset between pages, so nothing of one page reaches the next."""

    def __init__(self, plans: dict[str, Plan], sources: dict[str, object]) -> None:
        self.problems: list[Problem] = []
        self.calculators = CalculatorExtension(plans=plans, sources=sources, problems=self.problems)
        self.md = markdown.Markdown(
            extensions=[*MARKDOWN_EXTENSIONS, self.calculators],
            extension_configs={
                "toc": {"slugify": _slugify()},
                "pymdownx.tabbed": {"alternate_style": True},
            },
        )

    def __call__(self, page: _Page, body: str, offset: int) -> tuple[str, list[Problem]]:
        self.problems.clear()
        self.calculators.setConfig("source_path", page.shown)
        self.calculators.setConfig("line_offset", offset)
        self.md.reset()
        html = self.md.convert(body)
        return html, list(self.problems)


#: The deepest indentation a page's line may have (a list nested about 100 levels): Markdown
#: takes time that grows with the cube of the depth (1,000 levels: seconds, in the build too).
MAX_INDENT = 400
_INDENT = re.compile(rf"^[ \t>]{{{MAX_INDENT + 1},}}", re.MULTILINE)


def _convert(
    page: _Page, convert: _Converter, lang: str
) -> tuple[dict[str, Any], set[str], list[tuple[str, str]], list[Problem]]:
    """Front matter, the ids the rendered page defines, its calculators (form id, calculator
    id) and the problems of its calculator blocks: a bad block is reported and left out, so the
    rest of the page (its headings and their anchors) is still there for the link check, and
    one mistake gives one message. A page indented deeper than :data:`MAX_INDENT` is reported
    and not converted."""
    body, meta = get_data(page.source)
    deep = _INDENT.search(page.source)
    if deep is not None:
        line = page.source.count("\n", 0, deep.start()) + 1
        message = t("content.too_deep", lang, limit=MAX_INDENT)
        return meta, set(), [], [Problem(page.shown, line, message)]
    offset = (
        page.source[: len(page.source) - len(body)].count("\n") if page.source.endswith(body) else 0
    )
    html, problems = convert(page, body, offset)
    return meta, set(_ID.findall(html)), _FORM.findall(html), problems


#: A front matter as MkDocs reads it (mkdocs.utils.meta).
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def _unreadable_front_matter(page: _Page, lang: str) -> Problem | None:
    """A front matter that is never closed, or is not YAML: MkDocs would read the page as having
    none, and "no owner" would send a manager looking for the wrong mistake."""
    if not page.source.startswith("---"):
        return None
    found = _FRONT_MATTER.match(page.source)
    if found is None:
        return Problem(page.shown, 1, t("content.front_matter_open", lang))
    try:
        load_with_lines(found[1])
    except YamlSourceError as exc:
        detail = exc.describe(lang)
        return Problem(
            page.shown, exc.line + 1, t("content.front_matter_yaml", lang, detail=detail)
        )
    return None


def _front_matter(
    page: _Page, meta: dict[str, Any], lang: str, today: dt.date, strict: bool
) -> list[Problem]:
    unreadable = _unreadable_front_matter(page, lang)
    if unreadable is not None:
        return [unreadable]
    problems = []
    if not meta.get("owner"):
        problems.append(
            Problem(
                page.shown,
                1,
                t("content.missing_owner", lang),
                hint=hint("content.missing_owner", lang),
            )
        )
    review = meta.get("review_by")
    if review is not None and not is_date(review):  # 2027-01-31 10:00, 下个月
        problems.append(
            Problem(
                page.shown,
                _meta_line(page.source, "review_by"),
                t("content.bad_date", lang, key="review_by", value=written(review, lang)),
            )
        )
    elif not is_date(review):
        problems.append(
            Problem(
                page.shown,
                1,
                t("content.missing_review", lang),
                hint=hint("content.missing_review", lang),
            )
        )
    elif review < today:
        problems.append(
            Problem(
                page.shown,
                _meta_line(page.source, "review_by"),
                t(
                    "content.review_overdue",
                    lang,
                    date=review.isoformat(),
                    owner=meta.get("owner") or "?",
                ),
                "error" if strict else "warning",
                hint=hint("content.review_overdue", lang),
            )
        )
    return problems


AUDIENCES = ("internal", "public")


def _audience(page: _Page, meta: dict[str, Any], lang: str) -> tuple[str, list[Problem]]:
    """Who the page is for: ``audience: public`` (it may go to customers' eyes) or internal, the
    default."""
    value = meta.get("audience", "internal")
    if value in AUDIENCES:
        return str(value), []
    problem = Problem(
        page.shown,
        _meta_line(page.source, "audience"),
        t("content.bad_audience", lang, value=written(value, lang)),
        hint=hint("content.bad_audience", lang),
    )
    return "internal", [problem]


#: Where else a page can point at another: a reference-style link definition, an HTML
#: attribute (a link, an embedded frame or object), a snippet include (pymdownx.snippets).
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?")
_ATTR = re.compile(r"""\b(?:href|src|data)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_SNIPPET = re.compile(r"""^\s*-+8<-+\s*(?:["']([^"']+)["'])?\s*$""")


def _linked_page(page: _Page, target: str, pages: dict[str, _Page]) -> str | None:
    """The page of ``pages`` that ``target`` (a link on ``page``) opens, or None. A link to a
    ``.md`` file is read against the source file, as MkDocs does; any other (``../process/``,
    ``/kpis/``, ``lead.html``) against the page's address."""
    path = target.partition("#")[0].partition("?")[0]
    if not path or _EXTERNAL.match(path):
        return None
    if path.endswith(".md"):
        if path.startswith("/"):
            found = posixpath.normpath(path.lstrip("/"))
        else:
            found = posixpath.normpath(posixpath.join(posixpath.dirname(page.path), path))
        return found if found in pages else None
    if path.startswith("/"):
        url = path.lstrip("/")
    else:
        name = posixpath.basename(page.path)
        here = posixpath.dirname(page.path) if name == "index.md" else page.path[: -len(".md")]
        url = posixpath.normpath(posixpath.join(here, path)) if here else posixpath.normpath(path)
    url = url.strip("/")
    if url.endswith(".html"):
        url = url[: -len(".html")]
        url = posixpath.dirname(url) if posixpath.basename(url) == "index" else url
    if url in ("", "."):
        return "index.md"
    for candidate in (f"{url}.md", f"{url}/index.md"):
        if candidate in pages:
            return candidate
    return None


def _included_page(target: str, pages: dict[str, _Page]) -> str | None:
    """The page a snippet include names (relative to the project, or to docs_dir)."""
    path = posixpath.normpath(target.strip())
    for candidate in pages.values():
        if not candidate.generated and path in (candidate.shown, candidate.path):
            return candidate.path
    return None


def _public_leaks(
    page: _Page,
    pages: dict[str, _Page],
    public: set[str],
    lang: str,
    flagged: set[tuple[str, int, str]],
) -> list[Problem]:
    """A public page must not lead a customer into the internal playbook or bring it onto the
    page: no link to an internal page (Markdown, reference-style or HTML, to its file or its
    address), no frame embedding one, no snippet including one, no internal plan in a
    calculator block. Glossary tooltips are left out of a public build altogether. The links
    reported go into ``flagged`` as (page, line, target): that is their one message (a link to
    an address, not the .md file, is not also reported as broken)."""
    problems = []
    in_fence = False
    in_snippets = False
    for number, line in enumerate(page.source.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            if line.startswith("plan:"):
                plan = line.split(":", 1)[1].strip()
                problems.append(
                    Problem(
                        page.shown,
                        number,
                        t("content.public_plan", lang, plan=plan),
                        hint=hint("content.public_plan", lang),
                    )
                )
            continue
        snippet = _SNIPPET.match(line)
        if snippet and not snippet[1]:  # a block of included files starts or ends
            in_snippets = not in_snippets
            continue
        included = snippet[1] if snippet else (line.strip() if in_snippets else "")
        if included:
            found = _included_page(included, pages)
            if found is not None and found not in public:
                problems.append(
                    Problem(
                        page.shown,
                        number,
                        t("content.public_includes_internal", lang, target=included),
                        hint=hint("content.public_includes_internal", lang),
                    )
                )
            continue
        targets = [*_LINK.findall(line), *_REF_DEF.findall(line), *_ATTR.findall(line)]
        for target in dict.fromkeys(targets):
            found = _linked_page(page, target, pages)
            if found is not None and found not in public:
                flagged.add((page.path, number, target))
                problems.append(
                    _where(
                        page,
                        number,
                        target,
                        t("content.public_links_internal", lang, target=target),
                        hint("content.public_links_internal", lang),
                    )
                )
    return problems


def _meta_line(source: str, key: str) -> int:
    for number, line in enumerate(source.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


#: Where the generated pages of each kind of content live: a link there is not checked while
#: that kind's data file cannot be read (its own error is the one message).
_GENERATED_AT = {
    "kpi": (KPI_PAGE,),
    "stage": (PROCESS_PAGE.rsplit("/", 1)[0] + "/",),
    "talk_track": (TRACKS_PAGE.rsplit("/", 1)[0] + "/",),
    "term": (GLOSSARY_PAGE,),
    "variable": (),
}


def _links(
    page: _Page,
    pages: dict[str, _Page],
    ids: dict[str, set[str]],
    files: set[str],
    lang: str,
    unchecked: tuple[str, ...] = (),
    flagged: set[tuple[str, int, str]] | None = None,
    excluded: frozenset[str] = frozenset(),
) -> list[tuple[str, Problem]]:
    """Broken links of ``page``, each with the docs-relative target it misses; links into
    ``unchecked`` (page paths or folders) are skipped. A link to a file MkDocs leaves out of
    the site (``excluded``) is broken on the site too, and says why."""
    problems = []
    in_fence = False
    for number, line in enumerate(page.source.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        for target in _LINK.findall(line):
            if _EXTERNAL.match(target) or (flagged and (page.path, number, target) in flagged):
                continue
            path, _, anchor = target.partition("#")
            if not path:
                resolved = page.path
            else:
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.path), path))
            if unchecked and resolved.startswith(unchecked):
                continue
            if resolved in excluded:
                problem = _where(
                    page,
                    number,
                    target,
                    t("content.link_excluded", lang, target=target, file=resolved),
                    hint("content.link_excluded", lang),
                )
                problems.append((resolved, problem))
                continue
            missing = resolved not in pages and resolved not in files
            if missing or (anchor and resolved in ids and anchor not in ids[resolved]):
                problem = _where(
                    page,
                    number,
                    target,
                    t("content.broken_link", lang, target=target),
                    hint("content.broken_link", lang),
                )
                problems.append((f"{resolved}#{anchor}", problem))
    return problems


def _one_per_target(found: list[tuple[str, Problem]], lang: str) -> list[Problem]:
    """One message per missing target, at its first link, naming the other places: a renamed
    heading or KPI gives one message, not one per page that links to it."""
    places: dict[str, list[Problem]] = {}
    for target, problem in found:
        places.setdefault(target, []).append(problem)
    out = []
    for first, *others in places.values():
        if others:
            where = place_list([f"{p.path}:{p.line}" for p in others])
            message = first.message + t("content.also_at", lang, count=len(others), places=where)
            first = Problem(first.path, first.line, message, first.severity, first.hint)
        out.append(first)
    return out


#: What a strict Content-Security-Policy (deploy/nginx.conf) blocks in a page's own HTML, by the
#: message that says so. Markdown's attribute lists (``{: style="…" }``) count as HTML.
_BLOCKED = (
    (
        "content.inline_script",
        re.compile(
            r"<script\b(?![^>]*\bsrc\s*=)(?![^>]*\btype\s*=\s*[\"']?application/(?:ld\+)?json)[^>]*>",
            re.IGNORECASE,
        ),
    ),
    (
        "content.inline_handler",
        re.compile(
            r"(?:<[a-z][^>]*|\{[^}]*)\s(?P<what>on[a-z]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>}]+))"
            r"|(?:href|src|action)\s*=\s*[\"']?\s*javascript:|\]\(\s*<?javascript:",
            re.IGNORECASE,
        ),
    ),
    (
        "content.inline_style",
        re.compile(
            r"(?:<[a-z][^>]*|\{[^}]*)\s(?P<what>style\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>}]+))"
            r"|<style\b[^>]*>",
            re.IGNORECASE,
        ),
    ),
)
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_COMMENT = re.compile(r"<!--.*?-->")


def _blocked_html(page: _Page, lang: str, strict: bool) -> list[Problem]:
    """Raw HTML in a hand-written page that the Content-Security-Policy blocks, each at its
    line (not in fenced code blocks, code spans or comments, which only show it). A warning: the
    page builds, that part of it does not work; an error with ``--strict``."""
    problems: list[Problem] = []
    fence = ""
    for number, line in enumerate(page.source.split("\n"), 1):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened[1]
            continue
        text = _COMMENT.sub("", _CODE_SPAN.sub("", line))
        for key, pattern in _BLOCKED:
            for match in pattern.finditer(text):
                what = (match.groupdict().get("what") or match[0]).strip()
                what = what if len(what) <= 60 else what[:57] + "…"
                problems.append(
                    Problem(
                        page.shown,
                        number,
                        t(key, lang, what=what),
                        "error" if strict else "warning",
                        hint=hint(key, lang),
                    )
                )
    return problems


#: An HTML tag or comment (``<br>``, ``</b>``, ``<img src=…>``, ``<!--``).
_DATA_HTML = re.compile(r"<(?:[a-zA-Z][\w-]*(?:[\s/][^<>\n]*)?|/[a-zA-Z][\w-]*\s*)>|<!--")


def _html_in_data(docs_dir: Path, root: Path, options: Options, lang: str) -> list[Problem]:
    """HTML written in a data or plan file, each at its line: the site shows it as the text it
    is (only a page's own Markdown is HTML), which is seldom what its writer meant. A warning;
    YAML comments and code spans (`` `<b>` ``, meant to be shown) do not count."""
    problems: list[Problem] = []
    for folder in (options.data_dir, options.plans_dir):
        for path in sorted((docs_dir / folder).rglob("*.yml")):
            shown = path.resolve().relative_to(root.resolve()).as_posix()
            text = path.read_bytes().decode("utf-8", "replace")
            for number, line in enumerate(text.splitlines(), 1):
                if line.lstrip().startswith("#"):
                    continue
                match = _DATA_HTML.search(_CODE_SPAN.sub("", line))
                if match:
                    what = match[0] if len(match[0]) <= 60 else match[0][:57] + "…"
                    problems.append(
                        Problem(
                            shown,
                            number,
                            t("content.data_html", lang, what=what),
                            "warning",
                            hint=hint("content.data_html", lang),
                        )
                    )
    return problems


def _where(page: _Page, number: int, needle: str, message: str, fix: str = "") -> Problem:
    """A problem on a generated page is reported where a manager can fix it: the line of its
    data file that holds ``needle`` (e.g. the link target)."""
    if page.origin is not None and page.origin.is_file():
        text = page.origin.read_bytes().decode("utf-8", "replace")
        for line_number, line in enumerate(text.splitlines(), 1):
            if needle in line:
                return Problem(page.origin_shown, line_number, message, hint=fix)
    return Problem(page.shown, number, message, hint=fix)


def check_project(
    docs_dir: Path,
    root: Path,
    options: Options | None = None,
    *,
    strict: bool | None = None,
    today: dt.date | None = None,
    excluded: frozenset[str] = frozenset(),
) -> CheckResult:
    """Every content problem of the project whose documentation lives in ``docs_dir``.
    ``strict`` (a page past its review date is an error) defaults to the site's
    ``overdue_review`` option. ``excluded``: the docs-relative files MkDocs leaves out of the
    site (:func:`playbook.options.excluded_docs`); a link to one is an error."""
    options = options or Options()
    lang = options.lang
    strict = options.overdue_is_error if strict is None else strict
    today = today or dt.date.today()
    result = CheckResult()
    result.plans, problems = load_plans(docs_dir, root, lang, plans_dir=options.plans_dir)
    result.problems += problems
    result.content, problems = load_content(docs_dir, root, lang, data_dir=options.data_dir)
    result.problems += problems
    result.problems += _html_in_data(docs_dir, root, options, lang)
    result.generated = generate_pages(result.content, lang)

    pages: dict[str, _Page] = {}
    files: set[str] = set()
    for path in sorted(docs_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(docs_dir).as_posix()
        files.add(rel)
        if path.suffix == ".md" and not rel.startswith(f"{options.data_dir}/"):
            shown = path.resolve().relative_to(root.resolve()).as_posix()
            try:
                text = read_source(path)
            except SourceError as exc:
                # Reported once; the rest of the page is still checked (its headings, links).
                result.problems.append(Problem(shown, exc.line, exc.describe(lang)))
                text = path.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
            pages[rel] = _Page(rel, shown, text, False)
    for rel, text in result.generated.items():
        if rel in pages:
            result.problems.append(
                Problem(
                    pages[rel].shown,
                    1,
                    t("content.generated_clash", lang),
                )
            )
        origin = text.split("generated_from: ", 1)[-1].split("\n", 1)[0].strip('"')
        pages[rel] = _Page(
            rel,
            t("content.generated_page", lang, page=f"{docs_dir.name}/{rel}", origin=origin),
            text,
            True,
            root / origin if origin else None,
            origin,
        )

    ids: dict[str, set[str]] = {}
    audiences: dict[str, str] = {}
    forms: dict[str, list[tuple[str, str]]] = {}
    result.sources = data_sources(result.content)
    page_variables = {
        **result.content.variables,
        **plan_variables(result.plans),
        **stage_variables(result.content.stages),
    }
    result.page_variables = page_variables
    convert = _Converter(result.plans, result.sources)
    told = _told(result, options.plans_dir)
    for page in pages.values():
        meta, ids[page.path], forms[page.path], problems = _convert(page, convert, lang)
        result.problems += problems
        result.problems += _front_matter(page, meta, lang, today, strict)
        result.problems += _variables(page, page_variables, lang, told)
        if not page.generated:
            result.problems += _blocked_html(page, lang, strict)
        audience, problems = _audience(page, meta, lang)
        audiences[page.path] = audience
        result.problems += problems
    public = {path for path, audience in audiences.items() if audience == "public"}
    result.public = public
    flagged: set[tuple[str, int, str]] = set()
    for public_path in sorted(public):
        result.problems += _public_leaks(pages[public_path], pages, public, lang, flagged)
        for form_id, calc_id in forms[public_path]:
            result.public_forms.setdefault(calc_id, (public_path, form_id))
    unchecked = tuple(
        prefix for kind in sorted(result.content.unreadable) for prefix in _GENERATED_AT[kind]
    )
    links = [
        found
        for page in pages.values()
        if page.path not in excluded
        for found in _links(page, pages, ids, files, lang, unchecked, flagged, excluded)
    ]
    for term in result.content.glossary:
        if term.link and not (unchecked and term.link.startswith(unchecked)):
            target, _, anchor = term.link.partition("#")
            if target not in pages or (anchor and anchor not in ids.get(target, set())):
                problem = Problem(
                    term.source.path,
                    term.source.line,
                    t("content.broken_link", lang, target=term.link),
                    hint=hint("content.broken_link", lang),
                )
                links.append((f"{target}#{anchor}", problem))
    result.problems += _one_per_target(links, lang)
    return result


def check_site(
    config_file: Path, *, strict: bool | None = None, today: dt.date | None = None
) -> list[Problem]:
    """``playbook check``: load ``mkdocs.yml`` as MkDocs does, then :func:`check_project` with
    the site's own options."""
    site = read_site(config_file)
    return check_project(
        site.docs_dir, site.root, site.options, strict=strict, today=today, excluded=site.excluded
    ).problems
