"""The MkDocs side of the generator: what the ``playbook`` plugin (:mod:`playbook.plugin`)
delegates to.

- ``on_config``: build (or reuse) the browser runtime, point the calculator fence at it, add the
  calculator stylesheet.
- ``on_page_markdown``: tell the calculator fence which file it is reading and where the page's
  body starts in it, so a bad block fails the build with ``file:line``.
- ``on_post_build``: copy the runtime (Pyodide core, our wheel and lock file, our JS/CSS) into
  the built site, and the offline service worker to its root.
"""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
import posixpath
import re
import shutil
from pathlib import Path
from typing import Any

from mkdocs.utils.meta import get_data

from calculators import clock
from calculators.html import Markup, el, escape
from playbook.assets import SERVICE_WORKER, RuntimeAssets, RuntimeBuildError, build_runtime
from playbook.check import AUDIENCES, check_project
from playbook.content.model import Content, Variable
from playbook.content.variables import fill_markdown
from playbook.errors import ContentError
from playbook.history import History, read_history
from playbook.messages import t
from playbook.offline import offline_manifest, write_manifest
from playbook.options import Options, excluded_docs
from playbook.render.changes import CHANGES_PAGE, FEED, atom_feed, changes_page, entries
from playbook.render.page_info import page_info
from playbook.render.pages import glossary_links
from playbook.review import pages as review_pages
from playbook.search import calculator_terms, content_terms, register_terms
from playbook.theme_scripts import ThemeScript, ThemeScriptError, theme_scripts

__all__ = ["CALCULATOR_EXTENSION", "on_config", "on_files", "on_page_markdown", "on_post_build"]

CALCULATOR_EXTENSION = "playbook.markdown.calculators"
GLOSSARY_EXTENSION = "playbook.markdown.glossary"
STYLESHEET = "assets/playbook/calc.css"
CONTENT_SCRIPT = "assets/playbook/content.js"
#: Theme overrides shipped with the generator (the 404 page in the site's language, the text
#: page scripts show).
THEME_DIR = Path(__file__).resolve().parent / "theme"
#: Catalog keys of the text the theme overrides show, as ``config.extra.playbook_text``.
THEME_TEXT = (
    "not_found_title",
    "not_found_body",
    "not_found_home",
    "not_found_search",
    "not_found_sections",
    "glossary_more",
)
#: What 下载离线版 in the footer shows (``config.extra.playbook_offline``, read by content.js).
OFFLINE_TEXT = (
    "offline_download",
    "offline_size",
    "offline_explain",
    "offline_progress",
    "offline_ready",
    "offline_remove",
    "offline_failed_network",
    "offline_failed_changed",
    "offline_failed_quota",
    "offline_failed_stopped",
    "offline_kept",
    "offline_retry",
)

# Served by `mkdocs serve` and `playbook serve`: streaming compilation needs application/wasm.
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".mjs")

#: The generator's options for the site being built (set by the plugin from ``mkdocs.yml``).
options = Options()
_runtime: RuntimeAssets | None = None
_history: History = History(note="no_git")
_content: Content | None = None
_page_variables: dict[str, Variable] = {}
_generated: dict[str, str] = {}
#: The pages marked ``audience: public`` (all a public build contains).
_public: set[str] = set()
#: Material's inline scripts as files (:mod:`playbook.theme_scripts`), added to every build.
_theme_scripts: dict[str, ThemeScript] = {}
log = logging.getLogger("mkdocs.plugins.playbook")


def _project_root(config: Any) -> Path:
    return Path(config["config_file_path"]).resolve().parent


