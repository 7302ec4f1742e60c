"""Material's inline scripts, moved into files, so every page works under a Content-Security-Policy
without ``'unsafe-inline'`` (and a static host that sends no headers needs no list of hashes).

Material writes a few small ``<script>`` blocks into every page (``partials/javascripts/*.html``:
the ``__md_get``/``__md_set`` helpers the theme's bundle needs, the saved colour palette, the
tab a link's ``#hash`` opens, and, when a site turns them on, the announcement, outdated-version
and cookie-consent banners). At build time each is read from the installed Material, exactly as
its template has it, and written to ``assets/javascripts/theme/NAME.HASH.min.js``; our overrides
of those partials (``playbook/theme/partials/javascripts/``) load the file with a plain
``<script src>`` at the same place, so it runs at the same moment of parsing, before the page
goes on. The one value a script took from the template (the site's base address) travels as a
``data-`` attribute of its ``<script>`` element, read as ``document.currentScript.dataset``.

The file names carry a hash of their contents, like Material's own bundles, so nginx, a CDN and
the service worker cache them for good. Any other template expression in a script (a future
Material) stops the build rather than ship a script that cannot work.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SCRIPTS", "ThemeScript", "ThemeScriptError", "material_templates", "theme_scripts"]

#: The folder the scripts are written to, beside Material's own bundles.
SITE_DIR = "assets/javascripts/theme"

#: Name → (Material's partial, which of its ``<script>`` blocks).
SCRIPTS: dict[str, tuple[str, int]] = {
    "base": ("partials/javascripts/base.html", 0),
    "palette": ("partials/javascripts/palette.html", 0),
    "tabs": ("partials/javascripts/content.html", 0),  # only with content.tabs.link
    "content": ("partials/javascripts/content.html", -1),
    "announce": ("partials/javascripts/announce.html", 0),
    "outdated": ("partials/javascripts/outdated.html", 0),
    "consent": ("partials/javascripts/consent.html", 0),
}

#: A template value inside a script's string literal → the ``data-`` attribute our override
#: puts it in (``"{{ base_url }}"`` becomes ``document.currentScript.dataset.base``).
VALUES: dict[str, str] = {
    "config.extra.scope | d(base_url)": "scope",
    "base_url": "base",
}

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_VALUE = re.compile(r"\"\{\{\s*(.*?)\s*\}\}\"")


class ThemeScriptError(Exception):
    """Material's inline script has something this module cannot move into a file."""


@dataclass(frozen=True)
class ThemeScript:
    name: str
    source: str

    @property
    def path(self) -> str:
        """Site-relative path, named by a hash of the contents."""
        digest = hashlib.sha256(self.source.encode("utf-8")).hexdigest()[:8]
        return f"{SITE_DIR}/{self.name}.{digest}.min.js"


def material_templates() -> Path:
    import material

    return Path(material.__file__).resolve().parent / "templates"


def _extract(template: str, index: int, name: str) -> str:
    blocks = _SCRIPT.findall(template)
    if not blocks:
        raise ThemeScriptError(f"{name}: no <script> in Material's template")
    source: str = blocks[index]

    def value(match: re.Match[str]) -> str:
        attribute = VALUES.get(match[1])
        if attribute is None:
            raise ThemeScriptError(f"{name}: unknown template value {match[0]}")
        return f"document.currentScript.dataset.{attribute}"

    source = _VALUE.sub(value, source)
    if "{{" in source or "{%" in source:
        raise ThemeScriptError(f"{name}: a template expression outside a string: {source[:80]}")
    return source.strip() + "\n"


def theme_scripts(templates: Path | None = None) -> dict[str, ThemeScript]:
    """Every script Material would write inline, by name, as a file's contents."""
    base = templates or material_templates()
    out: dict[str, ThemeScript] = {}
    for name, (partial, index) in SCRIPTS.items():
        text = (base / partial).read_text("utf-8")
        out[name] = ThemeScript(name, _extract(text, index, name))
    return out
