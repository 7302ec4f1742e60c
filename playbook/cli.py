"""The ``playbook`` command.

    playbook build [--site-dir DIR] [-f mkdocs.yml]   build the site (MkDocs + our hooks)
    playbook serve [--dev-addr 127.0.0.1:8000]        build, serve and rebuild on change
    playbook check [-f mkdocs.yml]                    validate the content without building

``build`` and ``serve`` run MkDocs itself on the same ``mkdocs.yml``, so they give exactly the
site that ``mkdocs build`` / ``mkdocs serve`` give.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playbook.check import check_site, site_language

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="playbook", description="Sales playbook site generator")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="build the site")
    build.add_argument("-f", "--config-file", default="mkdocs.yml")
    build.add_argument("-d", "--site-dir", help="where to write the site (default: site/)")

    serve = sub.add_parser("serve", help="serve the site locally and rebuild on change")
    serve.add_argument("-f", "--config-file", default="mkdocs.yml")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")

    check = sub.add_parser("check", help="validate the content; print file:line: message")
    check.add_argument("-f", "--config-file", default="mkdocs.yml")
    check.add_argument(
        "--strict", action="store_true", help="treat warnings (e.g. overdue review dates) as errors"
    )

    args = parser.parse_args(argv)
    if args.command == "build":
        extra = ["--site-dir", args.site_dir] if args.site_dir else []
        return _mkdocs(["build", "--config-file", args.config_file, *extra])
    if args.command == "serve":
        return _mkdocs(["serve", "--config-file", args.config_file, "--dev-addr", args.dev_addr])
    from calculators.messages import t

    config_file = Path(args.config_file)
    problems = check_site(config_file, strict=args.strict)
    lang = site_language(config_file)
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(t("cli.errors", lang, count=len(errors)), file=sys.stderr)
        return 1
    print(t("cli.ok_warnings", lang, count=len(problems)) if problems else t("cli.ok", lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
