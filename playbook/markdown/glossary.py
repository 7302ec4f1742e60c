"""Glossary terms in running text → links to their definitions, also inside Chinese sentences.

Python-Markdown's ``abbr`` extension matches on word boundaries, so 客单价 in 本月客单价提升
stays plain: Chinese has no spaces. This extension matches spellings anywhere in the text::

    本月客单价提升了 12%。
    → 本月<a class="pb-term" href="../glossary/#term-aov" title="成交金额 ÷ 成交订单数"
         data-pb-term="客单价">客单价</a>提升了 12%。

Config:
    terms: the :class:`GlossaryLink` entries to link on this page. The caller computes each
        ``href`` relative to the page. On the glossary page itself, pass no terms: nothing
        there should link to itself.
    mode: ``first`` (default) links the first occurrence of each term on the page, in reading
        order (an alias counts as its term); ``every`` links all of them.
    skip_href: the href (as the terms on this page spell it) of this page's own definitions,
        e.g. ``../kpis/`` on the KPI page: a term whose ``href`` is that page, or exactly that
        anchor, is not linked (it is still matched, as a term marked ``defined_here``).
        ``""`` (default) skips nothing.

Matching:
    - One regex built from a trie of all spellings: fast for hundreds of spellings on a long
      page, and greedy, so at each position the longest spelling wins (客单价提升率 over
      客单价). Among positions, the leftmost match wins.
    - A shorter term is never linked inside a longer term's match: not when the longer term
      was already linked earlier on the page (``first`` mode), and not when it is defined on
      this page and so not linked at all (a :class:`GlossaryLink` with ``defined_here``, or
      one ``skip_href`` names): on the KPI page, 回收期 (an alias of 投资回收期) stays plain
      inside 获客成本回收期. Aliases count as their term's spellings.
    - A term inside a longer word that is no glossary spelling is linked: Chinese has no
      spaces, and 回收期 in 设备回收期 is still 回收期.
    - Case-sensitive. A spelling that starts (ends) with an ASCII letter or digit does not
      match after (before) another one: ``CRM`` is not found in ``CRMX`` or ``XCRM``, but is
      in ``CRM系统``.
    - Only text a reader sees as prose is linked. Never inside links, code, headings, the
      title of an admonition, ``summary``, form controls and forms, ``script``/``style``,
      ``abbr``/``dfn``/``kbd``/``samp``, SVG/MathML, a calculator widget (``.pb-calc``), or
      text marked :class:`~markdown.util.AtomicString`. Tables, lists and admonition bodies
      are prose and are linked.
    - Raw HTML is never touched: a raw block is stashed whole and stays byte-identical; the
      placeholders Markdown leaves in text for stashed HTML and backslash escapes are skipped
      whole, and text between an inline raw ``<a>``/``<code>``/… and its closing tag is not
      linked either (no link inside a link).

Output and accessibility:
    The link text is the term as written; following it leads to the full definition.
    ``title`` holds the short definition, which Material's ``content.tooltips`` feature shows
    on hover and keyboard focus. ``aria-describedby`` cannot point to another page, and a
    visually hidden copy of every definition would make screen readers read it mid-sentence,
    so there is neither. ``data-pb-term`` carries the canonical term (the first spelling) for
    styling and scripts.

    Nothing here writes HTML as text: the links are ElementTree nodes and Markdown's
    serializer escapes their text and attributes once. That serializer leaves an ``&`` alone
    when it already starts an entity (so authors can write ``&copy;``); our attribute values
    are plain text, so such an ``&`` is escaped here first and every ``&`` in a definition
    reaches the page as ``&amp;`` exactly once.

Under MkDocs this runs before MkDocs' own link rewriting (the ``relpath`` treeprocessor), so
an ``href`` may also be written relative to the page's source file (``glossary.md#term-aov``):
MkDocs then checks that the target exists and rewrites it.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, HTML_PLACEHOLDER_RE, STX, AtomicString, HtmlStash

from calculators.html import Markup, el, escape

__all__ = ["GlossaryExtension", "GlossaryLink", "TextLinker", "makeExtension"]

_MODES = ("first", "every")

# Never linked inside these elements (lower-case tag names) or elements with these classes.
_SKIP_TAGS = frozenset(
    {
        "a",
        "abbr",
        "button",
        "code",
        "dfn",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "kbd",
        "label",
        "math",
        "option",
        "pre",
        "samp",
        "script",
        "select",
        "style",
        "summary",
        "svg",
        "template",
        "textarea",
    }
)
_SKIP_CLASSES = frozenset({"pb-calc", "admonition-title"})

# A placeholder Markdown leaves in text (stashed HTML, backslash escapes): skipped whole.
_PLACEHOLDER = f"{re.escape(STX)}[^{re.escape(STX)}{re.escape(ETX)}]*{re.escape(ETX)}"
_RAW_OPEN = re.compile(r"<([A-Za-z][A-Za-z0-9]*)(?:\s[^>]*)?>\Z")
_RAW_CLOSE = re.compile(r"</([A-Za-z][A-Za-z0-9]*)\s*>\Z")
_NOT_AFTER_ASCII_WORD = "(?<![A-Za-z0-9])"
_NOT_BEFORE_ASCII_WORD = "(?![A-Za-z0-9])"
# An `&` that Markdown's serializer would take for the start of an entity and not escape.
_ENTITY_LIKE_AMP = re.compile(r"&(?=(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.IGNORECASE)


@dataclass(frozen=True)
class GlossaryLink:
    """One glossary term as the linker sees it.

    Parameters:
        spellings: the term first, then its aliases; each is matched exactly (case-sensitive).
        href: where the definition lives, relative to the page being converted.
        definition: the short plain-text definition, shown as the link's tooltip.
        defined_here: the term is defined on the page being converted: its spellings are
            matched (so no shorter term is linked inside them) but not linked to the page
            itself.
    """

    spellings: tuple[str, ...]
    href: str
    definition: str
    defined_here: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.spellings, str):
            raise TypeError(
                f"spellings must be a tuple of strings, not the string {self.spellings!r}"
            )
        object.__setattr__(self, "spellings", tuple(self.spellings))
        if not self.spellings or not all(s.strip() for s in self.spellings):
            raise ValueError(f"glossary term {self.spellings!r}: every spelling must be non-empty")
        for value in (*self.spellings, self.href, self.definition):
            if STX in value or ETX in value:
                raise ValueError(
                    f"glossary term {self.spellings[0]!r}: control characters \\x02/\\x03 "
                    "are reserved for Markdown's placeholders"
                )

    @property
    def term(self) -> str:
        """The canonical spelling (the first one)."""
        return self.spellings[0]


# --- matching ------------------------------------------------------------------------------

# A trie of spellings: one key per character; the key "" marks the end of a spelling.
_Trie = dict[str, "_Trie"]


def _is_ascii_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _trie_branches(node: _Trie, last: str) -> str:
    """The regex for the rest of the spellings below ``node``; longer ones are tried first."""
    parts = [re.escape(char) + _trie_branches(child, char) for char, child in node.items() if char]
    if "" in node:  # a spelling ends here: the shortest choice, so the last alternative
        parts.append(_NOT_BEFORE_ASCII_WORD if _is_ascii_word(last) else "")
    if len(parts) == 1:
        return parts[0]
    return "(?:" + "|".join(parts) + ")"


def _spellings_pattern(spellings: Iterable[str]) -> str:
    """A regex matching any of ``spellings``, the longest one at a given position.

    ASCII letters and digits at either end of a spelling must not touch another one in the
    text, so ``CRM`` does not match inside ``CRMX``.
    """
    trie: _Trie = {}
    for spelling in spellings:
        node = trie
        for char in spelling:
            node = node.setdefault(char, {})
        node[""] = {}
    return "|".join(
        (_NOT_AFTER_ASCII_WORD if _is_ascii_word(char) else "")
        + re.escape(char)
        + _trie_branches(child, char)
        for char, child in trie.items()
    )


@functools.lru_cache(maxsize=32)
def _compiled(spellings: tuple[str, ...]) -> re.Pattern[str]:
    """The page pattern for ``spellings``: every page of a site links the same terms (less its
    own), so it is built once per build, not once per page."""
    return re.compile(f"(?P<placeholder>{_PLACEHOLDER})|(?:{_spellings_pattern(spellings)})")


def _attribute(value: str) -> str:
    """``value`` as plain text for an attribute that Markdown's serializer will escape."""
    return _ENTITY_LIKE_AMP.sub("&amp;", value)


