"""The generator's text, Simplified Chinese first, English second: its catalogs are data.

- ``playbook/messages.json``: what ``playbook check``, the build and the CLI say to a manager
  (``content.*``, ``fence.*``, ``plan.*``, ``cli.*``, ``site.*``) and the labels of the generated
  pages (KPI dictionary, process, talk tracks, objections, glossary);
- ``playbook/render/messages.json``: the widget around a calculator (status lines, actions,
  notices), written into the page as ``data-msg-*`` attributes for the page script.

They load into the one catalog of :mod:`calculators.messages` (one ``t()`` for all text), but
none of this text ships with the calculators' wheel.
"""

from __future__ import annotations

from pathlib import Path

from calculators.messages import load, t

__all__ = ["hint", "t"]

_HERE = Path(__file__).resolve().parent
load(_HERE / "messages.json")
load(_HERE / "render" / "messages.json")


def hint(key: str, lang: str) -> str:
    """How to fix the problem whose message is ``key``, when the catalog says (``hint.<key>``)."""
    from calculators.messages import MESSAGES

    return t(f"hint.{key}", lang) if f"hint.{key}" in MESSAGES else ""
