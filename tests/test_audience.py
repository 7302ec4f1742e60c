"""A customer-safe site: ``audience: public`` pages, ``playbook build --audience public``.

The public build holds the public pages and nothing else: no internal page, no text of one,
in any file it writes (HTML, search index, sitemap, offline list, runtime). A public page that
would lead a customer into the internal playbook fails the check and the build with file:line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import LIVE_TIMEOUT_MS, ROOT, SiteServer, calc_inputs, free_port, wait_for_output

import calculators

DOCS = ROOT / "docs"


def _run(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "playbook", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        # This checkout's generator, also when run in another project's folder.
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )


#: Where the internal playbook is served: the public build must not name it anywhere.
INTERNAL_URL = "https://intranet.example.com/sales/playbook/"


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("public-site")
    proc = _run(
        "build",
        "--audience",
        "public",
        "--site-dir",
        str(site),
        env={"PLAYBOOK_SITE_URL": INTERNAL_URL, "PLAYBOOK_PUBLIC_URL": "https://roi.example.cn"},
    )
    assert proc.returncode == 0, proc.stderr
    return site


def _front(path: Path) -> dict[str, object]:
    text = path.read_text("utf-8")
    if not text.startswith("---"):
        return {}
    data = yaml.safe_load(text.split("---", 2)[1]) or {}
    return data if isinstance(data, dict) else {}


def _public_pages() -> set[str]:
    return {
        p.relative_to(DOCS).as_posix()
        for p in DOCS.rglob("*.md")
        if _front(p).get("audience") == "public"
    }


_PROSE = re.compile(r"[\u4e00-\u9fff，、；：“”（）]{14,}")


def _internal_sentences() -> list[str]:
    """Runs of Chinese prose from every internal page and the internal data files."""
    found: list[str] = []
    public = _public_pages()
    for path in sorted(DOCS.rglob("*.md")):
        if path.relative_to(DOCS).as_posix() in public:
            continue
        found += _PROSE.findall(path.read_text("utf-8"))
    for path in sorted((DOCS / "data").rglob("*.yml")) + sorted((DOCS / "plans").rglob("*.yml")):
        found += _PROSE.findall(path.read_text("utf-8"))
    # Text a public page shares word for word is not a leak, nor is the generator's own text
    # (calculator help and conventions, which pages may quote).
    shared = "".join((DOCS / p).read_text("utf-8") for p in public) + "".join(
        p.read_text("utf-8") for p in (ROOT / "calculators").rglob("messages.json")
    )
    return sorted({s for s in found if s not in shared})


def _output_text(site: Path) -> str:
    parts = []
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix in (".wasm", ".bin", ".zip", ".gz"):
            continue
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as wheel:
                parts += [wheel.read(n).decode("utf-8", "replace") for n in wheel.namelist()]
            continue
        parts.append(path.read_text("utf-8", errors="replace"))
    return "\n".join(parts)


def test_the_sample_has_a_public_page() -> None:
    assert "for-customers/index.md" in _public_pages()


def test_only_public_pages_are_built(public_site: Path) -> None:
    pages = sorted(p.relative_to(public_site).as_posix() for p in public_site.rglob("*.html"))
    assert pages == ["404.html", "for-customers/index.html", "index.html"]
    assert not (public_site / "feed.xml").exists()
    assert not (public_site / "kpis").exists() and not (public_site / "glossary").exists()


def test_no_internal_text_anywhere_in_the_public_build(public_site: Path) -> None:
    sentences = _internal_sentences()
    assert len(sentences) > 200, "the corpus of internal text is too small to mean anything"
    text = _output_text(public_site)
    leaked = [s for s in sentences if s in text]
    assert leaked == []
    for internal in ("销售运营部", "负责人", "review_by", "edit/main", "intranet.example.com"):
        assert internal not in text, internal
    # Named as the customer site, not the playbook; addressed at its own host.
    site_name = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)["site_name"]
    assert site_name not in text
    home = (public_site / "index.html").read_text("utf-8")
    assert "<title>投资回报测算</title>" in home  # public_name in mkdocs.yml
    assert "https://roi.example.cn/for-customers/" in (public_site / "sitemap.xml").read_text()


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml (its !ENV and !!python tags are not needed here)."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def test_the_public_calculator_is_live_and_escapes_nothing_internal(public_site: Path) -> None:
    html = (public_site / "for-customers" / "index.html").read_text("utf-8")
    assert 'data-calc="roi"' in html and 'data-output="npv"' in html
    assert "pb-term" not in html  # no glossary links into the internal glossary
    assert 'class="md-source"' not in html  # no link to the team's repository


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / name, root / name)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    return root


def _mark_public(page: Path, extra: str = "") -> None:
    text = page.read_text("utf-8")
    page.write_text(text.replace("---\n", "---\naudience: public\n", 1) + extra, "utf-8")


def test_a_public_page_linking_an_internal_one_fails_with_its_line(tmp_path: Path) -> None:
    root = _project(tmp_path)
    page = root / "docs" / "for-customers" / "index.md"
    page.write_text(
        page.read_text("utf-8") + "\n更多说明见[指标词典](../kpis/index.md)。\n", "utf-8"
    )
    line = (
        page.read_text("utf-8").splitlines().index("更多说明见[指标词典](../kpis/index.md)。") + 1
    )
    proc = _run("check", cwd=root)
    assert proc.returncode == 1
    assert f"docs/for-customers/index.md:{line}" in proc.stdout + proc.stderr
    assert "公开页面链接了内部页面：../kpis/index.md" in proc.stdout + proc.stderr
    build = _run("build", "--audience", "public", "--site-dir", str(tmp_path / "out"), cwd=root)
    assert build.returncode != 0
    assert "公开页面链接了内部页面" in build.stdout + build.stderr


#: Ways a public page can lead to or bring in an internal page, each one line (or the line of a
#: snippet block that names the file), and what the check says about it.
LEAKS = [
    ("更多说明见[指标词典](../kpis/index.md)。", "链接了内部页面：../kpis/index.md"),
    ("[赢单率](../kpis/index.md#赢单率) 的口径", "链接了内部页面：../kpis/index.md#赢单率"),
    ("[流程页]: ../process/index.md", "链接了内部页面：../process/index.md"),
    ('<a href="../talk-tracks/objections/">异议处理</a>', "链接了内部页面：../talk-tracks/"),
    ("[报价阶段](/process/negotiate/)", "链接了内部页面：/process/negotiate/"),
    ("[提成](../incentives/commission.html)", "链接了内部页面：../incentives/commission.html"),
    ('<iframe src="../incentives/commission/"></iframe>', "链接了内部页面：../incentives/comm"),
    ('--8<-- "docs/process-guides/contract-essentials.md"', "引入了内部页面的内容：docs/process-"),
    ("--8<--\ndocs/guide/reps.md\n--8<--", "引入了内部页面的内容：docs/guide/reps.md"),
]
#: Lines that look alike and are fine: the page itself, its own anchors, other sites, a
#: snippet from outside the docs.
HARMLESS = [
    "[本页](index.md)",
    "[怎么填](#怎么填)",
    "[官网](https://example.com/process/)",
    '<a href="//example.com/kpis/">外部</a>',
    '--8<-- "LICENSE"',
]


def test_every_way_to_leak_is_caught_once_at_its_line(tmp_path: Path) -> None:
    root = _project(tmp_path)
    page = root / "docs" / "for-customers" / "index.md"
    text = page.read_text("utf-8").rstrip("\n") + "\n"
    where: dict[str, int] = {}
    for line, _ in LEAKS:
        text += "\n"
        first = text.count("\n") + 1
        text += line + "\n"
        # A snippet block is reported at the file it names.
        where[line] = first + 1 if line.startswith("--8<--\n") else first
    for line in HARMLESS:
        text += "\n" + line + "\n"
    page.write_text(text, "utf-8")
    proc = _run("check", cwd=root)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1
    reported = [row for row in out.splitlines() if "docs/for-customers/index.md:" in row]
    for line, message in LEAKS:
        at = f"docs/for-customers/index.md:{where[line]}"
        mine = [row for row in reported if at in row]
        assert len(mine) == 1, (line, mine, out)  # one mistake, one message
        assert message in mine[0], (line, mine[0])
    assert len(reported) == len(LEAKS), out  # nothing for the harmless lines


def test_a_public_page_with_an_internal_plan_fails(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _mark_public(root / "docs" / "incentives" / "commission.md")
    proc = _run("check", cwd=root)
    assert proc.returncode == 1
    assert "公开页面的计算器用了内部方案：plan: commission-standard" in proc.stdout + proc.stderr


def test_a_bad_audience_is_named(tmp_path: Path) -> None:
    root = _project(tmp_path)
    page = root / "docs" / "for-customers" / "index.md"
    page.write_text(page.read_text("utf-8").replace("audience: public", "audience: customers"))
    proc = _run("check", cwd=root)
    assert proc.returncode == 1
    assert "docs/for-customers/index.md:4" in proc.stdout + proc.stderr
    assert "audience 只能是 public 或 internal，这里是「customers」" in proc.stdout + proc.stderr


@pytest.mark.browser
def test_send_to_customer_opens_the_public_page_with_the_numbers(
    browser: Any, tmp_path: Path
) -> None:
    """发给客户 on the internal site: a link to the public site's page with the same calculator,
    the rep's numbers in its fragment; opened, it shows CPython's figures for them. Neither
    server sees the numbers."""
    port = free_port()
    public_url = f"http://127.0.0.1:{port}/"
    public, internal = tmp_path / "public", tmp_path / "internal"
    env = {"PLAYBOOK_PUBLIC_URL": public_url}
    builds: list[tuple[tuple[str, ...], Path]] = [
        (("--audience", "public"), public),
        ((), internal),
    ]
    for args, site in builds:
        proc = _run("build", *args, "--site-dir", str(site), env=env)
        assert proc.returncode == 0, proc.stderr
    # Only where a public page has the calculator.
    assert 'data-action="customer"' in (internal / "calculators/roi/index.html").read_text()
    assert 'data-action="customer"' not in (
        internal / "calculators/commission/index.html"
    ).read_text("utf-8")
    assert 'data-action="customer"' not in (public / "for-customers/index.html").read_text()
    public_server, internal_server = SiteServer(public, port=port), SiteServer(internal)
    context = browser.new_context(locale="zh-CN")
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.goto(internal_server.origin + "/calculators/roi/")
        page.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
        for name, text in (("upfront_cost", "36万"), ("annual_benefit", "20万 25万 30万")):
            page.locator(f'form.pb-calc [name="{name}"]').fill(text)
        typed = calc_inputs(page)
        npv: str = calculators.compute("roi", typed, from_form=True)["npv"]
        wait_for_output(page, "npv", npv)
        page.locator('.pb-calc__action[data-action="customer"]').click()
        notice = page.locator(".pb-calc__notice")
        notice.wait_for(state="visible")
        assert f"127.0.0.1:{port}" in notice.inner_text()
        link: str = page.evaluate("navigator.clipboard.readText()")
        assert link.startswith(public_url + "for-customers/#pb-roi-1?"), link
        assert notice.locator("a.pb-calc__preview").get_attribute("href") == link
        assert public_server.requests == []  # the internal page asked nothing of it
        customer = context.new_page()
        customer.goto(link)
        customer.wait_for_selector('form.pb-calc[data-state="live"]', timeout=LIVE_TIMEOUT_MS)
        wait_for_output(customer, "npv", npv)
        assert calc_inputs(customer) == typed
        assert "36万" not in "".join(public_server.requests)
        assert all("#" not in path for path in public_server.requests)
    finally:
        context.close()
        public_server.close()
        internal_server.close()
