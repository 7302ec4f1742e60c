"""Explain-the-math for the commission panel: each formula with the rep's own numbers."""

from __future__ import annotations

from decimal import Decimal

from ..messages import t
from ..money import money_str
from ..render import given
from .maths import METHODS
from .result import CommissionResult, Method
from .text import _method_name, _money, _needed_text, _pct


def _formula_line(result: CommissionResult, method: Method, lang: str) -> str:
    x = _money(result["cumulative_sales"])
    gate = result["gate"]
    if gate is not None and not gate["reached"]:
        return t(
            "commission.explain.below_gate",
            lang,
            method=_method_name(method, lang),
            x=x,
            gate=_money(gate["from"]),
        )
    figures = result[method]
    value = _money(figures["cumulative_commission"])
    terms = figures["terms"] or [{"rate": "0", "sales": "0.00"}]
    if method == "marginal":
        text = " + ".join(f"{_pct(term['rate'])} × {_money(term['sales'])}" for term in terms)
        return t("commission.explain.marginal", lang, x=x, terms=text, value=value)
    (term,) = terms
    return t(
        "commission.explain.retroactive",
        lang,
        x=x,
        rate=_pct(term["rate"]),
        credited=_money(term["sales"]),
        value=value,
    )


def _discount_lines(result: CommissionResult, lang: str) -> list[str]:
    """What the sale's discount did to its commission, and to the sales a goal needs."""
    discount, rows = result["discount"], result["discount_factors"]
    factor = result["discount_factor"]
    lines: list[str] = []
    if discount is not None and not rows:
        lines.append(t("commission.explain.no_discount_factors", lang, discount=_pct(discount)))
    elif discount is not None and rows and Decimal(factor) == 1:
        lines.append(
            t(
                "commission.explain.discount_full",
                lang,
                discount=_pct(discount),
                first=_pct(rows[0]["above"]),
            )
        )
    elif discount is not None:
        lines.append(
            t(
                "commission.explain.discount_factor",
                lang,
                discount=_pct(discount),
                factor=_pct(factor),
                before=_money(result["commission_before_factor"]),
                paid=_money(result["commission"]),
            )
        )
    goal = result["target_commission"]
    if goal is not None and Decimal(factor) == 0:
        lines.append(t("commission.explain.factor_zero", lang, goal=_money(goal)))
    elif goal is not None and Decimal(factor) != 1:
        lines.append(
            t(
                "commission.explain.factor_needed",
                lang,
                goal=_money(goal),
                factor=_pct(factor),
                plan_goal=_money(money_str(Decimal(goal) / Decimal(factor))),
            )
        )
    return lines


