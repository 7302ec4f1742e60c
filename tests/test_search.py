"""Search regression: what a rep types into the search box finds the page they need.

The cases live in ``tests/search_queries.yml`` (query → page that must be among the first results).
Each one is checked twice:

- against ``search/search_index.json`` of the built site, by a Python emulation of Material's
  search worker (below), fast and with a ranking in the failure message;
- in real headless Chromium: the shipped worker is driven directly (it must rank pages exactly
  as the emulation does, so the emulation cannot drift from the browser unnoticed), and a
  selection of queries is typed into Material's search box.

How Material 9.x searches Chinese in the browser (read from ``workers/search.*.min.js`` and
checked in Chromium):

- Pages are segmented by jieba at *build* time; words are joined by ``\\u200b``, which is part of
  the search ``separator``. ``lunr.zh.min.js`` is loaded by the worker, but the tokenizer it
  installs (the one calling ``@node-rs/jieba``'s ``cut``) is replaced right away by Material's
  own tokenizer, so ``cut`` is never called and nothing fails: the browser's words are exactly
  the build's jieba words (split at the separator, HTML tags skipped, lower-cased; the
  ``stemmer`` left in the pipeline is the identity for ``zh``).
- A query is *not* segmented by jieba. Each run of Han characters is cut greedily into words
  that exist in the index (``segment`` in Material's worker), and every part becomes a
  prefix query (``word*``). ``segment`` never looks at a slice that ends at the last character
  of the run, so the whole query is kept as one prefix only when no word of the index is a
  proper prefix of it (客单价 → ``客单价*``). Otherwise the query shrinks to the words found:
  销售漏斗 → ``销售*`` (漏斗 is dropped), 线索开发 → ``线索*`` ``开*``, and 客单价提升 →
  ``客单价*`` (提升 is dropped). Multi-word queries therefore find *something*, but rank by
  their first words.
- Scoring is lunr 2.3.9 with ``b = 0``: BM25 term weights (k1 = 1.2, no length normalisation)
  times the field boost (title 1000, text 1), per field the dot product with the query vector
  divided by the query vector's length, summed over fields. Material then multiplies by
  ``1 + boost²`` where boost is 1 for the page's first section (the page itself) plus the share
  of query parts whose prefix occurs in the section, sorts, and groups sections by page; the
  result list shows pages in the order of their best section.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from backrefs import bre
from conftest import ROOT

QUERIES_FILE = ROOT / "tests" / "search_queries.yml"

# ---------------------------------------------------------------------------------------------
# The query file
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchCase:
    query: str
    page: str  # page URL relative to the site root, as in the index: "kpis/", "" for home
    why: str
    top: int  # the page must be among this many first result pages
    browser: bool  # also typed into the search box in Chromium
    xfail: str  # a known gap: why the query does not work yet ("" when it must work)


def load_cases(path: Path = QUERIES_FILE) -> list[SearchCase]:
    data = yaml.safe_load(path.read_text("utf-8"))
    default_top = int(data.get("top", 5))
    cases = []
    for entry in data["queries"]:
        cases.append(
            SearchCase(
                query=str(entry["query"]),
                page=str(entry["page"]),
                why=str(entry.get("why", "")),
                top=int(entry.get("top", default_top)),
                browser=bool(entry.get("browser", False)),
                xfail=str(entry.get("xfail", "")),
            )
        )
    return cases


CASES = load_cases()


def params(cases: list[SearchCase]) -> list[Any]:
    """One pytest param per case, named by its query; a known gap is a strict xfail."""
    return [
        pytest.param(
            case,
            id=case.query,
            marks=[pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else [],
        )
        for case in cases
    ]


# ---------------------------------------------------------------------------------------------
# Emulation of Material's search worker (lunr 2.3.9 + Material's query handling)
# ---------------------------------------------------------------------------------------------

_HAN = bre.compile(r"\p{script: Han}+")
# Characters with a meaning in lunr's query syntax or Material's query transform. The cases are
# words a rep types; the emulation does not implement the syntax, so it refuses it.
_QUERY_SYNTAX = re.compile(r'["*+\-:^~\\]')
_K1 = 1.2
# lunr.stopWordFilter: Material leaves a query part it did not find out of the boost when lunr's
# English stop-word filter drops it.
_LUNR_STOP_WORDS = (
    "a able about across after all almost also am among an and any are as at be because been "
    "but by can cannot could dear did do does either else ever every for from get got had has "
    "have he her hers him his how however i if in into is it its just least let like likely "
    "may me might most must my neither no nor not of off often on only or other our own rather "
    "said say says she should since so some than that the their them then there these they "
    "this tis to too twas us wants was we were what when where which while who whom why will "
    "with would yet you your"
)
_ENGLISH_STOP_WORDS = frozenset(_LUNR_STOP_WORDS.split())


def _js_round3(value: float) -> float:
    """``Math.round(value * 1000) / 1000`` (halves round up, not to even)."""
    return math.floor(value * 1000 + 0.5) / 1000


def extract_text(value: str) -> Iterator[str]:
    """The text sections of ``value``, skipping HTML tags (Material's ``extract``)."""
    start = 0
    end = 0
    depth = 0
    while end < len(value):
        char = value[end]
        if char == "<" and end > start:
            yield value[start:end]
            start = end
        elif char == ">":
            if value[start + 1 : start + 2] == "/":
                depth -= 1
            elif value[end - 1 : end] != "/":
                depth += 1
            start = end + 1
        end += 1
    if end > start:
        yield value[start:end]


def segment(query: str, words: set[str] | dict[str, Any]) -> list[str]:
    """Material's ``segment``: cut a run of Han characters into words of the index.

    A faithful port, including that no slice ending at the last character is ever looked up.
    """
    length = len(query)
    wordcuts = [0] * length
    for i in range(length):
        for j in range(i + 1, length):
            if query[i:j] in words:
                wordcuts[i] = j - i
    segments: dict[str, None] = {}  # an insertion-ordered set, like the JS Set
    stack = [0]
    size = len(stack)
    while size > 0:
        size -= 1
        p = stack[size]
        for q in range(1, wordcuts[p]):
            if wordcuts[p + q] > wordcuts[p] - q:
                segments[query[p : p + q]] = None
                _push(stack, size, p + q)
                size += 1
        q = p + wordcuts[p]
        if q < length and wordcuts[q] and q < length - 1:
            _push(stack, size, q)
            size += 1
        segments[query[p:q]] = None
    if "" in segments:
        return [query]
    return list(segments)


def _push(stack: list[int], size: int, value: int) -> None:
    """``stack[size] = value`` on a JS array (which grows on demand)."""
    if size < len(stack):
        stack[size] = value
    else:
        stack.append(value)


@dataclass
class Hit:
    """One section of a page in the result list."""

    location: str
    score: float
    terms: dict[str, bool]


@dataclass
class PageHit:
    """One entry of the result list: a page and its matching sections, best first."""

    page: str
    sections: list[Hit] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.sections[0].score


class MaterialSearch:
    """The search index as Material's worker builds it, and its ``search``."""

    def __init__(self, index: dict[str, Any]) -> None:
        config = index["config"]
        self.separator = re.compile(config["separator"])
        self.fields: dict[str, float] = {
            name: float(spec.get("boost") or 1) for name, spec in config["fields"].items()
        }
        self.docs: list[dict[str, Any]] = index["docs"]
        # location → the page it belongs to (the first document of a path is the page itself).
        self.page_of: dict[str, str] = {}
        for doc in self.docs:
            path = doc["location"].split("#")[0]
            self.page_of[doc["location"]] = path if path in self.page_of else doc["location"]
        # term → field → location → term frequency; term → its index in the vectors
        self.postings: dict[str, dict[str, dict[str, int]]] = {}
        term_frequencies: dict[tuple[str, str], dict[str, int]] = {}
        for doc in self.docs:
            for name in self.fields:
                frequencies: dict[str, int] = {}
                for token in self.tokenize(doc.get(name)):
                    frequencies[token] = frequencies.get(token, 0) + 1
                    posting = self.postings.setdefault(token, {f: {} for f in self.fields})
                    posting[name][doc["location"]] = frequencies[token]
                term_frequencies[(doc["location"], name)] = frequencies
        count = len(self.docs)
        idf: dict[str, float] = {}
        for term, posting in self.postings.items():
            with_term = sum(len(refs) for refs in posting.values())
            idf[term] = math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))
        boosts = {doc["location"]: float(doc.get("boost") or 1) for doc in self.docs}
        self.vectors: dict[tuple[str, str], dict[str, float]] = {
            (location, name): {
                term: _js_round3(
                    idf[term] * (_K1 + 1) * tf / (_K1 + tf) * self.fields[name] * boosts[location]
                )
                for term, tf in frequencies.items()
            }
            for (location, name), frequencies in term_frequencies.items()
        }

    def tokenize(self, value: str | list[str] | None) -> list[str]:
        """Material's tokenizer: text outside tags, split at the separator, lower-cased."""
        if value is None:
            return []
        tokens = []
        for item in [value] if isinstance(value, str) else value:
            for text in extract_text(item):
                tokens += [t.lower() for t in self.separator.split(text) if t]
        return tokens

    def rewrite(self, query: str) -> list[str]:
        """The query as lunr receives it, one entry per part, e.g. 销售漏斗 → ``["销售**"]``."""
        if _QUERY_SYNTAX.search(query):
            raise ValueError(f"{query!r}: the emulation handles plain words, not query syntax")
        query = _HAN.sub(lambda m: "* ".join(segment(m.group(0), self.postings)), query)
        parts = []
        for word in query.split():
            parts += [f"{part}*" for part in self.separator.split(word) if part]
        return parts

    def search(self, query: str) -> list[PageHit]:
        """The result list for ``query``: pages in the order Material shows them."""
        clauses = [part.lower() for part in self.rewrite(query)]
        query_vector: dict[str, float] = {}
        matched: dict[tuple[str, str], list[str]] = {}  # (location, field) → matched terms
        for clause in clauses:
            pattern = re.compile(".*".join(map(re.escape, clause.split("*"))), re.DOTALL)
            for term, posting in self.postings.items():
                if not pattern.fullmatch(term):
                    continue
                query_vector[term] = query_vector.get(term, 0) + 1
                for name, refs in posting.items():
                    for location in refs:
                        terms = matched.setdefault((location, name), [])
                        if term not in terms:
                            terms.append(term)
        magnitude = math.sqrt(sum(v * v for v in query_vector.values()))
        scores: dict[str, float] = {}
        doc_terms: dict[str, list[str]] = {}
        for (location, name), terms in matched.items():
            vector = self.vectors[(location, name)]
            dot = sum(query_vector[t] * vector.get(t, 0.0) for t in query_vector)
            scores[location] = scores.get(location, 0.0) + (dot / magnitude if magnitude else 0)
            doc_terms.setdefault(location, []).extend(terms)
        # Material strips one leading and one trailing "*" from each part for its analysis.
        analysed = [clause.removeprefix("*").removesuffix("*") for clause in clauses]
        hits = []
        for location, score in scores.items():
            found = {
                term: True
                for term in analysed
                if any(t.startswith(term) for t in doc_terms[location])
            }
            for term in analysed:
                if term not in found and term not in _ENGLISH_STOP_WORDS:
                    found[term] = False
            boost = (self.page_of[location] == location) + sum(found.values()) / len(found)
            hits.append(Hit(location, score * (1 + boost**2), found))
        hits.sort(key=lambda hit: -hit.score)
        pages: dict[str, PageHit] = {}
        for hit in hits:
            page = self.page_of[hit.location]
            pages.setdefault(page, PageHit(page)).sections.append(hit)
        for page, entry in pages.items():
            if all(hit.location != page for hit in entry.sections):
                entry.sections.append(Hit(page, 0.0, {}))
        return list(pages.values())


