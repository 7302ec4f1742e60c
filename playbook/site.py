"""The MkDocs side of the generator: what the hooks in ``hooks/`` delegate to.

- ``on_config``: build (or reuse) the browser runtime, point the calculator fence at it, add the
  calculator stylesheet.
- ``on_page_markdown``: tell the calculator fence which file it is reading and where the page's
  body starts in it, so a bad block fails the build with ``file:line``.
- ``on_post_build``: copy the runtime (Pyodide core, our wheel and lock file, our JS/CSS) into
  the built site.
"""

from __future__ import annotations

import mimetypes
import posixpath
import shutil
from pathlib import Path
from typing import Any

from playbook.assets import RuntimeAssets, RuntimeBuildError, build_runtime
from playbook.errors import ContentError
from playbook.plans import load_plans
from playbook.search import calculator_terms, register_terms

__all__ = ["CALCULATOR_EXTENSION", "on_config", "on_page_markdown", "on_post_build"]

CALCULATOR_EXTENSION = "playbook.markdown.calculators"
STYLESHEET = "assets/playbook/calc.css"

# Served by `mkdocs serve` and `playbook serve`: streaming compilation needs application/wasm.
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".mjs")

_runtime: RuntimeAssets | None = None


def _project_root(config: Any) -> Path:
    return Path(config["config_file_path"]).resolve().parent


def on_config(config: Any) -> Any:
    global _runtime
    root = _project_root(config)
    try:
        _runtime = build_runtime(root)
    except RuntimeBuildError as exc:
        raise ContentError.at("mkdocs.yml", 0, str(exc)) from None
    lang = str(config["theme"].get("language") or "zh")
    ext_config = config["mdx_configs"].setdefault(CALCULATOR_EXTENSION, {})
    ext_config.update(
        runtime=_runtime.runtime_id,
        pyodide_version=_runtime.pyodide_version,
        lang="en" if lang.startswith("en") else "zh",
    )
    plans, problems = load_plans(Path(config["docs_dir"]), root, ext_config["lang"])
    if problems:
        raise ContentError(problems)
    ext_config["plans"] = plans
    register_terms(calculator_terms())
    if STYLESHEET not in config["extra_css"]:
        config["extra_css"].append(STYLESHEET)
    return config


def _line_offset(source: str, markdown: str) -> int:
    """Lines of front matter MkDocs stripped before ``markdown`` (0 when it is all body)."""
    if source.endswith(markdown) and markdown:
        return source[: len(source) - len(markdown)].count("\n")
    return 0


def on_page_markdown(markdown: str, page: Any, config: Any) -> str:
    root = _project_root(config)
    path = Path(page.file.abs_src_path)
    try:
        shown = path.resolve().relative_to(root).as_posix()
    except ValueError:
        shown = str(path)
    source = path.read_text("utf-8-sig").replace("\r\n", "\n")
    url = page.url.rstrip("/") or "."
    depth_dir = url if page.url.endswith("/") else posixpath.dirname(url) or "."
    config["mdx_configs"][CALCULATOR_EXTENSION].update(
        source_path=shown,
        line_offset=_line_offset(source, markdown),
        site_root=posixpath.relpath(".", depth_dir) + "/",
    )
    return markdown


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
