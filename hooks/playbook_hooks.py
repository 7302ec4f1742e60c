"""MkDocs hooks: thin glue, every handler delegates to :mod:`playbook.site`.

Listed in ``mkdocs.yml`` so that plain ``mkdocs build`` / ``mkdocs serve`` give the same site as
``playbook build`` / ``playbook serve``.
"""

from __future__ import annotations

from typing import Any

from playbook import site


def on_config(config: Any) -> Any:
    return site.on_config(config)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return site.on_page_markdown(markdown, page, config)


def on_post_build(config: Any) -> None:
    site.on_post_build(config)


def on_files(files: Any, config: Any) -> Any:
    return site.on_files(files, config)


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    return site.on_page_context(context, page, config)