def rank(results: list[PageHit], page: str) -> int | None:
    """Position of ``page`` in the result list (1 = first), ties counted in its favour."""
    for entry in results:
        if entry.page == page:
            return 1 + sum(other.score > entry.score for other in results)
    return None


# ---------------------------------------------------------------------------------------------
# Tests against the built index
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def search_index(built_site: Path) -> dict[str, Any]:
    index: dict[str, Any] = json.loads(
        (built_site / "search" / "search_index.json").read_text("utf-8")
    )
    return index


@pytest.fixture(scope="module")
def material(search_index: dict[str, Any]) -> MaterialSearch:
    return MaterialSearch(search_index)


def test_query_file_is_usable(built_site: Path) -> None:
    assert len(CASES) >= 15
    queries = [case.query for case in CASES]
    assert len(set(queries)) == len(queries), "a query is listed twice"
    assert sum(case.browser and not case.xfail for case in CASES) >= 5
    for case in CASES:
        assert case.why, f"{case.query}: say why a rep searches it"
        assert not _QUERY_SYNTAX.search(case.query), f"{case.query}: plain words only"
        assert (built_site / case.page / "index.html").is_file(), f"{case.query}: no {case.page}"


@pytest.mark.parametrize(
    ("query", "words", "expected"),
    [
        # The whole run is kept only when no proper prefix of it is a word of the index.
        ("客单价", {"客单价", "单价"}, ["客单价"]),
        # A slice ending at the last character is never looked up: 漏斗 is dropped.
        ("销售漏斗", {"销售", "漏斗", "销售漏斗"}, ["销售"]),
        ("客单价提升", {"客单价", "提升"}, ["客单价"]),
        ("线索开发", {"线索", "开", "开发"}, ["线索", "开"]),
        ("我再考虑考虑", {"我", "再", "考虑"}, ["我", "再", "考虑"]),
    ],
)
def test_segment_is_materials(query: str, words: set[str], expected: list[str]) -> None:
    assert segment(query, words) == expected


