"""Customer tiers (RFM, ABC, churn signals) on small order books worked out by hand.

The calculator page and its table input come next; these are the rules it will apply, with the
conventions stated in ``calculators/customer_tiers/maths.py``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.customer_tiers.maths import (
    SEGMENTS,
    Order,
    Thresholds,
    abc_classes,
    churn_signals,
    customers_of,
    revenue_at_stake,
    rfm_scores,
    segment_of,
)

D = dt.date
AS_OF = D(2026, 12, 31)


def _orders(rows: list[tuple[str, str, int]]) -> list[Order]:
    return [Order(name, D.fromisoformat(day), Decimal(amount)) for name, day, amount in rows]


def test_customers_are_aggregated_from_order_lines() -> None:
    customers = customers_of(
        _orders([("甲", "2026-03-01", 100), ("乙", "2026-05-01", 50), ("甲", "2026-01-15", 30)])
    )
    assert [(c.name, c.frequency, c.revenue, c.last) for c in customers] == [
        ("甲", 2, Decimal(130), D(2026, 3, 1)),
        ("乙", 1, Decimal(50), D(2026, 5, 1)),
    ]
    assert [o.date for o in customers[0].orders] == [D(2026, 1, 15), D(2026, 3, 1)]


def test_quintile_scores_by_hand_with_ties_kept_together() -> None:
    # Ten customers; revenue 10..100 with a tie at 50 and 60 → 55, 55.
    rows = []
    revenues = [10, 20, 30, 40, 55, 55, 70, 80, 90, 100]
    for index, revenue in enumerate(revenues):
        rows.append((f"c{index}", "2026-12-01", revenue))
    customers = customers_of(_orders(rows))
    m = [score[3] for score in rfm_scores(customers, AS_OF)]
    # 1 + ⌊5 × strictly-below ÷ 10⌋: below = 0,1,2,3,4,4,6,7,8,9
    assert m == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    # Every customer ordered on the same day and once: all tie, all score 1.
    scored = rfm_scores(customers, AS_OF)
    assert {(s[0], s[1], s[2]) for s in scored} == {(30, 1, 1)}


def test_recency_scores_the_most_recent_highest() -> None:
    customers = customers_of(
        _orders(
            [
                ("近", "2026-12-30", 1),
                ("中", "2026-10-01", 1),
                ("远", "2025-06-01", 1),
                ("更远", "2024-01-01", 1),
                ("中2", "2026-10-01", 1),
            ]
        )
    )
    scored = {c.name: s for c, s in zip(customers, rfm_scores(customers, AS_OF), strict=True)}
    assert scored["近"][:2] == (1, 5)  # 4 strictly longer recencies: 1 + ⌊20/5⌋ = 5
    assert scored["中"][1] == scored["中2"][1] == 3  # 2 longer: 1 + ⌊10/5⌋
    assert scored["远"][1] == 2
    assert scored["更远"][1] == 1


def test_the_eight_segments() -> None:
    assert len(set(SEGMENTS.values())) == 8
    assert segment_of(5, 5, 5, 3) == "important_value"
    assert segment_of(1, 5, 5, 3) == "important_keep"
    assert segment_of(1, 1, 3, 3) == "important_retain"
    assert segment_of(3, 2, 2, 3) == "general_develop"
    assert segment_of(2, 2, 2, 3) == "general_retain"
    assert segment_of(4, 4, 4, 5) == "general_retain"  # the threshold comes from the plan


def test_abc_by_the_share_of_customers_ranked_above() -> None:
    # Revenue 50, 30, 10, 6, 4 (total 100): shares above 0, 50, 80, 90, 96 %.
    customers = customers_of(
        _orders(
            [
                ("丙", "2026-01-01", 10),
                ("甲", "2026-01-01", 50),
                ("戊", "2026-01-01", 4),
                ("乙", "2026-01-01", 30),
                ("丁", "2026-01-01", 6),
            ]
        )
    )
    assert abc_classes(customers, Thresholds()) == {
        "甲": "A",
        "乙": "A",  # 50 % above it
        "丙": "B",  # 80 %: no longer below 80 %
        "丁": "B",  # 90 %
        "戊": "C",  # 96 %
    }


def test_abc_ties_are_ranked_by_name() -> None:
    customers = customers_of(_orders([("b", "2026-01-01", 50), ("a", "2026-01-01", 50)]))
    # a ranks first (0 % above: A); b has 50 % above: A too with 80 %, B with a 40 % line.
    assert abc_classes(customers, Thresholds(abc_a=Decimal("0.4"))) == {"a": "A", "b": "B"}


def test_churn_signals_by_hand() -> None:
    t = Thresholds()
    # Orders every 30 days until 2026-09-02, then nothing: 120 days > 1.5 × 30 → gap.
    days = [D(2026, 1, 5) + dt.timedelta(days=30 * i) for i in range(9)]
    regular = customers_of([Order("规律", d, Decimal(100)) for d in days])[0]
    assert regular.last == D(2026, 9, 2)
    assert churn_signals(regular, AS_OF, t) == ["gap"]
    # Same 90 days a year earlier: 3 orders of 100; last 90 days: 1 order of 60 → revenue and
    # frequency both down 30 % or more.
    shrinking = customers_of(
        _orders(
            [
                ("缩", "2025-10-10", 100),
                ("缩", "2025-11-10", 100),
                ("缩", "2025-12-10", 100),
                ("缩", "2026-12-20", 60),
            ]
        )
    )[0]
    assert churn_signals(shrinking, AS_OF, t) == ["revenue", "frequency"]
    # One order 300 days ago: silence (≥ 270 days); no usual interval with one order.
    quiet = customers_of(_orders([("静", "2026-03-06", 500)]))[0]
    assert (AS_OF - quiet.last).days == 300
    assert churn_signals(quiet, AS_OF, t) == ["silence"]
    # Exactly 30 % down is a signal (≥), 29 % is not.
    edge = customers_of(_orders([("边", "2025-12-01", 100), ("边", "2026-12-01", 70)]))[0]
    assert "revenue" in churn_signals(edge, AS_OF, t)
    edge = customers_of(_orders([("边", "2025-12-01", 100), ("边", "2026-12-01", 71)]))[0]
    assert "revenue" not in churn_signals(edge, AS_OF, t)


def test_revenue_at_stake_is_the_last_365_days() -> None:
    customer = customers_of(
        _orders([("甲", "2025-12-31", 1), ("甲", "2026-01-01", 10), ("甲", "2026-12-31", 100)])
    )[0]
    assert revenue_at_stake(customer, AS_OF) == Decimal(110)  # 2025-12-31 is 365 days back


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=40))
def test_scores_respect_order_and_ties(values: list[int]) -> None:
    """A larger revenue never scores lower; equal revenues score the same; scores are 1–5."""
    rows = [(f"c{i}", "2026-06-01", v) for i, v in enumerate(values)]
    customers = customers_of(_orders(rows))
    m = [s[3] for s in rfm_scores(customers, AS_OF)]
    assert all(1 <= score <= 5 for score in m)
    for i, a in enumerate(values):
        for j, b in enumerate(values):
            if a < b:
                assert m[i] <= m[j]
            if a == b:
                assert m[i] == m[j]


# --- the calculator: a pasted table, skipped rows, the plan and the churn page agree ---------

from pathlib import Path  # noqa: E402

import yaml  # noqa: E402

import calculators  # noqa: E402
from playbook.content.variables import fill_markdown, plan_variables  # noqa: E402
from playbook.plans import load_plans  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def test_a_paste_with_a_bad_row_is_computed_without_it_and_says_which() -> None:
    paste = "\n".join(
        [
            "客户名称\t订单日期\t含税金额（万元）",
            "甲\t2026-01-05\t5",
            "乙\t2026-02-01\t—",
            "甲\t2026-03-05\t5",
            "丙\t2026/4/1\t1.2",
        ]
    )
    result = calculators.compute("customer_tiers", {"orders": paste, "as_of": "2026-12-31"})
    assert result["orders"] == 3 and result["skipped"] == 1
    assert result["problems"]["zh"] == ["第 3 行「含税金额（万元）」不是数字：—"]
    assert result["revenue"] == "112000.00"  # 5万 + 5万 + 1.2万: the header's 万元
    assert result["customers"] == 2
    html = calculators.render_result("customer_tiers", result, "zh")
    assert "1 行没有读进来" in html and "第 3 行" in html


def test_nothing_readable_is_one_message_naming_the_field() -> None:
    with pytest.raises(calculators.InputErrors) as caught:
        calculators.compute("customer_tiers", {"orders": "客户\t日期\t金额\n甲\t昨天\t5"})
    (error,) = caught.value.errors
    assert error.field == "orders"
    assert error.message("zh").startswith("「订单明细」第 2 行「日期」")


def test_twenty_thousand_order_lines() -> None:
    lines = ["客户,日期,金额"]
    for i in range(20_000):
        day = D(2025, 1, 1) + dt.timedelta(days=i % 700)
        lines.append(f"客户{i % 1500:04d},{day.isoformat()},{1000 + (i * 37) % 9000}")
    result = calculators.compute("customer_tiers", {"orders": "\n".join(lines)})
    assert result["orders"] == 20_000 and result["customers"] == 1500
    assert sum(row["customers"] for row in result["segments"]) == 1500
    assert sum(row["customers"] for row in result["classes"]) == 1500
    total = sum(Decimal(row["revenue"]) for row in result["classes"])
    assert total == Decimal(result["revenue"])  # the parts add up exactly


def test_the_plan_and_the_churn_page_state_the_same_thresholds() -> None:
    """docs/customers/churn.md says the thresholds in words; the calculator reads them from
    docs/plans/customer-tiers.yml. Changing one without the other fails here."""
    plan = yaml.safe_load((ROOT / "docs/plans/customer-tiers.yml").read_text("utf-8"))["inputs"]
    source = (ROOT / "docs/customers/churn.md").read_text("utf-8")
    # The page quotes the plan ({{plan.customer-tiers.KEY}}) rather than typing the numbers.
    for key in ("window_days", "drop", "gap_factor", "silence_days"):
        assert f"{{{{plan.customer-tiers.{key}}}}}" in source, key
    plans, problems = load_plans(ROOT / "docs", ROOT)
    assert not problems
    page, unknown = fill_markdown(source, plan_variables(plans))
    assert not unknown
    assert f"最近 {plan['window_days']} 天" in page
    assert f"下降 {plan['drop']} 以上" in page
    assert f"平均下单间隔的 {plan['gap_factor']} 倍" in page
    assert f"连续 {plan['silence_days']} 天无订单" in page


# --- the segment matrix: R × F cells, M high and low, each inside exactly one segment ----------

import xml.etree.ElementTree as ET  # noqa: E402

from calculators.customer_tiers.maths import rfm_matrix  # noqa: E402
from calculators.messages import t  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"


def _by_hand(values: list[int | Decimal], *, lower_is_better: bool) -> list[int]:
    """The quintile rule by direct comparison (no sorting, no bisect)."""
    n = len(values)
    out = []
    for v in values:
        worse = sum(1 for w in values if (w > v if lower_is_better else w < v))
        out.append(min(5, 1 + 5 * worse // n))
    return out


def _matrix_by_hand(
    rows: list[tuple[str, dt.date, Decimal]], as_of: dt.date, high: int
) -> dict[tuple[int, int, bool], tuple[int, Decimal]]:
    """(R, F, M high?) → (customers, revenue), recomputed from the order lines themselves."""
    names = sorted({name for name, _, _ in rows})
    last = [max(d for n, d, _ in rows if n == name) for name in names]
    freq = [sum(1 for n, _, _ in rows if n == name) for name in names]
    revenue = [sum((a for n, _, a in rows if n == name), Decimal(0)) for name in names]
    r = _by_hand([(as_of - d).days for d in last], lower_is_better=True)
    f = _by_hand(list(freq), lower_is_better=False)
    m = _by_hand(list(revenue), lower_is_better=False)
    out: dict[tuple[int, int, bool], tuple[int, Decimal]] = {}
    for i in range(len(names)):
        key = (r[i], f[i], m[i] >= high)
        count, money = out.get(key, (0, Decimal(0)))
        out[key] = (count + 1, money + revenue[i])
    return out


def _orders_text(rows: list[tuple[str, dt.date, Decimal]]) -> str:
    return "\n".join(["客户,日期,金额", *(f"{n},{d.isoformat()},{a}" for n, d, a in rows)])


def test_the_matrix_by_hand() -> None:
    # The golden case: 甲 R3 F1 M5, 乙 R1 F5 M4, 丙 R4 F1 M3, 丁 R2 F1 M2, 戊 R5 F1 M1.
    customers = customers_of(
        _orders(
            [
                ("甲", "2026-12-01", 50),
                ("乙", "2026-06-05", 10),
                ("乙", "2026-07-05", 10),
                ("乙", "2026-08-04", 5),
                ("乙", "2026-09-02", 5),
                ("丙", "2026-12-10", 10),
                ("丁", "2026-11-20", 6),
                ("戊", "2026-12-20", 4),
            ]
        )
    )
    cells = rfm_matrix(customers, rfm_scores(customers, AS_OF), 3)
    assert len(cells) == 50
    filled = {(c["r"], c["f"], c["m_high"]): c for c in cells if c["customers"]}
    assert {key: (c["segment"], c["revenue"]) for key, c in filled.items()} == {
        (3, 1, True): ("important_develop", "50.00"),
        (1, 5, True): ("important_keep", "30.00"),
        (4, 1, True): ("important_develop", "10.00"),
        (2, 1, False): ("general_retain", "6.00"),
        (5, 1, False): ("general_develop", "4.00"),
    }
    # Drawn order: M high first, F 5 down to 1, R 1 up to 5.
    assert [(c["r"], c["f"], c["m_high"]) for c in cells[:6]] == [
        (1, 5, True),
        (2, 5, True),
        (3, 5, True),
        (4, 5, True),
        (5, 5, True),
        (1, 4, True),
    ]
    assert (cells[25]["r"], cells[25]["f"], cells[25]["m_high"]) == (1, 5, False)


_ROWS = st.lists(
    st.tuples(
        st.sampled_from([f"客户{i}" for i in range(12)]),
        st.integers(min_value=0, max_value=500).map(lambda d: AS_OF - dt.timedelta(days=d)),
        st.integers(min_value=1, max_value=40).map(Decimal),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(_ROWS, st.integers(min_value=1, max_value=5))
def test_the_matrix_counts_every_customer_once_where_its_scores_put_it(
    rows: list[tuple[str, dt.date, Decimal]], high: int
) -> None:
    result = calculators.compute(
        "customer_tiers",
        {"orders": _orders_text(rows), "as_of": AS_OF.isoformat(), "rfm_high": high},
    )
    matrix = result["matrix"]
    keys = [(c["r"], c["f"], c["m_high"]) for c in matrix]
    assert sorted(keys) == sorted(
        (r, f, m) for r in range(1, 6) for f in range(1, 6) for m in (True, False)
    )
    assert sum(c["customers"] for c in matrix) == result["customers"]
    want = _matrix_by_hand(rows, AS_OF, high)
    for cell in matrix:
        count, revenue = want.get((cell["r"], cell["f"], cell["m_high"]), (0, Decimal(0)))
        assert (cell["customers"], Decimal(cell["revenue"])) == (count, revenue), cell
        high_r, high_f = cell["r"] >= high, cell["f"] >= high
        assert cell["segment"] == SEGMENTS[(high_r, high_f, cell["m_high"])]
    # A segment's cells add up to its row in the table: customers and revenue.
    for row in result["segments"]:
        own = [c for c in matrix if c["segment"] == row["segment"]]
        assert sum(c["customers"] for c in own) == row["customers"]
        assert sum(Decimal(c["revenue"]) for c in own) == Decimal(row["revenue"])


def _figure(html: str) -> ET.Element:
    start = html.index('<figure class="pb-chart pb-matrix"')
    end = html.index("</figure>", start) + len("</figure>")
    return ET.fromstring(html[start:end])


@pytest.mark.parametrize("high", [1, 2, 3, 5])
def test_the_matrix_chart_shows_every_count_and_names_each_region(high: int) -> None:
    rows = [
        (f"客户{i}", AS_OF - dt.timedelta(days=(i * 37) % 400 + k * 45), Decimal(1 + (i * 7) % 30))
        for i in range(30)
        for k in range(1 + i % 4)
    ]
    result = calculators.compute(
        "customer_tiers",
        {"orders": _orders_text(rows), "as_of": AS_OF.isoformat(), "rfm_high": high},
    )
    figure = _figure(calculators.render_result("customer_tiers", result, "zh"))
    grids = figure.findall(f".//{SVG}svg")
    assert len(grids) == 2
    cells = iter(result["matrix"])
    for grid, m_text in zip(grids, ("M 高", "M 低"), strict=True):
        assert grid.get("role") == "img" and grid.get("aria-label")
        assert grid.find(f"{SVG}title") is not None
        desc = grid.findtext(f"{SVG}desc") or ""
        children = list(grid)
        for index, child in enumerate(children):
            if child.tag != f"{SVG}rect":
                continue
            cell = next(cells)
            tooltip = child.findtext(f"{SVG}title") or ""
            assert tooltip.startswith(f"R{cell['r']} F{cell['f']} {m_text}：{cell['customers']} 家")
            number = children[index + 1]
            assert number.tag == f"{SVG}text" and number.text == str(cell["customers"])
            if cell["customers"]:
                assert f"R{cell['r']} F{cell['f']}: {cell['customers']} 家" in desc
        # Each region that has cells is named beside it (its full name fits at 3).
        names = "".join(
            text.text or ""
            for text in grid.iter(f"{SVG}text")
            if "pb-matrix__name" in (text.get("class") or "")
        )
        for (r_high, f_high, m_high), segment in SEGMENTS.items():
            if m_high != (m_text == "M 高"):
                continue
            name = t(f"customer_tiers.segment.{segment}", "zh")
            total = next(
                row["customers"] for row in result["segments"] if row["segment"] == segment
            )
            assert f"{name}: {total} 家" in desc
            short = name.removesuffix("客户")
            # Scores below the line exist only with a line above 1.
            if (r_high or high > 1) and (f_high or high > 1):
                assert short in names, (high, name)
                if high == 3:
                    assert name in names
            else:
                assert short not in names
    assert next(cells, None) is None
    caption = figure.find("figcaption")
    assert caption is not None and f"「高」分线 {high} 分" in "".join(caption.itertext())
