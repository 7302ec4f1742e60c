"""The text people read, Simplified Chinese first, English second: catalogs are data.

A catalog is a JSON file ``{"key": {"zh": "…", "en": "…"}}``. Keys are dotted and parameters use
``str.format`` names (``{field}``):

- ``calculators/messages.json``: input errors (``error.*``), formula errors (``formula.*``) and
  the result panels' shared text (``result.*``, ``unit.*``);
- ``calculators/<id>/messages.json``: one calculator's labels, headings and notes
  (``<id>.*``), loaded when that calculator is, so a page downloads only its own;
- the generator and the widget around a calculator (status lines, actions) keep their catalogs
  in ``playbook/`` and load them the same way: none of that text ships with the calculators.

:func:`load` refuses a key defined twice or missing a language, so every key exists in both.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["DEFAULT_LANG", "LANGS", "MESSAGES", "load", "normalize_lang", "t"]

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

#: Every loaded key → (zh, en).
MESSAGES: dict[str, tuple[str, str]] = {}
_LOADED: dict[Path, frozenset[str]] = {}


def read_catalog(path: Path) -> dict[str, tuple[str, str]]:
    """One catalog file as key → (zh, en); a key without both languages is refused."""
    data = json.loads(path.read_text("utf-8"))
    catalog: dict[str, tuple[str, str]] = {}
    for key, texts in data.items():
        if not isinstance(texts, dict) or set(texts) != set(LANGS):
            raise ValueError(f"{path}: {key} must have exactly the languages {', '.join(LANGS)}")
        if not all(isinstance(texts[lang], str) and texts[lang] for lang in LANGS):
            raise ValueError(f"{path}: {key} has an empty text")
        catalog[key] = (texts["zh"], texts["en"])
    return catalog


def load(path: Path) -> None:
    """Add the catalog at ``path`` (once; loading it again does nothing)."""
    path = path.resolve()
    if path in _LOADED:
        return
    catalog = read_catalog(path)
    clash = sorted(set(catalog) & set(MESSAGES))
    if clash:
        raise ValueError(f"{path}: message keys defined twice: {', '.join(clash)}")
    MESSAGES.update(catalog)
    _LOADED[path] = frozenset(catalog)


def t(key: str, lang: str = DEFAULT_LANG, /, **params: object) -> str:
    """The text for ``key`` in ``lang`` (``zh`` or ``en``), with ``params`` filled in."""
    zh, en = MESSAGES[key]
    text = en if lang == "en" else zh
    return text.format(**params) if params else text


def normalize_lang(lang: str | None) -> str:
    """Map a page or browser language tag (``zh-CN``, ``en-US`` …) onto a catalog language."""
    if lang and lang.lower().startswith("en"):
        return "en"
    return DEFAULT_LANG


load(Path(__file__).with_name("messages.json"))