def on_config(config: Any, site_options: Options | None = None) -> Any:
    global _runtime, options
    options = site_options or Options.from_plugin(None, config["theme"].get("language"))
    root = _project_root(config)
    try:
        _runtime = build_runtime(root)
    except RuntimeBuildError as exc:
        raise ContentError.at("mkdocs.yml", 0, exc.describe(options.lang)) from None
    ext_config = config["mdx_configs"].setdefault(CALCULATOR_EXTENSION, {})
    ext_config.update(
        runtime=_runtime.runtime_id, pyodide_version=_runtime.pyodide_version, lang=options.lang
    )
    global _content, _generated, _history
    docs_dir = Path(config["docs_dir"])
    result = check_project(docs_dir, root, options, excluded=excluded_docs(docs_dir, config))
    for problem in result.problems:
        if problem.severity != "error":
            log.info("%s", problem)  # e.g. an overdue review date: reported, not fatal
    if result.errors:
        raise ContentError(result.errors)
    ext_config["plans"] = result.plans
    ext_config["sources"] = result.sources
    _content, _generated = result.content, result.generated
    global _page_variables
    _page_variables = result.page_variables
    global _public
    _public = result.public
    if options.audience not in AUDIENCES:
        raise ContentError.at(
            "mkdocs.yml", 0, t("content.bad_audience", options.lang, value=options.audience)
        )
    if options.audience == "public" and not _public:
        raise ContentError.at("mkdocs.yml", 0, t("content.no_public_pages", options.lang))
    public_url = _public_url(options.public_url)
    if options.audience == "public":
        config["repo_url"] = None  # the team's repository is not for customers
        config["edit_uri"] = None
        config["site_description"] = None  # describes the internal playbook
        # The customer site's own name and address (the sitemap, canonical links and the 404
        # page's base), never the internal playbook's.
        config["site_name"] = options.public_name or t("site.public_name", options.lang)
        config["site_url"] = public_url or None
        if config.get("nav"):
            config["nav"] = _prune_nav(config["nav"], _public | {"index.md"})
    elif public_url:
        # 发给客户: each calculator that a public page has links to that page on the public site.
        ext_config["customer_links"] = {
            calc_id: (public_url + _page_url(path, config), form_id)
            for calc_id, (path, form_id) in result.public_forms.items()
        }
    _history = read_history(root)
    register_terms([*calculator_terms(), *content_terms(_content)])
    _theme(config, ext_config["lang"])
    if config.get("repo_url") and not config.get("edit_uri"):
        docs = Path(config["docs_dir"]).resolve().relative_to(root).as_posix()
        config["edit_uri"] = f"edit/{options.branch}/{docs}/"
    if STYLESHEET not in config["extra_css"]:
        config["extra_css"].append(STYLESHEET)
    if CONTENT_SCRIPT not in [str(s) for s in config["extra_javascript"]]:
        config["extra_javascript"].append(CONTENT_SCRIPT)
    return config


def _public_url(value: str) -> str:
    """The public site's address, ending in ``/`` ("" when there is none)."""
    value = value.strip()
    if not value:
        return ""
    if not re.match(r"https?://[^/\s]+", value) or any(c.isspace() for c in value):
        raise ContentError.at(
            "mkdocs.yml", 0, t("content.bad_public_url", options.lang, value=value)
        )
    return value if value.endswith("/") else value + "/"


def _page_url(path: str, config: Any) -> str:
    """The URL of docs-relative ``path`` under the site root, as MkDocs writes it."""
    from mkdocs.structure.files import File

    url: str = File(
        path, config["docs_dir"], config["site_dir"], bool(config.get("use_directory_urls", True))
    ).url
    return "" if url in (".", "./") else url


def _theme(config: Any, lang: str) -> None:
    """Our template overrides ahead of Material's, their text in the site's language, and no
    "Made with Material for MkDocs" in the footer (a team's playbook is theirs)."""

    dirs: list[str] = config["theme"].dirs
    if str(THEME_DIR) not in dirs:
        # After a team's own custom_dir (their overrides win), before Material's templates.
        dirs.insert(1 if config["theme"].custom_dir else 0, str(THEME_DIR))
    config["extra"].setdefault("generator", False)
    # Material's inline scripts, loaded from files instead (a strict Content-Security-Policy).
    global _theme_scripts
    try:
        _theme_scripts = theme_scripts()
    except ThemeScriptError as exc:
        raise ContentError.at(
            "mkdocs.yml", 0, t("content.theme_script", lang, detail=str(exc))
        ) from None
    config["extra"]["playbook_scripts"] = {
        name: script.path for name, script in _theme_scripts.items()
    }
    config["extra"]["playbook_text"] = {key: t(f"site.{key}", lang) for key in THEME_TEXT}
    config["extra"]["playbook_offline"] = {
        "mode": "automatic" if options.offline_automatic else "ask",
        "text": {key: t(f"site.{key}", lang) for key in OFFLINE_TEXT},
    }


def _line_offset(source: str, markdown: str) -> int:
    """Lines of front matter MkDocs stripped before ``markdown`` (0 when it is all body)."""
    if source.endswith(markdown) and markdown:
        return source[: len(source) - len(markdown)].count("\n")
    return 0


def on_files(files: Any, config: Any) -> Any:
    """Add the pages generated from ``docs/data/`` (a hand-written page of the same path wins
    nothing: the clash is an error, so nobody edits a page that the build overwrites)."""
    from mkdocs.structure.files import File, InclusionLevel

    # The data and plan files feed pages; they are not pages or downloads themselves.
    data, plans = options.data_dir + "/", options.plans_dir + "/"
    for file in files:
        uri = file.src_uri
        if uri.startswith(data) or (uri.startswith(plans) and uri.endswith((".yml", ".yaml"))):
            file.inclusion = InclusionLevel.EXCLUDED
    # Material's inline scripts, as files (every page loads them; a public build too).
    for script in _theme_scripts.values():
        files.append(File.generated(config, script.path, content=script.source))
    if options.audience == "public":
        return _public_only(files, config)
    for path, text in _generated.items():
        existing = files.get_file_from_path(path)
        if existing is not None and not existing.generated_by:
            raise ContentError.at(
                f"{config['docs_dir']}/{path}", 0, t("content.generated_clash", options.lang)
            )
        files.append(File.generated(config, path, content=text))
    if files.get_file_from_path(CHANGES_PAGE) is None:
        files.append(File.generated(config, CHANGES_PAGE, content=_changes(config)[0]))
    return files