def _is_skipped(element: Element) -> bool:
    if not isinstance(element.tag, str):  # comments, processing instructions
        return True
    if element.tag.lower() in _SKIP_TAGS:
        return True
    classes = element.get("class") or ""
    return not _SKIP_CLASSES.isdisjoint(classes.split())


class _PageLinker:
    """One walk over one page's tree; holds what is already linked on the page."""

    def __init__(
        self,
        pattern: re.Pattern[str],
        links: Mapping[str, GlossaryLink],
        every: bool,
        stash: HtmlStash,
    ) -> None:
        self.pattern = pattern
        self.links = links
        self.every = every
        self.stash = stash
        self.linked: set[GlossaryLink] = set()
        # Inline raw HTML elements we must not link inside (e.g. `<a href=…>`) still open.
        self.open_raw_skips = 0

    def walk(self, element: Element) -> None:
        """Link the text inside ``element``: its text, its children's, their tails."""
        open_raw_skips = self.open_raw_skips
        element.text, children = self._split(element.text)
        changed = bool(children)
        for child in list(element):
            if not _is_skipped(child):
                self.walk(child)
            children.append(child)
            child.tail, added = self._split(child.tail)
            children.extend(added)
            changed = changed or bool(added)
        if changed:
            element[:] = children
        self.open_raw_skips = open_raw_skips

    def _split(self, text: str | None) -> tuple[str | None, list[Element]]:
        """``text`` cut before its first link, and the links, each with the text after it."""
        if not text or isinstance(text, AtomicString):
            return text, []
        head: str | None = text
        added: list[Element] = []
        end = 0
        for match in self.pattern.finditer(text):
            if match.lastgroup == "placeholder":
                self._track_raw_html(match.group())
                continue
            if self.open_raw_skips:
                continue
            link = self.links[match.group()]
            if link.defined_here or (link in self.linked and not self.every):
                continue  # the match is used up all the same: nothing shorter inside it
            self.linked.add(link)
            before = text[end : match.start()] or None
            if added:
                added[-1].tail = before
            else:
                head = before
            added.append(self._anchor(link, match.group()))
            end = match.end()
        if added:
            added[-1].tail = text[end:] or None
        return head, added

    def _track_raw_html(self, placeholder: str) -> None:
        found = HTML_PLACEHOLDER_RE.fullmatch(placeholder)
        if found is None:  # a backslash escape
            return
        index = int(found.group(1))
        if index >= len(self.stash.rawHtmlBlocks):
            return
        raw = self.stash.rawHtmlBlocks[index]
        if not isinstance(raw, str):
            return
        raw = raw.strip()
        if (opened := _RAW_OPEN.match(raw)) and not raw.endswith("/>"):
            if opened.group(1).lower() in _SKIP_TAGS:
                self.open_raw_skips += 1
        elif (closed := _RAW_CLOSE.match(raw)) and closed.group(1).lower() in _SKIP_TAGS:
            self.open_raw_skips = max(0, self.open_raw_skips - 1)

    @staticmethod
    def _anchor(link: GlossaryLink, text: str) -> Element:
        anchor = Element(
            "a",
            {
                "class": "pb-term",
                "href": _attribute(link.href),
                "title": _attribute(link.definition),
                "data-pb-term": _attribute(link.term),
                # Material's tooltip takes the title over on hover; a tap shows this in place.
                "data-pb-definition": _attribute(link.definition),
            },
        )
        anchor.text = AtomicString(text)
        return anchor


