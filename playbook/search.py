"""Chinese search: teach jieba our own terms before Material's search plugin segments the pages.

Material's search runs jieba on the pages at build time only. In the browser a query is cut
into words that exist in the index, and each is matched as a *prefix* of indexed words
(tests/test_search.py describes the details). Two things follow for our terms:

- jieba's default dictionary cuts some of them into a leading single character (客单价 → 客 /
  单价, 净现值 → 净 / 现值); the browser then searches for ``客*`` and finds everything. Those are
  added to jieba as one word.
- Added as one word, a compound hides its tail: 销售漏斗 as one indexed word is not found by 漏斗,
  目标达成率 not by 达成率. Terms that jieba cuts into a leading word of their own stay cut (and
  are forced to stay cut in running text); a query for the whole term still finds them through
  its first word.

Calculator labels, glossary terms and aliases, KPI and stage names all go through this.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import calculators
from calculators.messages import MESSAGES
from playbook.content.model import Content

__all__ = ["calculator_terms", "content_terms", "keep_whole", "register_terms"]

_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
_PARENTHESES = re.compile(r"（[^）]*）|\([^)]*\)")


def calculator_terms() -> list[str]:
    """Chinese words from every calculator's title, input and output labels."""
    terms: set[str] = set()
    for calc_id in calculators.all_calculators():  # loads every calculator's catalog
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


def keep_whole(pieces: Sequence[str]) -> bool:
    """Whether a term that jieba cuts into ``pieces`` must be added to jieba as one word.

    It must when it is a word already or when the cut starts with a lone character: a browser
    query for the term would shrink to that character. Otherwise the cut is kept, so that
    every piece can be found on its own.
    """
    return len(pieces) == 1 or len(pieces[0]) == 1


def register_terms(terms: Iterable[str]) -> None:
    """Teach jieba ``terms`` (a no-op when jieba is not installed), shortest first.

    Shorter terms go first so that a longer one is cut at them (平均客单价 → 平均 / 客单价).
    """
    try:
        import jieba
    except ImportError:  # Material then indexes Chinese without segmentation
        return
    for term in sorted(set(terms), key=lambda t: (len(t), t)):
        pieces = tuple(jieba.lcut(term, HMM=False))
        if keep_whole(pieces):
            jieba.add_word(term, freq=50_000)
        else:
            jieba.suggest_freq(pieces, tune=True)  # stays cut in running text as well