def _prune_nav(nav: Any, keep: set[str]) -> Any:
    """``nav`` with only the pages in ``keep`` (sections left empty go too)."""
    out: list[Any] = []
    for item in nav:
        if isinstance(item, str):
            if item in keep:
                out.append(item)
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    inner = _prune_nav(value, keep)
                    if inner:
                        out.append({title: inner})
                elif isinstance(value, str) and (value in keep or "://" in value):
                    out.append({title: value})
    return out


def _public_only(files: Any, config: Any) -> Any:
    """A site for customers: the pages marked ``audience: public`` and the files they name;
    nothing generated from the internal data, no change log."""
    from mkdocs.structure.files import InclusionLevel

    docs = Path(config["docs_dir"])
    sources = [
        (docs / path).read_text("utf-8-sig") for path in sorted(_public) if (docs / path).is_file()
    ]
    theme = {script.path for script in _theme_scripts.values()}
    for file in files:
        if file.inclusion == InclusionLevel.EXCLUDED or file.src_uri in theme:
            continue
        if file.is_documentation_page():
            keep = file.src_uri in _public
        else:  # an image or download: only if a public page names it
            keep = any(posixpath.basename(file.src_uri) in text for text in sources)
        if not keep:
            file.inclusion = InclusionLevel.EXCLUDED
    if "index.md" not in _public:
        from mkdocs.structure.files import File

        home = files.get_file_from_path("index.md")
        if home is not None:
            files.remove(home)
        files.append(
            File.generated(config, "index.md", content=_public_home(docs, config["site_name"]))
        )
    return files


def _public_home(docs: Path, site_name: str) -> str:
    """The public site's home page when the playbook's own is internal: its public pages."""
    lines = [f"# {site_name}", ""]
    for path in sorted(_public):
        text = (docs / path).read_text("utf-8-sig")
        title = re.search(r"^# (.+)$", text, re.MULTILINE)
        lines.append(f"- [{title[1] if title else path}]({path})")
    return "\n".join(lines) + "\n"


def _titles(config: Any) -> dict[str, str]:
    """Docs-relative page → its title, for the changes page and feed."""
    docs = Path(config["docs_dir"])
    titles = {
        Path(shown).relative_to(Path(shown).parts[0]).as_posix(): title
        for shown, title, _, _ in review_pages(docs, _project_root(config), options.data_dir)
    }
    for path, text in _generated.items():
        _, meta = get_data(text)
        titles[path] = str(meta.get("title") or path)
    return titles


def _changes(config: Any) -> tuple[str, str]:
    """The 最近更新 page and the Atom feed, from git history."""
    titles = _titles(config)
    docs = Path(config["docs_dir"]).resolve().relative_to(_project_root(config)).as_posix()
    items = entries(_history, docs, list(titles), options.data_dir)
    base = str(config.get("site_url") or "")
    page = changes_page(items, _history, titles, options.lang)
    feed = atom_feed(items, titles, str(config["site_name"]), base)
    return page, feed


def _site_root(page: Any) -> str:
    """The relative path from ``page`` to the site root, ending in ``/``."""
    url = page.url.rstrip("/") or "."
    depth_dir = url if page.url.endswith("/") else posixpath.dirname(url) or "."
    return posixpath.relpath(".", depth_dir) + "/"


def on_page_markdown(markdown: str, page: Any, config: Any) -> str:
    root = _project_root(config)
    # The theme writes a page's title and description into the page as HTML (a title taken from
    # a heading is HTML): front matter is text, so it is escaped once here, where it enters.
    for key in ("title", "description"):
        if key in page.meta and not isinstance(page.meta[key], Markup):
            page.meta[key] = escape(page.meta[key])
    if page.file.generated_by:
        origin = page.meta.get("generated_from") or "docs/data"
        shown = t("content.generated_page", options.lang, page=page.file.src_uri, origin=origin)
        source = markdown
    else:
        path = Path(page.file.abs_src_path)
        try:
            shown = path.resolve().relative_to(root).as_posix()
        except ValueError:
            shown = str(path)
        source = path.read_text("utf-8-sig").replace("\r\n", "\n")
    # {{company}} and the other variables of docs/data/variables.yml (the check reported any
    # unknown one with its line; data files were filled as they were read).
    markdown, _ = fill_markdown(markdown, _page_variables)
    config["mdx_configs"][CALCULATOR_EXTENSION].update(
        source_path=shown,
        line_offset=_line_offset(source, markdown),
        site_root=_site_root(page),
    )
    if GLOSSARY_EXTENSION in config["markdown_extensions"]:
        # A public build has no glossary page to link to, and its definitions are internal.
        linked = _content if options.audience != "public" else None
        config["mdx_configs"].setdefault(GLOSSARY_EXTENSION, {}).update(
            terms=glossary_links(linked, page.file.src_uri) if linked else []
        )
    return markdown


