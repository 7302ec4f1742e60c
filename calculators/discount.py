"""What a discount does to gross margin, the volume needed to make up for it, and who approves it.

At gross margin m (before the discount) and discount d off the list price, unit cost unchanged:

- New gross margin = (m − d) ÷ (1 − d).
- Extra volume to keep the same gross profit = d ÷ (m − d) (sell m ÷ (m − d) times as much).
- d ≥ m: each unit earns nothing (d = m) or loses money (d > m); no volume makes up for it, so
  no extra volume is given and the page says so.
- Approval: the first level (ascending) whose maximum discount is ≥ d; above the last level the
  discount is outside the policy.
- With a list price (and quantity, default 1): revenue, cost and gross profit before and after,
  and the quantity and deal size that keep the gross profit.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal, localcontext
from typing import Any

from .errors import InputError, InputErrors
from .html import Markup, el, join
from .messages import register, t
from .money import (
    CONTEXT,
    MAX_ABS,
    format_money,
    format_number,
    format_percent,
    money_str,
    plain_str,
    quantize_money,
    rate_str,
)
from .render import conventions, explain, headline, result_panel, table
from .spec import Calculator, Field

ID = "discount"

#: Rates are taken to 6 decimal places (0.0001 %): finer input is a typing slip, and it keeps
#: m − d, the divisor of the extra volume, at least 0.000001 when d < m.
RATE_PLACES = 6

MESSAGES: dict[str, tuple[str, str]] = {
    "discount.title": ("折扣影响计算器", "Discount impact calculator"),
    "discount.gross_margin.label": ("折前毛利率", "Gross margin before the discount"),
    "discount.gross_margin.help": (
        "按标价成交时的毛利率：（标价 − 单位成本）÷ 标价。",
        "Gross margin at list price: (list price − unit cost) ÷ list price.",
    ),
    "discount.discount.label": ("折扣", "Discount"),
    "discount.discount.help": (
        "在标价基础上让利的比例，例如 10% 表示打九折。",
        "Share taken off the list price; 10% means paying 90% of list.",
    ),
    "discount.list_price.label": ("标价（单价）", "List price (per unit)"),
    "discount.list_price.help": (
        "可选：填了就按金额展示成交额和毛利的变化。",
        "Optional: fill it in to see revenue and gross profit in money.",
    ),
    "discount.quantity.label": ("数量", "Quantity"),
    "discount.quantity.help": (
        "可选：这单的数量，不填按 1 计；需要同时填标价。",
        "Optional: units in this deal, 1 if empty; needs a list price.",
    ),
    "discount.approval_levels.label": ("折扣审批权限", "Discount approval levels"),
    "discount.approval_levels.help": (
        "每行一档，从小到大：最高折扣 审批人，例如「5 销售代表」。折扣超过最后一档即不允许。",
        "One level per line, ascending: maximum discount then approver, e.g. “5 Manager”. "
        "Discounts above the last level are not allowed.",
    ),
    "discount.approval_levels.max_discount.label": ("最高折扣", "Maximum discount"),
    "discount.approval_levels.approver.label": ("审批人", "Approver"),
    "discount.unit.units": ("件", "units"),
    "discount.error.whole_price": (
        "「{field}」必须小于 100%：打 100% 的折扣等于白送。",
        "“{field}” must be below 100%: a 100% discount gives the product away.",
    ),
    "discount.error.too_precise": (
        "「{field}」最多精确到 0.0001%：{value}。",
        "“{field}” takes at most four decimals in percent (0.0001%): {value}.",
    ),
    "discount.error.needs_price": (
        "填写了数量时，「{field}」也要填写。",
        "“{field}” is needed when a quantity is given.",
    ),
    "discount.error.positive": ("「{field}」必须大于 0。", "“{field}” must be greater than 0."),
    "discount.error.deal_too_large": (
        "「{field}」× 标价过大：成交额不能达到 10^15 元。",
        "“{field}” × list price is too large: the deal must stay below 10^15 CNY.",
    ),
    "discount.out.new_margin": ("折后毛利率", "Gross margin after the discount"),
    "discount.out.extra_volume": ("保持毛利需多卖", "Extra volume to keep gross profit"),
    "discount.out.approver": ("审批人", "Approver"),
    "discount.out.gross_profit_after": ("折后毛利", "Gross profit after the discount"),
    "discount.out.revenue_needed": ("保持毛利所需成交额", "Deal size that keeps gross profit"),
    "discount.status.zero_profit": (
        "无法弥补：折后毛利为 0",
        "cannot be made up: no gross profit left",
    ),
    "discount.status.loss": (
        "无法弥补：每卖一件都亏钱",
        "cannot be made up: every unit loses money",
    ),
    "discount.beyond_policy": ("不允许（超出审批政策）", "not allowed (outside the policy)"),
    "discount.explain.new_margin": (
        "折后毛利率 = (毛利率 − 折扣) ÷ (1 − 折扣) = ({m} − {d}) ÷ (1 − {d}) = {new}",
        "New gross margin = (margin − discount) ÷ (1 − discount) = ({m} − {d}) ÷ (1 − {d}) = {new}",
    ),
    "discount.explain.extra_volume": (
        "保持毛利需多卖 = 折扣 ÷ (毛利率 − 折扣) = {d} ÷ ({m} − {d}) = {extra}，"
        "即销量要达到原来的 {factor} 倍",
        "Extra volume = discount ÷ (margin − discount) = {d} ÷ ({m} − {d}) = {extra}, "
        "i.e. {factor} times the original volume",
    ),
    "discount.explain.zero_profit": (
        "折扣 {d} 等于毛利率 {m}：折后售价刚好等于成本，每件毛利为 0，卖得再多也补不回原来的毛利。",
        "The discount {d} equals the margin {m}: the price now equals the cost, each unit earns "
        "nothing, and no volume brings the gross profit back.",
    ),
    "discount.explain.loss": (
        "折扣 {d} 高于毛利率 {m}：折后售价低于成本，每卖一件都亏钱，卖得越多亏得越多。",
        "The discount {d} is above the margin {m}: the price is now below cost, every unit "
        "loses money, and selling more loses more.",
    ),
    "discount.explain.no_discount": (
        "没有折扣：毛利率不变，不需要多卖。",
        "No discount: the margin is unchanged and no extra volume is needed.",
    ),
    "discount.explain.money": (
        "折前毛利 = {price} × {quantity} × {m} = {gp_before}；折扣金额 = {price} × {quantity} × "
        "{d} = {discount_amount}；折后毛利 = {gp_before} − {discount_amount} = {gp_after}",
        "Gross profit before = {price} × {quantity} × {m} = {gp_before}; discount = {price} × "
        "{quantity} × {d} = {discount_amount}; gross profit after = {gp_before} − "
        "{discount_amount} = {gp_after}",
    ),
    "discount.explain.needed": (
        "保持毛利所需数量 = {quantity} × {m} ÷ ({m} − {d}) = {needed}（按整件至少 {units} 件），"
        "所需成交额 = {unit_price} × {quantity} × {m} ÷ ({m} − {d}) = {revenue}",
        "Quantity that keeps gross profit = {quantity} × {m} ÷ ({m} − {d}) = {needed} (at least "
        "{units} whole units); deal size = {unit_price} × {quantity} × {m} ÷ ({m} − {d}) "
        "= {revenue}",
    ),
    "discount.explain.approval": (
        "折扣 {d} 不超过第 {level} 档的 {max}：由「{approver}」审批",
        "The discount {d} is within level {level} (up to {max}): approved by “{approver}”",
    ),
    "discount.explain.beyond": (
        "折扣 {d} 超过审批政策的最高档 {max}：按政策不允许。",
        "The discount {d} is above the policy's highest level {max}: not allowed.",
    ),
    "discount.table.caption": ("不同折扣下的影响（按审批档位）", "Impact by discount level"),
    "discount.col.discount": ("折扣", "Discount"),
    "discount.col.new_margin": ("折后毛利率", "New margin"),
    "discount.col.extra_volume": ("保持毛利需多卖", "Extra volume needed"),
    "discount.col.approver": ("审批人", "Approver"),
    "discount.row.current": ("{d}（本单）", "{d} (this deal)"),
    "discount.money.caption": ("本单金额", "This deal in money"),
    "discount.col.item": ("项目", "Item"),
    "discount.col.before": ("折前", "Before"),
    "discount.col.after": ("折后，同样数量", "After, same quantity"),
    "discount.col.needed": ("折后，保持毛利", "After, keeping gross profit"),
    "discount.row.quantity": ("数量", "Quantity"),
    "discount.row.revenue": ("成交额", "Revenue"),
    "discount.row.cost": ("成本", "Cost"),
    "discount.row.gross_profit": ("毛利", "Gross profit"),
    "discount.row.margin": ("毛利率", "Gross margin"),
    "discount.chart.title": (
        "各折扣下保持毛利需多卖的比例",
        "Extra volume needed to keep gross profit, by discount",
    ),
    "discount.chart.never": ("无法弥补", "cannot be made up"),
    "discount.convention.cost": (
        "单位成本不随折扣变化；毛利率按折前标价计算。",
        "The unit cost does not change with the discount; margins are on the list price.",
    ),
    "discount.convention.boundary": (
        "审批档位含上限：折扣恰好等于某档的最高折扣时，由该档审批；超过最后一档即不允许。"
        "默认档位只是示例，各公司应按自己的政策设置。",
        "Approval levels include their maximum: a discount equal to a level's maximum is "
        "approved at that level; above the last level it is not allowed. The default levels "
        "are an example; each company should set its own.",
    ),
    "discount.convention.loss": (
        "折扣大于或等于毛利率时，多卖无法补回毛利，计算器不给出销量增幅，只说明原因。",
        "When the discount reaches the margin, no extra volume restores the gross profit; the "
        "calculator says so instead of showing a volume.",
    ),
    "discount.convention.money": (
        "成交额、折扣金额和折前毛利先各自四舍五入到分，折后成交额和折后毛利由它们相减得到，"
        "因此表中各项恰好相加；所需数量向上取到 0.01，整件数向上取整。",
        "Revenue, the discount amount and gross profit before are each rounded half-up to the "
        "cent and the after figures are their differences, so the table adds up exactly; "
        "the quantity needed is rounded up to 0.01 and to whole units.",
    ),
}
register(MESSAGES)

#: The house policy: an example each company should replace with its own (also written as the
#: plan file ``docs/plans/discount-policy.yml``).
DEFAULT_LEVELS: list[dict[str, object]] = [
    {"max_discount": "5%", "approver": "销售代表"},
    {"max_discount": "10%", "approver": "销售经理"},
    {"max_discount": "15%", "approver": "销售总监"},
    {"max_discount": "25%", "approver": "总经理"},
]

FIELDS = (
    Field("gross_margin", "rate", default="40%", max=Decimal(1)),
    Field("discount", "rate", default="10%", max=Decimal(1)),
    Field("list_price", "money", default=None, required=False, unit="unit.yuan"),
    Field("quantity", "number", default=None, required=False, unit="discount.unit.units"),
    Field(
        "approval_levels",
        "records",
        default=DEFAULT_LEVELS,
        columns=(
            Field("max_discount", "rate", max=Decimal(1)),
            Field("approver", "text", max_length=20),
        ),
        advanced=True,
    ),
)


def _too_precise(value: Decimal) -> bool:
    return value != value.quantize(Decimal(1).scaleb(-RATE_PLACES), rounding=ROUND_CEILING)


def check(values: dict[str, Any]) -> None:
    """Rates to 0.0001 %; a discount below 100 %; money needs a price; levels ascending."""
    errors: list[InputError] = []
    for name in ("gross_margin", "discount"):
        value: Decimal = values[name]
        if _too_precise(value):
            shown = plain_str(value * 100) + "%"
            errors.append(InputError(name, "discount.error.too_precise", value=shown))
    if values["discount"] >= 1:
        errors.append(InputError("discount", "discount.error.whole_price"))
    price: Decimal | None = values.get("list_price")
    quantity: Decimal | None = values.get("quantity")
    if price is not None and price == 0:
        errors.append(InputError("list_price", "discount.error.positive"))
    if quantity is not None:
        if quantity == 0:
            errors.append(InputError("quantity", "discount.error.positive"))
        elif price is None:
            errors.append(InputError("list_price", "discount.error.needs_price"))
        elif price * quantity >= MAX_ABS:
            errors.append(InputError("quantity", "discount.error.deal_too_large"))
    levels: list[dict[str, Any]] = values["approval_levels"]
    for row, level in enumerate(levels, start=1):
        ceiling: Decimal = level["max_discount"]
        if _too_precise(ceiling):
            shown = plain_str(ceiling * 100) + "%"
            errors.append(InputError("approval_levels", "discount.error.too_precise", value=shown))
            break
        if row > 1 and ceiling <= levels[row - 2]["max_discount"]:
            errors.append(
                InputError(
                    "approval_levels",
                    "error.not_ascending",
                    row=row,
                    value=format_percent(ceiling),
                )
            )
            break
    if errors:
        raise InputErrors(errors)


def approval_level(discount: Decimal, levels: list[dict[str, Any]]) -> int | None:
    """1-based index of the first level whose maximum is ≥ ``discount``; None above them all."""
    for index, level in enumerate(levels, start=1):
        if discount <= level["max_discount"]:
            return index
    return None


def _status(margin: Decimal, discount: Decimal) -> str:
    if discount == 0:
        return "no_discount"
    if discount < margin:
        return "ok"
    return "zero_profit" if discount == margin else "loss"


def impact(margin: Decimal, discount: Decimal) -> tuple[Decimal, Decimal | None]:
    """(new margin, extra volume or None when no volume can keep the gross profit)."""
    with localcontext(CONTEXT):
        new_margin = (margin - discount) / (1 - discount)
        status = _status(margin, discount)
        if status == "no_discount":
            return new_margin, Decimal(0)
        if status == "ok":
            return new_margin, discount / (margin - discount)
        return new_margin, None


def _round_up(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_CEILING)


#: Result keys of the deal in money; all None without a list price.
MONEY_KEYS = (
    "quantity",
    "unit_price_after",
    "revenue_before",
    "discount_amount",
    "revenue_after",
    "cost",
    "gross_profit_before",
    "gross_profit_after",
    "quantity_needed",
    "units_needed",
    "revenue_needed",
    "cost_needed",
)


def _money(price: Decimal, quantity: Decimal, margin: Decimal, discount: Decimal) -> dict[str, Any]:
    """The deal in money; after-discount figures are differences of cent-rounded ones."""
    with localcontext(CONTEXT):
        revenue_before = quantize_money(price * quantity)
        discount_amount = quantize_money(price * quantity * discount)
        gp_before = quantize_money(price * quantity * margin)
        cost = revenue_before - gp_before
        revenue_after = revenue_before - discount_amount
        gp_after = gp_before - discount_amount
        unit_price = price * (1 - discount)
        out: dict[str, Any] = {
            "quantity": plain_str(quantity),
            "unit_price_after": money_str(unit_price),
            "revenue_before": money_str(revenue_before),
            "discount_amount": money_str(discount_amount),
            "revenue_after": money_str(revenue_after),
            "cost": money_str(cost),
            "gross_profit_before": money_str(gp_before),
            "gross_profit_after": money_str(gp_after),
            "quantity_needed": None,
            "units_needed": None,
            "revenue_needed": None,
            "cost_needed": None,
        }
        status = _status(margin, discount)
        if status in ("ok", "no_discount"):
            factor = Decimal(1) if status == "no_discount" else margin / (margin - discount)
            needed = quantity * factor
            revenue_needed = quantize_money(unit_price * needed)
            out["quantity_needed"] = plain_str(_round_up(needed, "0.01"))
            out["units_needed"] = int(_round_up(needed, "1"))
            out["revenue_needed"] = money_str(revenue_needed)
            out["cost_needed"] = money_str(revenue_needed - gp_before)
        return out


def compute(values: dict[str, Any]) -> dict[str, Any]:
    """The discount result for parsed ``values`` (formulas in the module docstring)."""
    margin: Decimal = values["gross_margin"]
    discount: Decimal = values["discount"]
    price: Decimal | None = values.get("list_price")
    quantity: Decimal = values.get("quantity") or Decimal(1)
    levels: list[dict[str, Any]] = values["approval_levels"]
    new_margin, extra = impact(margin, discount)
    level = approval_level(discount, levels)
    with localcontext(CONTEXT):
        factor = None if extra is None else 1 + extra
    by_level = []
    # One row per policy level and the deal's own discount; a level of 100 % has no margin.
    for ceiling in sorted(
        {row["max_discount"] for row in levels if row["max_discount"] < 1} | {discount}
    ):
        row_margin, row_extra = impact(margin, ceiling)
        row_level = approval_level(ceiling, levels)
        by_level.append(
            {
                "discount": rate_str(ceiling),
                "new_margin": rate_str(row_margin),
                "extra_volume": rate_str(row_extra) if row_extra is not None else None,
                "approver": levels[row_level - 1]["approver"] if row_level else None,
                "current": ceiling == discount,
            }
        )
    return {
        "calculator": ID,
        "inputs": {
            "gross_margin": rate_str(margin),
            "discount": rate_str(discount),
            "list_price": money_str(price) if price is not None else None,
            "quantity": plain_str(values["quantity"]) if values.get("quantity") else None,
            "approval_levels": [
                {"max_discount": rate_str(row["max_discount"]), "approver": row["approver"]}
                for row in levels
            ],
        },
        "status": _status(margin, discount),
        "new_margin": rate_str(new_margin),
        "extra_volume": rate_str(extra) if extra is not None else None,
        "volume_factor": rate_str(factor) if factor is not None else None,
        "approval_level": level,
        "approver": levels[level - 1]["approver"] if level else None,
        "within_policy": level is not None,
        "by_level": by_level,
        **(
            _money(price, quantity, margin, discount)
            if price is not None
            else dict.fromkeys(MONEY_KEYS)
        ),
    }


# --- rendering (shared by the build and the browser worker) ---------------------------------

_CHART_WIDTH = 560
_ROW_HEIGHT = 26
_LABEL_WIDTH = 150
_VALUE_WIDTH = 120


def _coord(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.1")), "f")


def volume_chart(
    *, title: str, rows: list[tuple[str, Decimal | None, bool]], never: str, lang: str
) -> Markup:
    """Horizontal bars of the extra volume needed per discount (None: cannot be made up).

    The deal's own row is marked; the chart has a title and a text description for AT.
    """
    finite = [value for _, value, _ in rows if value is not None]
    top = max([*finite, Decimal(0)]) or Decimal(1)
    plot = Decimal(_CHART_WIDTH - _LABEL_WIDTH - _VALUE_WIDTH)
    height = _ROW_HEIGHT * len(rows) + 8
    shown = [
        (label, format_percent(v) if v is not None else never, v, mine) for label, v, mine in rows
    ]
    parts: list[Markup] = [
        el("title", None, title),
        el("desc", None, "; ".join(f"{label}: {text}" for label, text, _, _ in shown)),
    ]
    for index, (label, text, value, mine) in enumerate(shown):
        y = Decimal(4 + _ROW_HEIGHT * index)
        width = Decimal(0) if value is None else value / top * plot
        parts.append(
            el(
                "text",
                {
                    "x": _LABEL_WIDTH - 8,
                    "y": _coord(y + 17),
                    "text-anchor": "end",
                    "class": "pb-chart__label",
                },
                label,
            )
        )
        classes = "pb-chart__bar" + (" pb-chart__bar--neg" if value is None else "")
        parts.append(
            el(
                "rect",
                {
                    "x": _LABEL_WIDTH,
                    "y": _coord(y + 4),
                    "width": _coord(max(width, Decimal("0.5"))),
                    "height": _ROW_HEIGHT - 8,
                    "class": classes + (" pb-chart__bar--current" if mine else ""),
                },
                el("title", None, f"{label}: {text}"),
            )
        )
        parts.append(
            el(
                "text",
                {
                    "x": _coord(_LABEL_WIDTH + width + 6),
                    "y": _coord(y + 17),
                    "class": "pb-chart__axis",
                    "font-weight": "bold" if mine else None,
                },
                text,
            )
        )
    return el(
        "figure",
        {"class": "pb-chart"},
        el(
            "svg",
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "viewBox": f"0 0 {_CHART_WIDTH} {height}",
                "role": "img",
                "aria-label": title,
                "class": "pb-chart__svg",
            },
            parts,
        ),
        el("figcaption", None, title),
    )


def _extra_text(result: dict[str, Any], lang: str) -> str:
    if result["extra_volume"] is None:
        return t(f"discount.status.{result['status']}", lang)
    return format_percent(Decimal(result["extra_volume"]))


def _approver_text(approver: str | None, lang: str) -> str:
    return approver if approver is not None else t("discount.beyond_policy", lang)


def _explain_lines(result: dict[str, Any], lang: str) -> list[str]:
    dec = Decimal
    inputs = result["inputs"]
    m = format_percent(dec(inputs["gross_margin"]))
    d = format_percent(dec(inputs["discount"]))
    lines = [
        t(
            "discount.explain.new_margin",
            lang,
            m=m,
            d=d,
            new=format_percent(dec(result["new_margin"])),
        )
    ]
    status = result["status"]
    if status == "ok":
        lines.append(
            t(
                "discount.explain.extra_volume",
                lang,
                m=m,
                d=d,
                extra=format_percent(dec(result["extra_volume"])),
                factor=format_number(dec(result["volume_factor"]), 2),
            )
        )
    elif status == "no_discount":
        lines.append(t("discount.explain.no_discount", lang))
    else:
        lines.append(t(f"discount.explain.{status}", lang, m=m, d=d))
    money = result if inputs["list_price"] is not None else None
    if money is not None:
        price = format_money(dec(inputs["list_price"]))
        quantity = format_number(dec(money["quantity"]))
        lines.append(
            t(
                "discount.explain.money",
                lang,
                price=price,
                quantity=quantity,
                m=m,
                d=d,
                gp_before=format_money(dec(money["gross_profit_before"])),
                discount_amount=format_money(dec(money["discount_amount"])),
                gp_after=format_money(dec(money["gross_profit_after"])),
            )
        )
        if money["revenue_needed"] is not None and status == "ok":
            lines.append(
                t(
                    "discount.explain.needed",
                    lang,
                    quantity=quantity,
                    m=m,
                    d=d,
                    needed=format_number(dec(money["quantity_needed"])),
                    units=money["units_needed"],
                    unit_price=format_money(dec(money["unit_price_after"])),
                    revenue=format_money(dec(money["revenue_needed"])),
                )
            )
    levels = inputs["approval_levels"]
    if result["approval_level"] is not None:
        level = result["approval_level"]
        lines.append(
            t(
                "discount.explain.approval",
                lang,
                d=d,
                level=level,
                max=format_percent(dec(levels[level - 1]["max_discount"])),
                approver=result["approver"],
            )
        )
    else:
        lines.append(
            t(
                "discount.explain.beyond",
                lang,
                d=d,
                max=format_percent(dec(levels[-1]["max_discount"])),
            )
        )
    return lines


def _money_table(result: dict[str, Any], lang: str) -> Markup:
    dec = Decimal
    money = result
    margin_before = dec(result["inputs"]["gross_margin"])
    new_margin = dec(result["new_margin"])
    needed = money["revenue_needed"] is not None
    gp_before = format_money(dec(money["gross_profit_before"]))

    def cash(key: str | None) -> str:
        return format_money(dec(money[key])) if key and money[key] is not None else "—"

    rows = [
        [
            t("discount.row.quantity", lang),
            format_number(dec(money["quantity"])),
            format_number(dec(money["quantity"])),
            format_number(dec(money["quantity_needed"])) if needed else "—",
        ],
        [
            t("discount.row.revenue", lang),
            cash("revenue_before"),
            cash("revenue_after"),
            cash("revenue_needed"),
        ],
        [t("discount.row.cost", lang), cash("cost"), cash("cost"), cash("cost_needed")],
        [
            t("discount.row.gross_profit", lang),
            gp_before,
            cash("gross_profit_after"),
            gp_before if needed else "—",
        ],
        [
            t("discount.row.margin", lang),
            format_percent(margin_before),
            format_percent(new_margin),
            format_percent(new_margin) if needed else "—",
        ],
    ]
    return table(
        t("discount.money.caption", lang),
        [t(f"discount.col.{c}", lang) for c in ("item", "before", "after", "needed")],
        rows,
        numeric_from=1,
        export=True,
    )


def render(result: dict[str, Any], lang: str) -> Markup:
    """The result panel: headline outputs, explanation, chart, tables and conventions."""
    dec = Decimal
    outputs = [
        ("new_margin", result["new_margin"], format_percent(dec(result["new_margin"]))),
        ("extra_volume", result["extra_volume"] or "", _extra_text(result, lang)),
        ("approver", result["approver"] or "", _approver_text(result["approver"], lang)),
    ]
    money = result if result["inputs"]["list_price"] is not None else None
    if money is not None:
        outputs.append(
            (
                "gross_profit_after",
                money["gross_profit_after"],
                format_money(dec(money["gross_profit_after"])),
            )
        )
        if money["revenue_needed"] is not None:
            outputs.append(
                (
                    "revenue_needed",
                    money["revenue_needed"],
                    format_money(dec(money["revenue_needed"])),
                )
            )
    cards = headline(
        [(name, t(f"discount.out.{name}", lang), value, shown) for name, value, shown in outputs]
    )
    never = t("discount.chart.never", lang)
    labels = []
    body = []
    for row in result["by_level"]:
        shown_discount = format_percent(dec(row["discount"]))
        label = (
            t("discount.row.current", lang, d=shown_discount) if row["current"] else shown_discount
        )
        labels.append(
            (
                label,
                dec(row["extra_volume"]) if row["extra_volume"] is not None else None,
                row["current"],
            )
        )
        body.append(
            [
                label,
                format_percent(dec(row["new_margin"])),
                format_percent(dec(row["extra_volume"]))
                if row["extra_volume"] is not None
                else never,
                _approver_text(row["approver"], lang),
            ]
        )
    levels_table = table(
        t("discount.table.caption", lang),
        [
            t(f"discount.col.{c}", lang)
            for c in ("discount", "new_margin", "extra_volume", "approver")
        ],
        body,
        numeric_from=1,
        export=money is None,  # with a deal in money, its table is the one to export
    )
    chart = volume_chart(title=t("discount.chart.title", lang), rows=labels, never=never, lang=lang)
    notes = [
        t("discount.convention.cost", lang),
        t("discount.convention.loss", lang),
        t("discount.convention.boundary", lang),
    ]
    if money is not None:
        notes.append(t("discount.convention.money", lang))
    notes.append(t("result.rounding", lang))
    parts = [explain(_explain_lines(result, lang), lang), chart]
    if money is not None:
        parts.append(_money_table(result, lang))
    parts += [levels_table, conventions(notes, lang)]
    return result_panel(cards, join(parts), lang)


CALCULATOR = Calculator(
    id=ID,
    fields=FIELDS,
    compute=compute,
    render=render,
    headline=("new_margin", "extra_volume", "approver"),
    check=check,
)

__all__ = ["CALCULATOR", "approval_level", "compute", "impact", "render", "volume_chart"]
