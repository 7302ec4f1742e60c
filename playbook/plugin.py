"""``plugins: - playbook`` in ``mkdocs.yml``: the generator's MkDocs adapter.

A thin adapter: every event delegates to :mod:`playbook.site`, which does not depend on MkDocs'
plugin API (MkDocs 2 drops plugins; Zensical runs none), so another front end can call the same
functions. Registered under the ``mkdocs.plugins`` entry point as ``playbook``.

Options (all optional)::

    plugins:
      - search
      - playbook:
          repository: https://git.example.com/sales/playbook   # edit buttons; or repo_url
          branch: main                                          # the branch edit buttons open
          overdue_review: warn                                  # or error: fail the build
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

from playbook import site

__all__ = ["PlaybookConfig", "PlaybookPlugin"]


class PlaybookConfig(Config):  # type: ignore[no-untyped-call]  # (MkDocs' __init_subclass__)
    repository = c.Optional(c.URL())
    branch = c.Type(str, default="main")
    overdue_review = c.Choice(("warn", "error"), default="warn")


class PlaybookPlugin(BasePlugin[PlaybookConfig]):  # type: ignore[no-untyped-call]
    def on_config(self, config: Any) -> Any:
        if self.config.repository and not config.get("repo_url"):
            config["repo_url"] = self.config.repository
        site.settings.update(
            branch=self.config.branch, overdue_is_error=self.config.overdue_review == "error"
        )
        return site.on_config(config)

    def on_files(self, files: Any, config: Any) -> Any:
        return site.on_files(files, config)

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        return site.on_page_markdown(markdown, page, config)

    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        return site.on_page_context(context, page, config)

    def on_post_build(self, config: Any) -> None:
        site.on_post_build(config)