class TextLinker:
    """The same matching for plain text outside Markdown (pages built with ``el()``).

    Call it on each piece of text of one page, in reading order; it returns escaped HTML with
    the terms linked (first occurrence per linker in ``first`` mode). ``href`` values must be
    final URLs here: MkDocs does not rewrite links inside raw HTML.
    """

    def __init__(self, links: Iterable[GlossaryLink], *, every: bool = False) -> None:
        self.every = every
        self.links: dict[str, GlossaryLink] = {}
        for link in links:
            for spelling in link.spellings:
                self.links.setdefault(spelling, link)
        self.pattern = re.compile(_spellings_pattern(self.links)) if self.links else None
        self.linked: set[GlossaryLink] = set()

    def __call__(self, text: str) -> Markup:
        if self.pattern is None or not text:
            return escape(text)
        parts: list[Markup] = []
        end = 0
        for match in self.pattern.finditer(text):
            link = self.links[match.group()]
            if link.defined_here or (link in self.linked and not self.every):
                continue  # the match is used up all the same: nothing shorter inside it
            self.linked.add(link)
            parts.append(escape(text[end : match.start()]))
            parts.append(
                el(
                    "a",
                    {
                        "class": "pb-term",
                        "href": link.href,
                        "title": link.definition,
                        "data-pb-term": link.term,
                        "data-pb-definition": link.definition,
                    },
                    match.group(),
                )
            )
            end = match.end()
        parts.append(escape(text[end:]))
        return Markup("".join(parts))


