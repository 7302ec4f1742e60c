"""Chinese search: teach jieba our own terms before Material's search plugin segments the pages.

jieba's default dictionary splits domain words (净现值 → 净 / 现值), and a query for the whole
word then finds nothing. Every calculator label is added as a word here; the content engine adds
glossary terms, KPI and stage names the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import calculators
from calculators.messages import MESSAGES
from playbook.content.model import Content

__all__ = ["calculator_terms", "content_terms", "register_terms"]

_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
_PARENTHESES = re.compile(r"（[^）]*）|\([^)]*\)")


def calculator_terms() -> list[str]:
    """Chinese words from every calculator's title, input and output labels."""
    terms: set[str] = set()
    for calc_id in calculators.CALCULATORS:
        for key, (zh, _en) in MESSAGES.items():
            if (key.startswith(f"{calc_id}.") and key.endswith((".label", ".title"))) or (
                key.startswith(f"{calc_id}.out.")
            ):
                terms.update(_HAN.findall(_PARENTHESES.sub(" ", zh)))
    return sorted(terms)


def content_terms(content: Content) -> list[str]:
    """Glossary terms and aliases, KPI names and stage names: the words reps search for."""
    terms: set[str] = set()
    for term in content.glossary:
        terms.update(term.spellings())
    terms.update(kpi.name for kpi in content.kpis.values())
    terms.update(stage.name for stage in content.stages.values())
    return sorted(t for t in terms if _HAN.search(t))


def register_terms(terms: Iterable[str]) -> None:
    """Add ``terms`` to jieba's dictionary (a no-op when jieba is not installed)."""
    try:
        import jieba
    except ImportError:  # Material then indexes Chinese without segmentation
        return
    for term in terms:
        jieba.add_word(term, freq=50_000)