def _describe(material: MaterialSearch, case: SearchCase, results: list[PageHit]) -> str:
    shown = "\n".join(
        f"  {n}. {entry.page or '(home)'}  {entry.score:.1f}"
        for n, entry in enumerate(results[: case.top + 3], 1)
    )
    return (
        f"a rep searching {case.query!r} ({case.why}) does not get {case.page} in the first "
        f"{case.top} results; the browser searches for {' '.join(material.rewrite(case.query))}"
        f"\n{shown or '  (no results)'}"
    )


@pytest.mark.parametrize("case", params(CASES))
def test_query_finds_its_page_in_the_index(material: MaterialSearch, case: SearchCase) -> None:
    results = material.search(case.query)
    position = rank(results, case.page)
    assert position is not None and position <= case.top, _describe(material, case, results)


# ---------------------------------------------------------------------------------------------
# Tests in Chromium
# ---------------------------------------------------------------------------------------------

# Runs Material's own search worker from the built site on the built index, as the page does.
_RUN_WORKER = """async ([worker, queries]) => {
  const index = await (await fetch("search/search_index.json")).json();
  const search = new Worker(worker);
  const errors = [];
  search.onerror = event => errors.push(String(event.message));
  const reply = () => new Promise(resolve => search.addEventListener(
    "message", event => resolve(event.data), {once: true}));
  search.postMessage({type: 0, data: {...index, options: {suggest: false}}});  // SETUP
  await reply();                                                               // READY
  const results = {};
  for (const query of queries) {
    search.postMessage({type: 2, data: query});                                // QUERY
    const {data} = await reply();                                              // RESULT
    results[query] = data.items.map(group => group.map(
      item => [item.location, item.score, item.terms]));
  }
  search.terminate();
  return {errors, results};
}"""


