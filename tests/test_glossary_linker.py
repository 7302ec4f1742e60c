"""Glossary terms in running Chinese text link to their definitions, and nothing else changes.

What a reader would notice: a term left plain where it should be a link, a link where none
belongs (in a heading, in code, inside another link or a calculator), text around a link
garbled, or a definition tooltip showing raw HTML.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import markdown
import pytest

from playbook.markdown.calculators import CalculatorExtension
from playbook.markdown.glossary import GlossaryExtension, GlossaryLink, TextLinker

AOV = GlossaryLink(("客单价", "平均客单价"), "../glossary/#term-aov", "成交金额 ÷ 成交订单数")
WIN_RATE = GlossaryLink(("赢单率",), "../glossary/#term-win-rate", "赢单数 ÷ 已关闭商机数")
CRM = GlossaryLink(("CRM",), "../glossary/#term-crm", "客户关系管理系统")
TERMS = [AOV, WIN_RATE, CRM]

# The extensions of mkdocs.yml that shape the tree the linker walks.
SITE_EXTENSIONS: list[Any] = ["tables", "admonition", "attr_list", "md_in_html", "toc"]


def convert(source: str, terms: list[GlossaryLink] | None = None, **config: Any) -> str:
    extensions = [
        *SITE_EXTENSIONS,
        GlossaryExtension(terms=TERMS if terms is None else terms, **config),
    ]
    return markdown.markdown(source, extensions=extensions)


def convert_without_glossary(source: str) -> str:
    return markdown.markdown(source, extensions=SITE_EXTENSIONS)


class _Page(HTMLParser):
    """The glossary links of a page and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and ("class", "pb-term") in attrs:
            self._open = dict(attrs)
            self.links.append(("", self._open))

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._open is not None:
            self.links[-1] = (self.links[-1][0] + data, self._open)


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def linked(page: str) -> list[str]:
    """The texts that became glossary links, in page order."""
    return [text for text, _ in parse(page).links]


# --- matching in Chinese text ------------------------------------------------------------


def test_terms_inside_a_chinese_sentence_become_links() -> None:
    page = convert("本月客单价提升了 12%，赢单率却下降了。")
    assert page == (
        "<p>本月"
        '<a class="pb-term" data-pb-definition="成交金额 ÷ 成交订单数" data-pb-term="客单价"'
        ' href="../glossary/#term-aov" title="成交金额 ÷ 成交订单数">客单价</a>'
        "提升了 12%，"
        '<a class="pb-term" data-pb-definition="赢单数 ÷ 已关闭商机数" data-pb-term="赢单率"'
        ' href="../glossary/#term-win-rate" title="赢单数 ÷ 已关闭商机数">赢单率</a>'
        "却下降了。</p>"
    )


def test_the_text_a_reader_sees_is_unchanged_around_the_links() -> None:
    source = (
        "# 指标\n\n"
        "本月客单价 & 毛利 < 100 &amp; R&D，*赢单率*下降；CRM 里的 `客单价` 字段。\n\n"
        "- 列表里的客单价\n- 第二项：赢单率与 CRM\n\n"
        "| 指标 | 说明 |\n| --- | --- |\n| 客单价 | 见 [客单价](x.md) |\n\n"
        '!!! note "客单价"\n    正文里的客单价与赢单率。\n'
    )
    with_links = convert(source, mode="every")
    assert len(linked(with_links)) >= 6, "the sample should contain links"
    assert "".join(parse(with_links).text) == "".join(parse(convert_without_glossary(source)).text)


def test_the_longest_spelling_wins_at_the_same_position() -> None:
    page = convert("上季度平均客单价是 3 万。")
    links = parse(page).links
    assert [text for text, _ in links] == ["平均客单价"], "the alias must not be cut to 客单价"
    assert links[0][1]["data-pb-term"] == "客单价", "an alias links to its canonical term"


def test_a_longer_term_is_not_split_by_a_shorter_one_inside_it() -> None:
    uplift = GlossaryLink(("客单价提升率",), "../glossary/#term-aov-uplift", "客单价的环比增幅")
    page = convert("客单价提升率达到 8%，客单价本身约 3 万。", terms=[AOV, uplift], mode="every")
    assert linked(page) == ["客单价提升率", "客单价"]


