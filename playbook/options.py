"""The generator's settings for one site, read once from ``mkdocs.yml``.

They are the ``playbook`` plugin's options (:mod:`playbook.plugin` validates them with MkDocs'
typed config), and the commands that do not build (``playbook check``, ``review``, ``schemas``)
read them from the same plugin entry, so a site is checked with the settings it is built with.
Nothing here depends on MkDocs: another front end can make an :class:`Options` itself.

    plugins:
      - playbook:
          language: zh            # the generator's own text; theme.language by default
          data_dir: data          # KPIs, stages, talk tracks, glossary (inside docs_dir)
          plans_dir: plans        # commission and other calculator plans (inside docs_dir)
          overdue_review: warn    # or error: a page past review_by fails check and build
          review_within: 30       # days ahead `playbook review` lists by default
          repository: https://git.example.com/sales/playbook   # edit buttons; or repo_url
          branch: main            # the branch edit buttons open
          offline: ask            # 下载离线版 is offered; automatic: every browser keeps the
                                  # whole site offline without asking (not with Save-Data on)
          audience: internal      # or public: only the pages marked `audience: public`
          public_url: https://roi.example.com/   # where the public site is served: 发给客户
                                  # links go there (or PLAYBOOK_PUBLIC_URL)
          public_name: 投资回报测算  # the public site's name (not the playbook's)
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "AUDIENCE_ENV",
    "PUBLIC_URL_ENV",
    "Options",
    "Site",
    "SiteConfigError",
    "language_of",
    "read_site",
]


#: ``playbook build --audience public`` sets this; it wins over the plugin option.
AUDIENCE_ENV = "PLAYBOOK_AUDIENCE"
#: The public site's address for one build; it wins over the plugin option ``public_url``.
PUBLIC_URL_ENV = "PLAYBOOK_PUBLIC_URL"


def language_of(theme_language: object) -> str:
    """The catalog language (zh or en) for a theme's ``language``."""
    return "en" if str(theme_language or "zh").startswith("en") else "zh"


@dataclass(frozen=True)
class Options:
    lang: str = "zh"
    data_dir: str = "data"
    plans_dir: str = "plans"
    overdue_is_error: bool = False
    review_within: int = 30
    branch: str = "main"
    offline_automatic: bool = False
    #: "public": build only the pages marked ``audience: public`` (a site for customers).
    audience: str = "internal"
    #: Where the public build is served: the internal site's 发给客户 links point there.
    public_url: str = ""
    #: The public site's name; the catalog's neutral one by default.
    public_name: str = ""

    @classmethod
    def from_plugin(cls, plugin_config: Any, theme_language: object) -> Options:
        """From the validated options of the ``playbook`` plugin (or none: the defaults)."""
        get = (plugin_config or {}).get
        return cls(
            lang=get("language") or language_of(theme_language),
            data_dir=get("data_dir") or "data",  # validated and normalised by the plugin
            plans_dir=get("plans_dir") or "plans",
            overdue_is_error=get("overdue_review") == "error",
            review_within=int(get("review_within") or 30),
            branch=get("branch") or "main",
            offline_automatic=get("offline") == "automatic",
            audience=os.environ.get(AUDIENCE_ENV) or get("audience") or "internal",
            public_url=os.environ.get(PUBLIC_URL_ENV) or get("public_url") or "",
            public_name=get("public_name") or "",
        )


@dataclass(frozen=True)
class Site:
    """Where a site's files are and how it is set up."""

    root: Path
    docs_dir: Path
    options: Options = field(default_factory=Options)
    #: docs-relative files MkDocs leaves out of the site (see :func:`excluded_docs`).
    excluded: frozenset[str] = frozenset()


class SiteConfigError(Exception):
    """``mkdocs.yml`` is missing or invalid: what MkDocs said about each bad value."""

    def __init__(self, config_file: Path, details: list[str]) -> None:
        super().__init__("\n".join(details))
        self.config_file = config_file
        self.details = details


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)  # strict: a warning (an unknown option) aborts too
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def read_site(config_file: Path) -> Site:
    """Load ``mkdocs.yml`` as MkDocs does (which validates the plugin's options) and return the
    project's layout and the generator's options; :class:`SiteConfigError` when it cannot."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not config_file.is_file():
        raise SiteConfigError(config_file, [])
    logger = logging.getLogger("mkdocs.config")
    collect = _Collect()
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False  # said once, by our caller
    try:
        config = load_config(str(config_file))
    except (Abort, ConfigurationError) as exc:
        raise SiteConfigError(config_file, collect.messages or [str(exc)]) from None
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    plugin = config["plugins"].get("playbook")
    options = Options.from_plugin(
        plugin.config if plugin is not None else None, config["theme"].get("language")
    )
    docs_dir = Path(config["docs_dir"])
    return Site(config_file.resolve().parent, docs_dir, options, excluded_docs(docs_dir, config))


def excluded_docs(docs_dir: Path, config: Any) -> frozenset[str]:
    """The docs-relative files MkDocs will not build: its default exclusions (``templates/``,
    names starting with a dot), ``exclude_docs`` and ``draft_docs`` — decided by MkDocs' own
    ``set_exclusions`` on the files as MkDocs lists them, so the two cannot disagree."""
    from mkdocs.structure.files import File, set_exclusions

    files = [
        File(path.relative_to(docs_dir).as_posix(), str(docs_dir), str(docs_dir), False)
        for path in sorted(docs_dir.rglob("*"))
        if path.is_file()
    ]
    set_exclusions(files, config)
    return frozenset(
        file.src_uri
        for file in files
        if file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
    )