def _explain_lines(result: CommissionResult, lang: str) -> list[str]:
    lines: list[str] = []
    quota = result["quota"]
    if result["tier_basis"] == "attainment":
        starts = "; ".join(
            f"{_pct(row['from_typed'])} → {_money(row['from'])}" for row in result["tiers"]
        )
        lines.append(
            t(
                "commission.explain.attainment_starts",
                lang,
                quota=_money(given(quota)),
                starts=starts,
            )
        )
    if result["deal_rows"]:
        lines.append(
            t(
                "commission.explain.deals_sum",
                lang,
                parts=" + ".join(_money(row["amount"]) for row in result["deal_rows"]),
                total=_money(result["sales"]),
            )
        )
    total = _money(result["cumulative_sales"])
    lines.append(
        t(
            "commission.explain.position",
            lang,
            prior=_money(result["prior_sales"]),
            sales=_money(result["sales"]),
            total=total,
        )
    )
    if quota is not None:
        lines.append(
            t(
                "commission.explain.attainment",
                lang,
                total=total,
                quota=_money(quota),
                attainment=_pct(given(result["attainment"])),
            )
        )
    gate = result["gate"]
    if gate is not None:
        if gate["reached"]:
            lines.append(
                t("commission.explain.gate_reached", lang, x=total, gate=_money(gate["from"]))
            )
        else:
            lines.append(
                t(
                    "commission.explain.gate_needed",
                    lang,
                    gate=_money(gate["from"]),
                    needed=_money(given(gate["sales_needed"])),
                )
            )
    cap = result["cap"]
    if cap is not None and cap["reached"]:
        lines.append(t("commission.explain.capped", lang, x=total, cap=_money(cap["at"])))
    method = result["method"]
    lines += [_formula_line(result, m, lang) for m in METHODS]
    lines.append(
        t(
            "commission.explain.commission",
            lang,
            method=_method_name(method, lang),
            total=total,
            prior=_money(result["prior_sales"]),
            cumulative=_money(result["cumulative_commission"]),
            earned=_money(result["prior_commission"]),
            commission=_money(result["commission_before_factor"]),
        )
    )
    lines += _discount_lines(result, lang)
    if result["effective_rate"] is not None:
        lines.append(
            t(
                "commission.explain.effective_rate",
                lang,
                commission=_money(result["commission"]),
                sales=_money(result["sales"]),
                rate=_pct(result["effective_rate"]),
            )
        )
    upcoming = result["next_tier"]
    if upcoming is not None:
        lines.append(
            t(
                "commission.explain.next_tier",
                lang,
                tier=upcoming["tier"],
                start=_money(upcoming["from"]),
                rate=_pct(upcoming["rate"]),
                total=total,
                needed=_money(upcoming["sales_needed"]),
            )
        )
    else:
        lines.append(t("commission.explain.top_tier", lang, tier=result["tier_reached"]))
    cliff = result["cliff"]
    if cliff is not None:
        lines.append(
            t(
                "commission.explain.cliff",
                lang,
                at=_money(cliff["at"]),
                before=_money(cliff["before"]),
                retro_before=_money(cliff["retroactive_before"]),
                retro_at=_money(cliff["retroactive_at"]),
                retro_jump=_money(cliff["retroactive_jump"]),
                marginal_before=_money(cliff["marginal_before"]),
                marginal_at=_money(cliff["marginal_at"]),
            )
        )
    if result["target_commission"] is not None:
        lines.append(
            t(
                "commission.explain.target",
                lang,
                goal=_money(result["target_commission"]),
                **{m: _needed_text(result[m]["sales_needed"], lang)[0] for m in METHODS},
            )
        )
    pay = result["pay"]
    if pay is not None:
        if pay["incentive_from_plan"]:
            lines.append(
                t(
                    "commission.explain.incentive_plan",
                    lang,
                    quota=_money(given(quota)),
                    incentive=_money(pay["target_incentive"]),
                )
            )
        if pay["ote"] is not None:
            lines.append(
                t(
                    "commission.explain.ote",
                    lang,
                    base=_money(given(pay["base_salary"])),
                    incentive=_money(pay["target_incentive"]),
                    ote=_money(pay["ote"]),
                    base_share=_pct(given(pay["base_share"])),
                    incentive_share=_pct(given(pay["incentive_share"])),
                )
            )
        if pay["rate_at_target"] is not None:
            lines.append(
                t(
                    "commission.explain.rate_at_target",
                    lang,
                    incentive=_money(pay["target_incentive"]),
                    quota=_money(given(quota)),
                    rate=_pct(pay["rate_at_target"]),
                )
            )
        if pay["payout_vs_target"] is not None:
            lines.append(
                t(
                    "commission.explain.payout_vs_target",
                    lang,
                    ratio=_pct(pay["payout_vs_target"]),
                    cumulative=_money(result["cumulative_commission"]),
                    incentive=_money(pay["target_incentive"]),
                )
            )
    draw = result["draw"]
    if draw is not None:
        kind = "recoverable" if draw["recoverable"] else "non_recoverable"
        lines.append(
            t(
                "commission.explain.draw",
                lang,
                draw=_money(draw["draw"]),
                kind=t(f"commission.draw_recoverable.{kind}", lang),
                rule=t(f"commission.explain.draw.{kind}", lang),
                paid=_money(draw["totals"]["paid"]),
                earned=_money(draw["totals"]["earned"]),
                balance=_money(draw["balance"]),
            )
        )
    return lines