_DETAILS = re.compile(r"<(/?)details\b([^>]*)>", re.IGNORECASE)


def folded(html: str, at: int) -> bool:
    """Whether position ``at`` of ``html`` lies inside a ``<details>`` that is closed."""
    stack: list[bool] = []
    for match in _DETAILS.finditer(html, 0, at):
        if match[1]:
            if stack:
                stack.pop()
        else:
            stack.append(re.search(r"\bopen\b", match[2]) is not None)
    return not all(stack)


def on_page_content(html: str, page: Any) -> str:
    """A page with a calculator out on it (not only folded ones) starts its runtime from the
    head: ``boot.js``, async, before the theme's scripts and the page body are through; it
    gives up its table of contents for the calculator's two columns (inputs, results)."""
    at = html.find('<form class="pb-calc"')
    if _runtime is not None and at >= 0 and not folded(html, at):
        # Inputs and results side by side on wide screens need the table of contents' room.
        hide = list(page.meta.get("hide") or [])
        if "toc" not in hide:
            page.meta["hide"] = [*hide, "toc"]
        root = _site_root(page)
        page.meta["pb_boot"] = el(
            "script",
            {
                "async": "",
                "src": f"{root}assets/playbook/boot.js?v={_runtime.runtime_id}",
                "data-runtime": _runtime.runtime_id,
                "data-pyodide": _runtime.pyodide_version,
            },
        )
    return html


def on_page_context(context: Any, page: Any, config: Any) -> Any:
    """Who owns the page and when it is due for review, on the page itself; a polite banner once
    the date has passed; a generated page's edit link opens the data file that feeds it."""
    meta = page.meta or {}
    if options.audience == "public":
        # Who owns a page, its review date and its source are the team's business.
        page.edit_url = None
        return context
    review_by = meta.get("review_by")
    if not isinstance(review_by, dt.date):
        return context
    lang = options.lang
    origin = meta.get("generated_from")
    docs = Path(config["docs_dir"]).resolve()
    root = _project_root(config)
    source = str(origin) if origin else (docs / page.file.src_uri).relative_to(root).as_posix()
    if origin and config.get("repo_url") and config.get("edit_uri"):
        target = (root / str(origin)).resolve().relative_to(docs).as_posix()
        base = str(config["repo_url"]).rstrip("/") + "/" + str(config["edit_uri"]).strip("/")
        page.edit_url = f"{base}/{target}"
    page.meta["pb_page_info"] = page_info(
        owner=str(meta.get("owner") or ""),
        review_by=review_by,
        changed=_history.last_changed(source),
        origin=str(origin) if origin else None,
        today=clock.today(),
        lang=lang,
    )
    return context


def _copy_if_changed(src: Path, dest: Path) -> None:
    try:
        same = (
            dest.stat().st_size == src.stat().st_size
            and dest.stat().st_mtime >= src.stat().st_mtime
        )
    except FileNotFoundError:
        same = False
    if not same:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)


def on_post_build(config: Any) -> None:
    if _runtime is None:
        return
    site_dir = Path(config["site_dir"])
    for rel, src in _runtime.site_files().items():
        _copy_if_changed(src, site_dir / rel)
    if options.audience != "public":
        (site_dir / FEED).write_text(_changes(config)[1], "utf-8")
    worker = site_dir / SERVICE_WORKER
    text = _runtime.service_worker(options.lang)
    if not worker.is_file() or worker.read_text("utf-8") != text:
        worker.write_text(text, "utf-8")
    manifest = offline_manifest(
        site_dir,
        directory_urls=bool(config.get("use_directory_urls", True)),
        search_langs=_search_langs(config),
        pyodide_stdlib=f"assets/pyodide/{_runtime.pyodide_version}/python_stdlib.zip",
    )
    write_manifest(site_dir, manifest)


def _search_langs(config: Any) -> list[str]:
    """The languages Material's search worker loads lunr files for."""
    plugins = config.get("plugins") or {}
    for name in ("search", "material/search"):
        plugin = plugins.get(name) if hasattr(plugins, "get") else None
        if plugin is not None:
            langs = plugin.config.get("lang") or ["en"]
            return [langs] if isinstance(langs, str) else [str(lang) for lang in langs]
    return ["en"]