class GlossaryTreeprocessor(Treeprocessor):
    """Wraps glossary terms in the finished tree (after inline Markdown) in links."""

    def __init__(self, md: Markdown, links: Iterable[GlossaryLink], every: bool) -> None:
        super().__init__(md)
        self.every = every
        self.links: dict[str, GlossaryLink] = {}
        for link in links:
            for spelling in link.spellings:
                other = self.links.setdefault(spelling, link)
                if other != link:
                    raise ValueError(
                        f"glossary: {spelling!r} is a spelling of both {other.term!r} "
                        f"and {link.term!r}"
                    )
        self.pattern = _compiled(tuple(sorted(self.links))) if self.links else None

    def run(self, root: Element) -> None:
        """Link the terms of this page; a fresh walk, so ``first`` counts per page."""
        if self.pattern is not None:
            _PageLinker(self.pattern, self.links, self.every, self.md.htmlStash).walk(root)


def _links_on_page(terms: object, skip_href: str) -> list[GlossaryLink]:
    """The terms of this page, those defined on it (``skip_href``) marked ``defined_here``:
    matched, not linked."""
    if not isinstance(terms, Iterable):
        raise TypeError(f"glossary: `terms` must be a list of GlossaryLink, not {terms!r}")
    links: list[GlossaryLink] = []
    for term in terms:
        if not isinstance(term, GlossaryLink):
            raise TypeError(f"glossary: `terms` must hold GlossaryLink entries, not {term!r}")
        on_this_page = skip_href and (
            term.href == skip_href or term.href.split("#", 1)[0] == skip_href
        )
        links.append(dataclasses.replace(term, defined_here=True) if on_this_page else term)
    return links


class GlossaryExtension(Extension):
    """Links glossary terms in running (also Chinese) text to their definitions."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "terms": [[], "GlossaryLink entries to link; none on the glossary page itself"],
            "mode": ["first", "first: link each term once per page (default); every: all"],
            "skip_href": ["", "Href of this page's own definitions, not linked; '' for none"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        mode = str(self.getConfig("mode"))
        if mode not in _MODES:
            raise ValueError(f"glossary: unknown mode {mode!r} (known: {', '.join(_MODES)})")
        links = _links_on_page(self.getConfig("terms"), str(self.getConfig("skip_href")))
        md.registerExtension(self)
        # After inline Markdown (20), attribute lists (8) and abbreviations (7); before toc (5),
        # MkDocs' link rewriting (0) and the postprocessors that put stashed raw HTML back.
        md.treeprocessors.register(
            GlossaryTreeprocessor(md, links, every=mode == "every"), "pb_glossary", 6.5
        )


def makeExtension(**kwargs: Any) -> GlossaryExtension:  # noqa: N802
    """Python-Markdown's entry point: ``extensions=["playbook.markdown.glossary"]``."""
    return GlossaryExtension(**kwargs)
