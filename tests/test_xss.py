"""Hostile content and input (issue 16): an XSS corpus, after OWASP's filter-evasion cheat
sheet, pushed through every entry point a manager or a visitor controls, built and opened in
Chromium. No script runs, no markup is injected, and every plain-text value still shows as text.

Entry points: page front matter (title, description, owner); every free-text field of
``docs/data/`` (stages, KPIs, talk tracks, glossary, variables), read from the content schema so
a new field is covered without editing this file; plan files (name, description, approvers);
calculator defaults in a ``calculator`` fence; share-link fragments; pasted tables (cells and
column headers); the name of an opened file; the search box.

Every vector, if it ran, adds to ``window.__xss`` or changes ``document.title``; every element
it could inject carries ``data-xss-marker`` (``data-xss`` where a field is short). A page's own
Markdown is trusted HTML by design (the managers' guide says so), so vectors go only into
values, never into a page's body.

Fields a manager writes as Markdown (a data file's ``intro``, a stage's ``description``) keep
their Markdown; raw HTML, unsafe link targets and attribute lists in them are shown as text
or dropped, never run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from conftest import LIVE_TIMEOUT_MS, ROOT, SiteServer

from playbook.content import schema

pytestmark = pytest.mark.browser

RUN = "window.__xss=(window.__xss||0)+1"

#: OWASP XSS filter evasion classics (and a few of our own for Markdown and templates).
VECTORS: tuple[str, ...] = (
    f"<script data-xss-marker>{RUN}</script>",
    f'<img src=x onerror="{RUN}" data-xss-marker>',
    f"<svg onload={RUN} data-xss-marker>",
    f'"><script data-xss-marker>{RUN}</script>',
    f"'><img src=x onerror={RUN} data-xss-marker>",
    f"javascript:{RUN}//",
    '<iframe srcdoc="<script>parent.__xss=1</script>" data-xss-marker></iframe>',
    f'<a href="javascript:{RUN}" data-xss-marker>点我</a>',
    f'" onmouseover="{RUN}" autofocus onfocus="{RUN}" data-xss-marker="',
    f"' onmouseover='{RUN}' autofocus onfocus='{RUN}' data-xss-marker='",
    f"</textarea><script data-xss-marker>{RUN}</script>",
    f"</title><script data-xss-marker>document.title='XSS';{RUN}</script>",
    "{{7*7}} ${7*7} <%= 7*7 %> {% if 1 %}模板{% endif %}",
    '<style data-xss-marker>@import "http://xss.invalid/x.css";</style>',
    f"<math><mtext><table><mglyph><style><img src=x onerror={RUN} data-xss-marker>",
    f"&lt;script&gt;{RUN}&lt;/script&gt;",
    r"\u003cscript\u003ewindow.__xss=1\u003c/script\u003e",
    f"[点我](javascript:{RUN})",
    "`<b data-xss-marker>`",
    f"<details open ontoggle={RUN} data-xss-marker>",
    f"--><img src=x onerror={RUN} data-xss-marker><!--",
    f'<object data="javascript:{RUN}" data-xss-marker></object>',
    f'{{: onclick="{RUN}" data-xss-marker="1" }}',
    f"<input autofocus onfocus={RUN} data-xss-marker>",
)
#: Short vectors for fields with a length limit, without spaces for fields split on spaces.
SHORT: tuple[str, ...] = (
    "<b/data-xss-marker>",
    "<svg/onload=__xss=1>",
    "\"'><b/data-xss>",
    "<svg/onload=alert()>",
)

#: Keys of kind text that name another record or are checked against one: not free text.
REFERENCES = {
    ("talk_track", "stage"),
    ("talk_track", "calculators"),
    ("kpi", "related"),
    ("kpi", "formula"),
    ("stage", "kpis"),
    ("stage", "talk_tracks"),
    ("term", "link"),
}
#: Keys a manager writes as Markdown, and keys no page shows (a variable's label and note, the
#: variables file's owner, a plan's name and description are for whoever edits the file):
#: checked for markers only.
MARKDOWN = {
    "intro",
    ("stage", "description"),
    ("variable", "label"),
    ("variable", "note"),
    ("variables.yml", "owner"),
}

#: Front matter of hand-written pages (their bodies are trusted Markdown and stay as they are).
FRONT_MATTER_PAGES = ("calculators/roi.md", "risk/data-protection.md", "index.md")


@dataclass
class Hostile:
    root: Path
    site: Path
    #: Values that must show somewhere as text, exactly as written.
    plain: list[str] = field(default_factory=list)


class _Injector:
    def __init__(self) -> None:
        self.count = 0
        self.plain: list[str] = []

    def next(self, markdown: bool = False, short: bool = False, plain_text: bool = False) -> str:
        vectors = SHORT if short else VECTORS
        vector = vectors[self.count % len(vectors)]
        self.count += 1
        while plain_text and "{{" in vector:
            # A variable's value may not use variables (the build says so): the next vector.
            vector = vectors[self.count % len(vectors)]
            self.count += 1
        # A number keeps each value unique (glossary terms, stage names, KPI names).
        value = f"{vector}№{self.count}" if short else f"{vector} №{self.count}"
        if not markdown:
            self.plain.append(value)
        return value

    def record(self, data: Any, record: schema.Record) -> Any:
        if not isinstance(data, dict):
            return data
        for key in record.keys:
            if key.name not in data or (record.name, key.name) in REFERENCES:
                continue
            markdown = key.name in MARKDOWN or (record.name, key.name) in MARKDOWN
            value = data[key.name]
            if key.kind == "text" and key.name in MARKDOWN:
                # Markdown around the vector: the page links to anchors an intro defines.
                data[key.name] = f"{value}\n\n{self.next(markdown)}\n"
            elif key.kind == "text":
                # A stage's name is a pipeline stage too, at most 30 characters.
                short = (record.name, key.name) == ("stage", "name")
                data[key.name] = self.next(markdown, short, record.name == "variable")
            elif key.kind == "texts":
                items = value if isinstance(value, list) else [value]
                data[key.name] = [self.next(markdown) for _ in items]
            elif key.kind == "record" and key.record is not None:
                self.record(value, key.record)
            elif key.kind == "records" and key.record is not None and isinstance(value, list):
                for item in value:
                    self.record(item, key.record)
        return data


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _front_matter(path: Path, values: dict[str, str]) -> None:
    text = path.read_text("utf-8")
    _, head, body = text.split("---\n", 2)
    meta = yaml.safe_load(head) or {}
    meta.update(values)
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body, "utf-8")


def _fence(path: Path, calc: str, inputs: str) -> None:
    """Replaces the inputs of the first ``calc`` fence of ``path``."""
    text = path.read_text("utf-8")
    start = text.index(f"```calculator\nid: {calc}\n")
    end = text.index("```\n", start + 3)
    text = text[:start] + f"```calculator\nid: {calc}\ninputs:\n{inputs}" + text[end:]
    path.write_text(text, "utf-8")


def make_hostile(root: Path) -> list[str]:
    """Copies the sample playbook to ``root`` with vectors in every free-text value; the
    values that must show as text."""
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "hooks", root / "hooks")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / name, root / name)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    inject = _Injector()
    data = root / "docs" / "data"
    for name, record in (
        ("kpis.yml", schema.KPIS_FILE),
        ("stages.yml", schema.STAGES_FILE),
        ("glossary.yml", schema.GLOSSARY_FILE),
        ("variables.yml", schema.VARIABLES_FILE),
    ):
        path = data / name
        _dump(path, inject.record(yaml.safe_load(path.read_text("utf-8")), record))
    for path in sorted((data / "talk-tracks").glob("*.yml")):
        _dump(path, inject.record(yaml.safe_load(path.read_text("utf-8")), schema.TALK_TRACK))
    for path in sorted((root / "docs" / "plans").glob("*.yml")):
        plan = yaml.safe_load(path.read_text("utf-8"))
        plan["name"] = inject.next(markdown=True)
        plan["description"] = inject.next(markdown=True)
        for number, level in enumerate(plan["inputs"].get("approval_levels", [])):
            level["approver"] = SHORT[number % len(SHORT)]
            inject.plain.append(level["approver"])
        _dump(path, plan)
    for page in FRONT_MATTER_PAGES:
        _front_matter(
            root / "docs" / page,
            {"title": inject.next(), "description": inject.next(), "owner": inject.next()},
        )
    calcs = root / "docs" / "calculators"
    _fence(
        calcs / "funnel.md",
        "funnel",
        "  target: 100万\n  avg_deal_size: 2.5万\n  win_rate: 25%\n  stages: |\n"
        f"    {SHORT[0]} 20%\n    {SHORT[1]} 50%\n  open_deals: |\n"
        f"    {SHORT[2]} 50万 60%\n    {SHORT[3]} 30万 40%\n",
    )
    _fence(
        calcs / "scorecard.md",
        "scorecard",
        f"  kpis: |\n    {SHORT[0]} 70% 300万 330万 正向 120%\n    {SHORT[2]} 30% 5 4 反向 120%\n",
    )
    inject.plain += SHORT
    return inject.plain


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    root = tmp_path_factory.mktemp("xss")
    plain = make_hostile(root)
    site = root / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "playbook", "build", "--site-dir", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        # This checkout's generator, also when run in another project's folder.
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, f"playbook build failed:\n{proc.stdout}\n{proc.stderr}"
    return Hostile(root, site, plain)


@pytest.fixture(scope="module")
def server(hostile: Hostile) -> Iterator[SiteServer]:
    served = SiteServer(hostile.site)
    yield served
    served.close()


@dataclass
class Watched:
    page: Any
    dialogs: list[str]
    errors: list[str]


@pytest.fixture(scope="module")
def watched(browser: Any, server: SiteServer) -> Iterator[Watched]:
    """One context and page for the module; any dialog is recorded and dismissed, and any
    request to another origin (an ``@import``, an image) is refused."""
    context = browser.new_context(locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith((server.origin, "data:", "blob:"))
            else route.abort()
        ),
    )
    page = context.new_page()
    watched = Watched(page, [], [])
    page.on("dialog", lambda dialog: (watched.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    yield watched
    context.close()


#: What a run vector leaves behind, on the page as it stands.
_TRACES = """() => ({
  ran: window.__xss || 0,
  title: document.title,
  markers: [...document.querySelectorAll('[data-xss-marker], [data-xss]')]
    .map(e => e.outerHTML.slice(0, 120)),
  hrefs: [...document.querySelectorAll('[href^="javascript" i], [src^="javascript" i],'
    + ' [data^="javascript" i], iframe[srcdoc]')].map(e => e.outerHTML.slice(0, 120)),
  handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
    .filter(a => /^on/i.test(a.name) && /__xss/.test(a.value))
    .map(a => e.tagName + ' ' + a.name)),
})"""


def traces(watched: Watched) -> list[str]:
    """What a run or injected vector left on the page as it stands (empty when clean)."""
    found: dict[str, Any] = watched.page.evaluate(_TRACES)
    problems = [f"{name}: {value}" for name, value in found.items() if value and name != "title"]
    if found["title"] == "XSS":
        problems.append("the title was changed")
    if watched.dialogs:
        problems.append(f"dialogs: {watched.dialogs}")
        watched.dialogs.clear()
    return problems


def assert_clean(watched: Watched, where: str) -> None:
    problems = traces(watched)
    assert not problems, f"{where}: " + "; ".join(problems)


#: The text a page shows: its body as rendered, its title, its description, and text it holds
#: hidden until asked for (a closed option, a folded block), scripts and styles left out.
_SHOWN = """() => {
  const copy = document.documentElement.cloneNode(true);
  copy.querySelectorAll('script, style').forEach(e => e.remove());
  return [document.body.innerText, document.title, copy.textContent,
    document.querySelector('meta[name=description]')?.content || ''].join('\\n');
}"""


def _pages(site: Path) -> list[str]:
    paths = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        if relative.startswith(("assets", "search")):
            continue
        paths.append("/" if relative == "." else f"/{relative}/")
    return paths


def test_every_page_of_the_hostile_site_is_clean_and_shows_values_as_text(
    hostile: Hostile, server: SiteServer, watched: Watched
) -> None:
    pages = _pages(hostile.site)
    assert len(pages) > 50
    missing = set(hostile.plain)
    dirty: list[str] = []
    for path in pages:
        watched.page.goto(server.origin + path, wait_until="load")
        watched.page.wait_for_timeout(50)  # handlers of images that fail to load
        dirty += [f"{path}: {problem}" for problem in traces(watched)]
        if missing:
            text = watched.page.evaluate(_SHOWN)
            missing = {value for value in missing if value not in text}
    assert not dirty, "\n".join(dirty)
    assert not missing, f"values not shown as text anywhere: {sorted(missing)[:10]}"


def _form(page: Any, calc: str) -> Any:
    return page.locator(f'form.pb-calc[data-calc="{calc}"]').first


def _open_live(watched: Watched, server: SiteServer, path: str) -> None:
    watched.page.goto(server.origin + path)
    watched.page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)


def _computed(page: Any, form: Any) -> None:
    """Until the form has answered what was typed (a result or a message)."""
    page.wait_for_function(
        "f => f.dataset.state === 'live' && !f.querySelector('[aria-busy=\"true\"]')",
        arg=form.element_handle(),
        timeout=30_000,
    )
    page.wait_for_timeout(300)


def test_share_link_fragments_are_read_as_text(server: SiteServer, watched: Watched) -> None:
    """A link a visitor was sent: every text input of the funnel calculator from the fragment."""
    stages = "\n".join(f"{vector} 50%" for vector in SHORT)
    deals = "\n".join(f"{vector} 10万 50%" for vector in SHORT)
    fragment = "#pb-funnel-1?" + "&".join(
        f"{name}={quote(value, safe='')}"
        for name, value in (("stages", stages), ("open_deals", deals), ("target", VECTORS[1]))
    )
    _open_live(watched, server, "/calculators/funnel/" + fragment)
    form = _form(watched.page, "funnel")
    _computed(watched.page, form)
    assert_clean(watched, "funnel share link")
    values = watched.page.eval_on_selector(
        "form.pb-calc", "f => [f.stages.value, f.open_deals.value, f.target.value]"
    )
    assert values == [stages, deals, VECTORS[1]]
    text = form.inner_text()
    assert SHORT[0] in text or VECTORS[1] in text  # a stage name in the results, or the message


@pytest.mark.parametrize(
    ("path", "calc", "name", "table", "shown"),
    [
        (
            "/calculators/pipeline/",
            "pipeline",
            "deals",
            "商机名称\t阶段\t金额\t预计成交日期\t"
            + VECTORS[11]
            + "\n"
            + "\n".join(
                f"{vector}\t{'方案与演示' if n % 2 else vector}\t10万\t2026-01-31\t{vector}"
                for n, vector in enumerate(VECTORS)
            ),
            # Stages the table names that the playbook does not know are listed by name.
            [VECTORS[0], VECTORS[2], VECTORS[14]],
        ),
        (
            "/calculators/customer-tiers/",
            "customer_tiers",
            "orders",
            f"客户\t日期\t金额\t{VECTORS[1]}\n"
            + "\n".join(
                f"{vector}\t2025-0{1 + n % 9}-15\t{1000 + n}\t{vector}"
                for n, vector in enumerate(VECTORS)
            ),
            [VECTORS[1]],
        ),
    ],
)
def test_pasted_tables_are_read_as_text(
    server: SiteServer,
    watched: Watched,
    path: str,
    calc: str,
    name: str,
    table: str,
    shown: list[str],
) -> None:
    _open_live(watched, server, path)
    form = _form(watched.page, calc)
    form.locator(f'textarea[name="{name}"]').fill(table)
    _computed(watched.page, form)
    assert_clean(watched, f"{calc} pasted table")
    assert form.locator(f'textarea[name="{name}"]').input_value() == table
    text = form.inner_text()
    assert [value for value in shown if value not in text] == []


def test_an_opened_files_name_is_shown_as_text(
    server: SiteServer, watched: Watched, tmp_path: Path
) -> None:
    name = f"\"><img src=x onerror={RUN} data-xss-marker>'<svg onload={RUN}>.csv"
    path = tmp_path / name
    path.write_text(f"商机名称,阶段,金额,预计成交日期\n{VECTORS[0]},方案与演示,10万,2026-01-31\n")
    _open_live(watched, server, "/calculators/pipeline/")
    form = _form(watched.page, "pipeline")
    form.locator(".pb-data__file").set_input_files(str(path))
    watched.page.wait_for_selector("form.pb-calc .pb-data__name:visible")
    _computed(watched.page, form)
    assert_clean(watched, "opened file")
    assert name in form.locator(".pb-data__name").inner_text()


def test_the_search_box_shows_queries_and_results_as_text(
    server: SiteServer, watched: Watched
) -> None:
    page = watched.page
    page.goto(server.origin + "/")
    label = page.locator('label[for="__search"]').first
    if label.is_visible():
        label.click()
    else:
        page.click(".md-search__input")
    box = page.locator(".md-search__input")
    for query in (*VECTORS[:4], VECTORS[14], "№1", "script", "onerror"):
        box.focus()
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.keyboard.insert_text(query)
        page.keyboard.press("End")
        page.wait_for_function(
            """() => document.querySelector('.md-search-result__item')
                 || document.querySelector('.md-search-result__meta')
                      ?.textContent.includes('没有')""",
            timeout=15_000,
        )
        page.wait_for_timeout(100)
        assert_clean(watched, f"search {query!r}")
    # Results show hostile values (titles, stage names) as text; open the first one.
    first = page.locator(".md-search-result__item a").first
    assert first.count(), "the last query found nothing"
    first.click()
    page.wait_for_load_state("load")
    assert_clean(watched, "search result")