@pytest.fixture(scope="module")
def search_page(browser: Any, site_server: Any) -> Iterator[Any]:
    """The home page with the search box open, in one context for all queries."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(site_server.origin + "/")
    label = page.locator('label[for="__search"]').first
    if label.is_visible():  # narrow viewports: the search box hides behind the icon
        label.click()
    else:
        page.click(".md-search__input")
    yield page
    context.close()


@pytest.mark.browser
def test_emulation_ranks_like_materials_worker(
    search_page: Any, built_site: Path, material: MaterialSearch
) -> None:
    worker = next((built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    queries = [case.query for case in CASES]
    outcome = search_page.evaluate(
        _RUN_WORKER, [worker.relative_to(built_site).as_posix(), queries]
    )
    assert outcome["errors"] == []
    for query in queries:
        browser_hits = {
            location: (score, terms)
            for group in outcome["results"][query]
            for location, score, terms in group
        }
        emulated = {
            hit.location: (hit.score, hit.terms)
            for entry in material.search(query)
            for hit in entry.sections
        }
        assert browser_hits.keys() == emulated.keys(), query
        for location, (score, terms) in emulated.items():
            assert browser_hits[location][0] == pytest.approx(score, rel=1e-9), (query, location)
            assert browser_hits[location][1] == terms, (query, location)
        # One group per page. Two sections of a page with the same score may lead its group in
        # either order (lunr keeps them in the order it met them), so compare pages, not the
        # section that happens to come first.
        browser_pages = [material.page_of[group[0][0]] for group in outcome["results"][query]]
        emulated_pages = [entry.page for entry in material.search(query)]
        assert sorted(browser_pages) == sorted(emulated_pages), query


# The result list: one item per page; its first link is the page itself.
_RESULT_PAGES = """items => items.map(item => {
  const url = new URL(item.querySelector("a").href);
  return url.pathname.replace(/^\\//, "");
})"""


def type_query(page: Any, query: str) -> list[str]:
    """Type ``query`` into the search box as a person would; the result pages, in order.

    Material reads the box on ``keyup`` and on focus, not on ``input``: filling the box with
    ``fill`` is not seen. ``insert_text`` is what an input method commits; the key pressed after
    it gives the ``keyup``. Clearing the box first and waiting for the empty list makes sure the
    list read afterwards belongs to this query. Typed before the index is loaded, the query is
    still answered: Material reads the box again when the worker reports it is ready.
    """
    box = page.locator(".md-search__input")
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    page.wait_for_function(
        """() => document.querySelector('.md-search-result__item')
             || document.querySelector('.md-search-result__meta').textContent.includes('没有')""",
        timeout=15_000,
    )
    pages: list[str] = page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item", _RESULT_PAGES
    )
    return pages


@pytest.mark.browser
@pytest.mark.parametrize("case", params([case for case in CASES if case.browser]))
def test_typed_query_shows_its_page(search_page: Any, case: SearchCase) -> None:
    pages = type_query(search_page, case.query)
    assert case.page in pages[: case.top], (
        f"typing {case.query!r} into the search box shows {pages[: case.top]}, not {case.page}"
    )
