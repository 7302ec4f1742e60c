"""``plugins: - playbook`` in ``mkdocs.yml``: the generator's MkDocs adapter.

A thin adapter: every event delegates to :mod:`playbook.site`, which does not depend on MkDocs'
plugin API (MkDocs 2 drops plugins; Zensical runs none), so another front end can call the same
functions. Registered under the ``mkdocs.plugins`` entry point as ``playbook``.

Options (all optional; what they mean: :mod:`playbook.options`)::

    plugins:
      - search
      - playbook:
          language: zh            # zh or en; theme.language by default
          data_dir: data          # inside docs_dir
          plans_dir: plans        # inside docs_dir
          overdue_review: warn    # or error: fail the build
          review_within: 30       # days
          repository: https://git.example.com/sales/playbook   # edit buttons; or repo_url
          branch: main            # the branch edit buttons open
          offline: ask            # or automatic: every browser keeps the whole site offline
          audience: internal      # or public: a site for customers (playbook build --audience)
          public_url: https://roi.example.com/   # the public site: 发给客户 links go there
          public_name: 投资回报测算  # the public site's name
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError
from mkdocs.plugins import BasePlugin, event_priority

from playbook import site
from playbook.options import Options

__all__ = ["PlaybookConfig", "PlaybookPlugin"]


class _Inner(c.Type[str]):
    """A folder inside ``docs_dir``, written relative to it."""

    def run_validation(self, value: object) -> str:
        path = super().run_validation(value).replace("\\", "/").strip()
        parts = [part for part in path.split("/") if part not in ("", ".")]
        if not parts or path.startswith("/") or ":" in parts[0] or ".." in parts:
            raise ValidationError(
                f"expected a folder inside docs_dir, written relative to it "
                f"(such as 'data'), but received: {value!r}"
            )
        return "/".join(parts)


class PlaybookConfig(Config):  # type: ignore[no-untyped-call]  # (MkDocs' __init_subclass__)
    language = c.Optional(c.Choice(("zh", "en")))
    data_dir = _Inner(str, default="data")
    plans_dir = _Inner(str, default="plans")
    overdue_review = c.Choice(("warn", "error"), default="warn")
    review_within = c.Type(int, default=30)
    repository = c.Optional(c.URL())
    branch = c.Type(str, default="main")
    offline = c.Choice(("ask", "automatic"), default="ask")
    audience = c.Choice(("internal", "public"), default="internal")
    public_url = c.Optional(c.URL())
    public_name = c.Optional(c.Type(str))

    def validate(self) -> Any:
        failed, warnings = super().validate()
        if not failed and self.data_dir == self.plans_dir:
            failed.append(("plans_dir", ValidationError("must differ from 'data_dir'")))
        if not failed and self.review_within < 0:
            failed.append(("review_within", ValidationError("expected days, 0 or more")))
        return failed, warnings


class PlaybookPlugin(BasePlugin[PlaybookConfig]):  # type: ignore[no-untyped-call]
    def on_config(self, config: Any) -> Any:
        if self.config.repository and not config.get("repo_url"):
            config["repo_url"] = self.config.repository
        options = Options.from_plugin(self.config, config["theme"].get("language"))
        return site.on_config(config, options)

    def on_files(self, files: Any, config: Any) -> Any:
        return site.on_files(files, config)

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        return site.on_page_markdown(markdown, page, config)

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        return site.on_page_content(html, page)

    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        return site.on_page_context(context, page, config)

    # After the search plugin has written its index: the offline copy lists it.
    @event_priority(-50)
    def on_post_build(self, config: Any) -> None:
        site.on_post_build(config)