# --- a shorter term inside a longer one ---------------------------------------------------

PAYBACK = GlossaryLink(("投资回收期", "回收期"), "../glossary/#term-payback", "净现金流转正的时间")
CAC_PAYBACK = GlossaryLink(
    ("获客成本回收期", "CAC 回收期"), "../kpis/#kpi-cac_payback", "收回获客成本的月数"
)


def test_a_shorter_term_is_not_linked_inside_a_longer_term_defined_on_this_page() -> None:
    # On the KPI page 获客成本回收期 is not linked (it is defined there), and its 回收期 is not
    # 投资回收期, whose alias it spells: neither is linked, through the term or its alias.
    source = "客户终身价值、获客成本回收期、CAC 回收期；投资回收期另算。"
    page = convert(source, terms=[PAYBACK, CAC_PAYBACK], skip_href="../kpis/")
    assert linked(page) == ["投资回收期"]
    here = GlossaryLink(CAC_PAYBACK.spellings, "#kpi-cac_payback", "x", defined_here=True)
    assert linked(convert(source, terms=[PAYBACK, here])) == ["投资回收期"]


def test_the_pages_glossary_keeps_the_terms_defined_on_it_unlinked() -> None:
    from pathlib import Path

    from playbook.content.load import load_content
    from playbook.render.pages import glossary_links, url_links
    from playbook.render.pages.common import KPI_PAGE

    root = Path(__file__).resolve().parent.parent
    content, _ = load_content(root / "docs", root, "zh")
    text = "获客成本回收期越短越好；CAC 回收期也叫获客成本回收期。"
    assert linked(convert(text, terms=glossary_links(content, KPI_PAGE), mode="every")) == []
    assert "pb-term" not in TextLinker(url_links(content, KPI_PAGE), every=True)(text)
    elsewhere = glossary_links(content, "customers/value.md")
    assert linked(convert(text, terms=elsewhere, mode="every")) == [
        "获客成本回收期",
        "CAC 回收期",
        "获客成本回收期",
    ]


def test_a_longer_term_already_linked_still_covers_its_shorter_term() -> None:
    page = convert("获客成本回收期下降。获客成本回收期和回收期不同。", terms=[PAYBACK, CAC_PAYBACK])
    assert linked(page) == ["获客成本回收期", "回收期"]


def test_a_shorter_term_inside_a_word_that_is_no_glossary_term_is_linked() -> None:
    # Chinese has no spaces: 回收期 in 设备回收期 is still the concept 回收期.
    assert linked(convert("设备回收期约两年。", terms=[PAYBACK])) == ["回收期"]
    assert str(TextLinker([PAYBACK])("设备回收期约两年。")).count('class="pb-term"') == 1


def test_plain_text_keeps_a_shorter_term_out_of_a_longer_one_defined_here() -> None:
    here = GlossaryLink(CAC_PAYBACK.spellings, "#kpi-cac_payback", "x", defined_here=True)
    linker = TextLinker([PAYBACK, here], every=True)
    html = str(linker("获客成本回收期与 CAC 回收期，不同于投资回收期。"))
    assert html.count('class="pb-term"') == 1
    assert ">投资回收期</a>" in html


# --- first or every occurrence -----------------------------------------------------------


def test_first_mode_links_only_the_first_occurrence_of_a_term_per_page() -> None:
    page = convert("平均客单价上升。\n\n客单价仍低于目标，客单价需要提升。")
    assert linked(page) == ["平均客单价"], "later occurrences (aliases too) stay plain"
    assert "<p>客单价仍低于目标，客单价需要提升。</p>" in page


def test_every_mode_links_all_occurrences() -> None:
    page = convert("客单价上升。\n\n客单价仍低于目标，客单价需要提升。", mode="every")
    assert linked(page) == ["客单价", "客单价", "客单价"]


def test_an_occurrence_in_a_heading_does_not_use_up_the_first_link() -> None:
    page = convert("## 客单价\n\n客单价是核心指标。")
    assert linked(page) == ["客单价"]
    heading = convert_without_glossary("## 客单价")
    assert page.startswith(heading), "the heading (and its anchor id) changed"


