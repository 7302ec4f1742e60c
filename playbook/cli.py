"""The ``playbook`` command.

    playbook build [--site-dir DIR] [-f mkdocs.yml]   build the site (MkDocs + our hooks)
    playbook serve [--dev-addr 127.0.0.1:8000]        build, serve and rebuild on change
    playbook check [-f mkdocs.yml] [--format F]       validate the content without building
                                                      (F: text, github, gitlab, json)
    playbook schemas [-o .vscode/schemas]             JSON Schemas for editing the YAML files
    playbook review [--within 30] [--format json]     what is due for review, by owner
    playbook new DIR [--no-install]                   start a team's own playbook

``build`` and ``serve`` run MkDocs itself on the same ``mkdocs.yml``, so they give exactly the
site that ``mkdocs build`` / ``mkdocs serve`` give.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

from playbook.check import check_site
from playbook.options import AUDIENCE_ENV, Site, SiteConfigError, language_of, read_site
from playbook.report import FORMATS, render

__all__ = ["main"]


def _mkdocs(args: list[str]) -> int:
    from mkdocs.__main__ import cli

    try:
        cli.main(args=args, prog_name="playbook", standalone_mode=False)
    except SystemExit as exc:  # click's exit for --help and friends
        return int(exc.code or 0)
    except Exception as exc:  # click.Abort / ClickException after MkDocs logged the cause
        from click import ClickException

        if isinstance(exc, ClickException):
            exc.show()
        return 1
    return 0


_LANGUAGE = re.compile(r"^\s+language:\s*['\"]?([A-Za-z_-]+)", re.MULTILINE)


def _help_language(argv: list[str]) -> str:
    """The site's language for help and usage lines, read from the config file's
    ``theme.language`` without loading MkDocs (``--help`` must be instant); zh when unknown."""
    config = "mkdocs.yml"
    for flag in ("-f", "--config-file"):
        if flag in argv[:-1]:
            config = argv[argv.index(flag) + 1]
    try:
        match = _LANGUAGE.search(Path(config).read_text("utf-8"))
    except OSError:
        match = None
    return language_of(match[1] if match else None)


def main(argv: list[str] | None = None) -> int:
    from playbook.messages import t

    argv = sys.argv[1:] if argv is None else argv
    lang = _help_language(argv)

    def h(key: str) -> str:
        return t(f"cli.help.{key}", lang)

    parser = argparse.ArgumentParser(prog="playbook", description=h("description"))
    sub = parser.add_subparsers(dest="command", required=True, title=h("commands"))

    build = sub.add_parser("build", help=h("build"), description=h("build"))
    build.add_argument("-f", "--config-file", default="mkdocs.yml", help=h("config"))
    build.add_argument("-d", "--site-dir", help=h("site_dir"))
    build.add_argument("--audience", choices=("internal", "public"), help=h("audience"))

    serve = sub.add_parser("serve", help=h("serve"), description=h("serve"))
    serve.add_argument("-f", "--config-file", default="mkdocs.yml", help=h("config"))
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help=h("dev_addr"))

    check = sub.add_parser("check", help=h("check"), description=h("check"))
    check.add_argument("-f", "--config-file", default="mkdocs.yml", help=h("config"))
    check.add_argument("--strict", action="store_true", help=h("strict"))
    check.add_argument("--format", choices=FORMATS, default="text", help=h("format"))

    schemas = sub.add_parser("schemas", help=h("schemas"), description=h("schemas"))
    schemas.add_argument("-f", "--config-file", default="mkdocs.yml", help=h("config"))
    schemas.add_argument("-o", "--out", default=".vscode/schemas", help=h("out"))

    review = sub.add_parser("review", help=h("review"), description=h("review"))
    review.add_argument("-f", "--config-file", default="mkdocs.yml", help=h("config"))
    review.add_argument("--within", type=int, default=None, help=h("within"))
    review.add_argument(
        "--format", choices=("markdown", "json"), default="markdown", help=h("review_format")
    )
    review.add_argument("--today", type=dt.date.fromisoformat, default=None, help=h("today"))

    new = sub.add_parser("new", help=h("new"), description=h("new"))
    new.add_argument("directory", help=h("new_dir"))
    new.add_argument("--no-install", action="store_true", help=h("no_install"))

    args = parser.parse_args(argv)
    if args.command == "new":
        return _new(Path(args.directory), not args.no_install, lang)
    if args.command == "build":
        extra = ["--site-dir", args.site_dir] if args.site_dir else []
        if args.audience:  # read by the plugin, over its `audience` option
            os.environ[AUDIENCE_ENV] = args.audience
        return _mkdocs(["build", "--config-file", args.config_file, *extra])
    if args.command == "serve":
        return _mkdocs(["serve", "--config-file", args.config_file, "--dev-addr", args.dev_addr])
    config_file = Path(args.config_file)
    try:
        site = read_site(config_file)
    except SiteConfigError as exc:
        if not exc.details:
            print(t("cli.config_missing", lang, path=config_file), file=sys.stderr)
        else:
            print(t("cli.config_invalid", lang, path=config_file), file=sys.stderr)
            print("\n".join(f"  {detail}" for detail in exc.details), file=sys.stderr)
        return 2
    lang = site.options.lang
    if args.command == "review":
        return _review(site, args.within, args.format, args.today)
    if args.command == "schemas":
        from playbook.schemas import write_editor_setup

        docs = site.docs_dir.resolve().relative_to(site.root).as_posix()
        written = write_editor_setup(site.root, docs, site.options, args.out)
        print(
            t(
                "cli.schemas_written",
                lang,
                count=sum(p.name.endswith(".schema.json") for p in written),
                folder=args.out,
            )
        )
        return 0
    problems = check_site(config_file, strict=True if args.strict else None)
    errors = [p for p in problems if p.severity == "error"]
    if args.format != "text":  # for CI: the report alone on stdout, the verdict in the exit code
        sys.stdout.write(render(problems, args.format, lang))
        return 1 if errors else 0
    sys.stderr.write(render(problems, "text", lang))
    if errors:
        print(t("cli.errors", lang, count=len(errors)), file=sys.stderr)
        return 1
    print(t("cli.ok_warnings", lang, count=len(problems)) if problems else t("cli.ok", lang))
    return 0


def _new(target: Path, install: bool, lang: str) -> int:
    from playbook.new import NewProjectError, new_project

    try:
        notes = new_project(target, install=install, lang=lang)
    except NewProjectError as exc:
        print(exc, file=sys.stderr)
        return 1
    print("\n".join(notes))
    return 0


def _review(site: Site, within: int | None, fmt: str, today: dt.date | None) -> int:
    from playbook.review import due, render

    day = today or dt.date.today()
    days = site.options.review_within if within is None else within
    items = due(site.docs_dir, site.root, day, days, site.options)
    sys.stdout.write(render(items, fmt, site.options.lang, day, days))
    return 0


if __name__ == "__main__":
    sys.exit(main())