# --- where links belong, and where they do not -------------------------------------------


@pytest.mark.parametrize(
    ("where", "source"),
    [
        ("inline code", "看 `客单价` 字段。"),
        ("a code block", "```\n客单价 = 金额 / 订单\n```"),
        ("an existing link", "见[客单价说明](kpis.md)。"),
        ("a heading", "## 客单价怎么算"),
        ("an admonition title", '!!! note "客单价"\n    正文。'),
        ("a raw HTML block", "<div>客单价</div>"),
        ("an inline raw HTML link", '见 <a href="kpis.md">客单价</a> 一节。'),
        ("inline raw HTML kbd", "按 <kbd>客单价</kbd> 键。"),
    ],
)
def test_no_term_link_inside(where: str, source: str) -> None:
    page = convert(source)
    assert linked(page) == [], f"a glossary link appeared inside {where}: {page}"
    assert page == convert_without_glossary(source), f"{where} changed"


@pytest.mark.parametrize(
    ("where", "source"),
    [
        ("a table cell", "| 指标 | 值 |\n| --- | --- |\n| 客单价 | 3 万 |"),
        ("a list item", "- 本季度客单价上升\n- 其他"),
        ("an admonition body", '!!! tip "提示"\n    先确认客单价。'),
        ("emphasis", "重点是**客单价**。"),
        ("a Markdown-in-HTML block", '<div markdown="1">\n本月客单价提升。\n</div>'),
    ],
)
def test_terms_are_linked_in_prose_inside(where: str, source: str) -> None:
    assert linked(convert(source)) == ["客单价"], f"the term in {where} was not linked"


def test_a_raw_html_block_stays_byte_identical() -> None:
    block = '<div class="note" data-x="a &amp; b">客单价与赢单率 &lt;CRM&gt;</div>'
    page = convert(f"{block}\n\n后文的客单价。")
    assert block in page
    assert linked(page) == ["客单价"], "only the paragraph after the raw block is linked"


def test_a_calculator_widget_stays_byte_identical() -> None:
    source = "```calculator\nid: roi\n```\n\n前期投入越高，回本越慢。"
    upfront = GlossaryLink(("前期投入",), "../glossary/#term-upfront", "第 0 年的一次性投入")
    plain = markdown.markdown(source, extensions=[CalculatorExtension()])
    with_glossary = markdown.markdown(
        source,
        extensions=[CalculatorExtension(), GlossaryExtension(terms=[upfront], mode="every")],
    )
    widget = plain.split("</form>")[0] + "</form>"
    assert "前期投入" in widget, "the widget should contain the term for this test to mean much"
    assert with_glossary.startswith(widget), "the calculator widget HTML changed"
    assert linked(with_glossary) == ["前期投入"], "only the sentence after the widget is linked"


# --- ASCII terms and special characters --------------------------------------------------


def test_an_ascii_term_is_not_matched_inside_a_longer_ascii_word() -> None:
    page = convert("CRMX 和 XCRM 和 CRM2 和 crm 都不是；用CRM跟进，CRM系统，CRM.", mode="every")
    assert linked(page) == ["CRM", "CRM", "CRM"]
    assert "CRMX 和 XCRM 和 CRM2 和 crm 都不是" in page


def test_terms_with_regex_special_characters_match_literally() -> None:
    cpp = GlossaryLink(("C++",), "../glossary/#term-cpp", "一种编程语言")
    ratio = GlossaryLink(("LTV.CAC",), "../glossary/#term-ltv-cac", "客户终身价值 ÷ 获客成本")
    page = convert("C 与 CC 与 C++；LTVxCAC 不算，LTV.CAC 才算。", terms=[cpp, ratio])
    assert linked(page) == ["C++", "LTV.CAC"]


# --- escaping ----------------------------------------------------------------------------


def test_a_definition_with_html_characters_shows_as_written_in_the_tooltip() -> None:
    definition = '<script>alert(1)</script> 金额 & 订单 "含税" &amp; R&D; &#39;'
    href = "../glossary/?a=1&b=2#term-aov"
    term = GlossaryLink(("客单价",), href, definition)
    page = convert("本月客单价提升。", terms=[term])
    assert "<script>" not in page
    [(_, attrs)] = parse(page).links
    assert attrs["title"] == definition, "the tooltip must read exactly like the definition"
    assert attrs["href"] == href


def test_text_with_ampersands_and_angle_brackets_stays_correct_around_a_link() -> None:
    source = "客单价 & 毛利 < 100 &amp; R&D &copy;"
    page = convert(source)
    assert page.endswith("</a> &amp; 毛利 &lt; 100 &amp; R&amp;D &copy;</p>"), page


def test_markdown_placeholders_in_text_are_never_matched() -> None:
    # `\*` becomes a placeholder holding "42"; inline HTML one holding "wzxhzdk" and a digit.
    odd = [
        GlossaryLink(("42",), "#n", "n"),
        GlossaryLink(("wzxhzdk",), "#w", "w"),
        GlossaryLink(("0",), "#z", "z"),
    ]
    source = r"星号 \* 与 <b>粗体</b> 与 &amp; 都保留。"
    page = convert(source, terms=odd, mode="every")
    assert linked(page) == []
    assert page == convert_without_glossary(source)


# --- configuration -----------------------------------------------------------------------


def test_terms_defined_on_the_current_page_do_not_link_to_themselves() -> None:
    on_kpis = GlossaryLink(("客单价",), "../kpis/#kpi-aov", "x")
    page = convert("客单价与赢单率。", terms=[on_kpis, WIN_RATE], skip_href="../kpis/")
    assert linked(page) == ["赢单率"]
    page = convert("客单价与赢单率。", terms=[on_kpis, WIN_RATE], skip_href="../kpis/#kpi-aov")
    assert linked(page) == ["赢单率"]


def test_the_glossary_page_passes_no_terms_and_is_left_alone() -> None:
    source = "客单价：成交金额 ÷ 成交订单数。"
    assert convert(source, terms=[]) == convert_without_glossary(source)


def test_the_extension_loads_by_its_module_name() -> None:
    page = markdown.markdown(
        "本月客单价提升。",
        extensions=["playbook.markdown.glossary"],
        extension_configs={"playbook.markdown.glossary": {"terms": [AOV]}},
    )
    assert linked(page) == ["客单价"]


def test_one_spelling_for_two_terms_stops_the_build() -> None:
    other = GlossaryLink(("客单价",), "../glossary/#term-other", "另一个定义")
    with pytest.raises(ValueError, match="客单价"):
        convert("客单价", terms=[AOV, other])


def test_an_unknown_mode_stops_the_build() -> None:
    with pytest.raises(ValueError, match="mode"):
        convert("客单价", mode="sometimes")


def test_a_bad_term_is_rejected_when_it_is_declared() -> None:
    with pytest.raises(TypeError, match="tuple"):
        GlossaryLink("客单价", "#x", "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-empty"):
        GlossaryLink(("客单价", ""), "#x", "x")
    with pytest.raises(ValueError, match="reserved"):
        GlossaryLink(("客单价",), "#x", "见 \x02wzxhzdk:0\x03")


# --- a long page -------------------------------------------------------------------------


def test_a_long_page_with_300_terms_links_each_term_once() -> None:
    terms = [
        GlossaryLink((f"指标{n}号", f"KPI{n}"), f"../glossary/#term-{n}", f"第 {n} 个指标")
        for n in range(300)
    ]
    sentence = "".join(f"本月指标{n}号提升，KPI{n} 下降；" for n in range(0, 300, 7))
    paragraphs = [f"{sentence}第 {i} 段客单价。" for i in range(60)]
    source = "\n\n".join(paragraphs)
    assert len(source.encode()) > 50_000
    page = convert(source, terms=[*terms, AOV])
    assert len(linked(page)) == len(range(0, 300, 7)) + 1
    page = convert(source, terms=[*terms, AOV], mode="every")
    assert len(linked(page)) == 60 * (2 * len(range(0, 300, 7)) + 1)
