"""A weighted KPI scorecard: S = Σ wᵢ · min(ratioᵢ, capᵢ), graded by score bands.

- Higher-is-better KPIs: ratio = actual ÷ target. Lower-is-better: ratio = target ÷ actual;
  an actual of 0 (nothing went wrong) earns the full cap. Targets must be above 0.
- Weights must add up to exactly 100 %.
- The score is rounded half-up to 0.01 % (4 decimals as a fraction); each KPI's weighted points
  are rounded to the same unit by largest remainder, so they add up exactly to the score.
- The grade is the first band (highest first) whose minimum the shown score reaches; the bands
  are house policy and can be replaced.
- Without a KPI list, a preset fills the rows (weights from the playbook's source documents,
  targets and actuals as an example to overwrite).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from . import charts
from .allocation import apportion
from .errors import InputError, InputErrors
from .html import Markup, join
from .messages import register, t
from .money import CONTEXT, format_number, format_percent, plain_str, rate_str
from .render import conventions, explain, headline, result_panel, table
from .spec import Calculator, Field

ID = "scorecard"

#: Scores and weighted points are given to 0.01 % (0.0001 as a fraction).
SCORE_UNIT = Decimal("0.0001")
#: Targets and actuals are taken to 6 decimal places; finer input is a typing slip.
NUMBER_UNIT = Decimal("0.000001")
DIRECTIONS = {"higher": "higher", "lower": "lower", "正向": "higher", "反向": "lower"}
DEFAULT_CAP = Decimal("1.2")

MESSAGES: dict[str, tuple[str, str]] = {
    "scorecard.title": ("KPI 加权评分卡", "Weighted KPI scorecard"),
    "scorecard.preset.label": ("预设方案", "Preset"),
    "scorecard.preset.help": (
        "「考核指标」留空时按所选方案填入指标和权重；目标值和实际值只是示例。",
        "Used when “KPIs” is empty: fills the KPIs and weights; targets and actuals are examples.",
    ),
    "scorecard.preset.sales_monthly": (
        "月度销售额 60% / 季度客户满意度 20% / 年度客户留存率 20%",
        "Monthly sales 60% / quarterly satisfaction 20% / annual retention 20%",
    ),
    "scorecard.preset.results_process": (
        "结果指标 70% / 过程质量 30%",
        "Results 70% / process quality 30%",
    ),
    "scorecard.kpis.label": ("考核指标", "KPIs"),
    "scorecard.kpis.help": (
        "每行一个指标：名称 权重 目标值 实际值 [方向] [封顶]，例如：月度销售额 60% 100万 92万 "
        "正向 120%。方向写「正向」（越高越好，默认）或「反向」（越低越好），封顶默认 120%。"
        "百分比类指标可以写 90% 和 85%，也可以写 90 和 85。名称中不要有空格。",
        "One KPI a line: name weight target actual [direction] [cap], e.g. “Sales 60% 1000000 "
        "920000 higher 120%”. Direction is higher (default) or lower (lower is better); the cap "
        "defaults to 120%. Percentage KPIs may be written 90% and 85% or 90 and 85. No spaces "
        "in names.",
    ),
    "scorecard.kpis.name.label": ("名称", "Name"),
    "scorecard.kpis.weight.label": ("权重", "Weight"),
    "scorecard.kpis.target.label": ("目标值", "Target"),
    "scorecard.kpis.actual.label": ("实际值", "Actual"),
    "scorecard.kpis.direction.label": ("方向", "Direction"),
    "scorecard.kpis.cap.label": ("封顶", "Cap"),
    "scorecard.grades.label": ("等级划分", "Grade bands"),
    "scorecard.grades.help": (
        "每行一档，从高到低：等级 最低得分，例如：A 110%。低于所有档位时不评级。",
        "One band a line, highest first: grade and minimum score, e.g. “A 110%”. A score below "
        "every band gets no grade.",
    ),
    "scorecard.grades.grade.label": ("等级", "Grade"),
    "scorecard.grades.min_score.label": ("最低得分", "Minimum score"),
    "scorecard.error.positive": ("「{field}」必须大于 0。", "“{field}” must be greater than 0."),
    "scorecard.error.too_precise": (
        "「{field}」最多保留 6 位小数：{value}。",
        "“{field}” takes at most 6 decimal places: {value}.",
    ),
    "scorecard.error.weights_sum": (
        "「{field}」的权重合计为 {total}，必须正好是 100%。",
        "The weights of “{field}” add up to {total}; they must add up to exactly 100%.",
    ),
    "scorecard.error.weights_zero": (
        "「{field}」的权重合计为 0：至少要有一个指标的权重大于 0，且合计为 100%。",
        "The weights of “{field}” add up to 0: give weights that add up to 100%.",
    ),
    "scorecard.error.not_descending": (
        "「{field}」必须从高到低排列：第 {row} 行的 {value} 不低于上一行。",
        "“{field}” must go from the highest band down: row {row} ({value}) is not below the "
        "row before.",
    ),
    "scorecard.preset_kpi.monthly_sales": ("月度销售额", "Monthly sales"),
    "scorecard.preset_kpi.quarterly_satisfaction": ("季度客户满意度", "Quarterly satisfaction"),
    "scorecard.preset_kpi.annual_retention": ("年度客户留存率", "Annual retention"),
    "scorecard.preset_kpi.results": ("业绩结果", "Results"),
    "scorecard.preset_kpi.process": ("过程质量", "Process quality"),
    "scorecard.out.score": ("综合得分", "Score"),
    "scorecard.out.grade": ("等级", "Grade"),
    "scorecard.out.max_score": ("满分上限", "Highest possible score"),
    "scorecard.direction.higher": ("正向（越高越好）", "higher is better"),
    "scorecard.direction.lower": ("反向（越低越好）", "lower is better"),
    "scorecard.explain.higher": (
        "{name}：达成率 = 实际值 ÷ 目标值 = {actual} ÷ {target} = {ratio}；"
        "取 min(达成率, 封顶 {cap}) = {capped}；得分 = 权重 {weight} × {capped} = {points}",
        "{name}: ratio = actual ÷ target = {actual} ÷ {target} = {ratio}; "
        "min(ratio, cap {cap}) = {capped}; points = weight {weight} × {capped} = {points}",
    ),
    "scorecard.explain.lower": (
        "{name}（越低越好）：达成率 = 目标值 ÷ 实际值 = {target} ÷ {actual} = {ratio}；"
        "取 min(达成率, 封顶 {cap}) = {capped}；得分 = 权重 {weight} × {capped} = {points}",
        "{name} (lower is better): ratio = target ÷ actual = {target} ÷ {actual} = {ratio}; "
        "min(ratio, cap {cap}) = {capped}; points = weight {weight} × {capped} = {points}",
    ),
    "scorecard.explain.zero_actual": (
        "{name}（越低越好）：实际值为 0，按封顶 {cap} 计；得分 = 权重 {weight} × {cap} = {points}",
        "{name} (lower is better): the actual is 0, which earns the full cap {cap}; "
        "points = weight {weight} × {cap} = {points}",
    ),
    "scorecard.explain.total": (
        "综合得分 S = Σ 权重 × min(达成率, 封顶) = {terms} = {score}",
        "Score S = Σ weight × min(ratio, cap) = {terms} = {score}",
    ),
    "scorecard.explain.grade": (
        "{score} ≥ {minimum}（{grade} 档的最低得分）→ 等级 {grade}",
        "{score} ≥ {minimum} (the minimum of band {grade}) → grade {grade}",
    ),
    "scorecard.explain.no_grade": (
        "{score} 低于最低一档的 {minimum}，不评级。",
        "{score} is below the lowest band ({minimum}): no grade.",
    ),
    "scorecard.table.caption": ("各指标得分", "Points by KPI"),
    "scorecard.col.name": ("指标", "KPI"),
    "scorecard.col.weight": ("权重", "Weight"),
    "scorecard.col.target": ("目标值", "Target"),
    "scorecard.col.actual": ("实际值", "Actual"),
    "scorecard.col.direction": ("方向", "Direction"),
    "scorecard.col.ratio": ("达成率", "Ratio"),
    "scorecard.col.cap": ("封顶", "Cap"),
    "scorecard.col.capped": ("计分达成率", "Capped ratio"),
    "scorecard.col.points": ("加权得分", "Points"),
    "scorecard.total": ("合计", "Total"),
    "scorecard.zero_actual": ("实际为 0", "actual is 0"),
    "scorecard.chart.title": (
        "各指标加权得分（百分点，合计即综合得分）",
        "Weighted points by KPI (percentage points; they add up to the score)",
    ),
    "scorecard.convention.formula": (
        "正向指标的达成率 = 实际值 ÷ 目标值；反向指标（越低越好）取倒数 = 目标值 ÷ 实际值，"
        "反向指标实际值为 0 时按封顶计满分。每个指标的达成率先按封顶截断，再乘以权重。",
        "Higher-is-better KPIs: ratio = actual ÷ target; lower-is-better KPIs use the inverse, "
        "target ÷ actual, and an actual of 0 earns the full cap. Each ratio is capped, then "
        "weighted.",
    ),
    "scorecard.convention.rounding": (
        "综合得分四舍五入到 0.01%；各指标的加权得分按最大余数法分配到同一单位，合计恰好等于"
        "综合得分。等级按显示的综合得分判定，达到某档的最低得分即属于该档。",
        "The score is rounded half-up to 0.01%; weighted points are rounded to the same unit "
        "by largest remainder, so they add up exactly to the score. The grade uses the score "
        "as shown; reaching a band's minimum puts the score in that band.",
    ),
    "scorecard.convention.bands": (
        "等级划分是公司政策（本页默认：{bands}），不是行业标准，可在「等级划分」中按本公司规定"
        "修改。",
        "The grade bands are house policy (default here: {bands}), not an industry standard; "
        "replace them in “Grade bands” with your company's own.",
    ),
    "scorecard.convention.preset": (
        "本次使用预设方案「{preset}」：权重来自销售手册的原始资料，目标值和实际值只是示例。",
        "This uses the preset “{preset}”: the weights come from the playbook's sources; targets "
        "and actuals are only an example.",
    ),
}
register(MESSAGES)

#: House policy, stated as such on the page: ≥ 110 % A, ≥ 100 % B, ≥ 85 % C, ≥ 70 % D, else E.
DEFAULT_GRADES: list[dict[str, object]] = [
    {"grade": "A", "min_score": "110%"},
    {"grade": "B", "min_score": "100%"},
    {"grade": "C", "min_score": "85%"},
    {"grade": "D", "min_score": "70%"},
    {"grade": "E", "min_score": "0"},
]


def _kpi(key: str, weight: str, target: int, actual: int) -> dict[str, object]:
    return {
        "name": key,  # a catalog key under scorecard.preset_kpi, named in the page language
        "weight": Decimal(weight),
        "target": Decimal(target),
        "actual": Decimal(actual),
        "direction": "higher",
        "cap": DEFAULT_CAP,
    }


#: Weights from the source documents; targets and actuals are an example to overwrite.
PRESETS: dict[str, list[dict[str, object]]] = {
    "sales_monthly": [
        _kpi("monthly_sales", "0.6", 1_000_000, 920_000),
        _kpi("quarterly_satisfaction", "0.2", 90, 93),
        _kpi("annual_retention", "0.2", 85, 88),
    ],
    "results_process": [
        _kpi("results", "0.7", 3_000_000, 3_300_000),
        _kpi("process", "0.3", 90, 81),
    ],
}

FIELDS = (
    Field("preset", "choice", default="sales_monthly", choices=tuple(PRESETS)),
    Field(
        "kpis",
        "records",
        default=None,
        required=False,
        same_form=("target", "actual"),
        columns=(
            Field("name", "text", max_length=20),
            Field("weight", "rate", max=Decimal(1)),
            Field("target", "quantity"),
            Field("actual", "quantity"),
            Field(
                "direction", "choice", default="higher", required=False, choices=tuple(DIRECTIONS)
            ),
            Field(
                "cap",
                "rate",
                default="120%",
                required=False,
                min=Decimal(1),
                max=Decimal(10),
                ambiguous_below=Decimal(10),
            ),
        ),
    ),
    Field(
        "grades",
        "records",
        default=DEFAULT_GRADES,
        max_items=10,
        columns=(
            Field("grade", "text", max_length=10),
            Field("min_score", "rate", max=Decimal(10), ambiguous_below=Decimal(10)),
        ),
        advanced=True,
    ),
)


def _cell_error(row: int, column: str, key: str, **params: object) -> InputError:
    """An error of one cell of the KPI list, named by its row and column in both languages."""
    inner = InputError(column, key, **params)
    inner.labels = {lang: t(f"scorecard.kpis.{column}.label", lang) for lang in ("zh", "en")}
    return InputError.in_row("kpis", row, inner)


def _percent(value: Decimal) -> str:
    """A fraction as a percentage with up to 4 decimals, trailing zeros dropped: 0.6 → 60%."""
    return format_number((value * 100).quantize(Decimal("0.0001"))) + "%"


def check(values: dict[str, Any]) -> None:
    """Targets above 0, numbers to 6 places, weights adding up to 100 %, bands descending."""
    errors: list[InputError] = []
    kpis: list[dict[str, Any]] | None = values.get("kpis")
    if kpis:
        for row, kpi in enumerate(kpis, start=1):
            for column in ("target", "actual"):
                value: Decimal = kpi[column]
                if value != value.quantize(NUMBER_UNIT):
                    errors.append(
                        _cell_error(
                            row, column, "scorecard.error.too_precise", value=plain_str(value)
                        )
                    )
            if kpi["target"] == 0:
                errors.append(_cell_error(row, "target", "scorecard.error.positive"))
        total = sum((k["weight"] for k in kpis), Decimal(0))
        if total == 0:
            errors.append(InputError("kpis", "scorecard.error.weights_zero"))
        elif total != 1:
            errors.append(InputError("kpis", "scorecard.error.weights_sum", total=_percent(total)))
    grades: list[dict[str, Any]] = values["grades"]
    for row in range(1, len(grades)):
        minimum: Decimal = grades[row]["min_score"]
        if minimum >= grades[row - 1]["min_score"]:
            errors.append(
                InputError(
                    "grades", "scorecard.error.not_descending", row=row + 1, value=_percent(minimum)
                )
            )
            break
    if errors:
        raise InputErrors(errors)


def _ratio(kpi: dict[str, Any]) -> Decimal | None:
    """actual ÷ target (higher is better) or target ÷ actual; None for a lower-is-better 0."""
    target: Decimal = kpi["target"]
    actual: Decimal = kpi["actual"]
    if kpi["direction"] == "higher":
        return actual / target
    if actual == 0:
        return None
    return target / actual


def grade_for(score: Decimal, grades: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first band (highest first) whose minimum ``score`` reaches; None below them all."""
    for band in grades:
        if score >= band["min_score"]:
            return band
    return None


def compute(values: dict[str, Any]) -> dict[str, Any]:
    """The scorecard for parsed ``values`` (see the module docstring for the formulas)."""
    given: list[dict[str, Any]] | None = values.get("kpis")
    preset: str = values["preset"]
    kpis = [{**k, "direction": DIRECTIONS[str(k["direction"])]} for k in given or PRESETS[preset]]
    grades: list[dict[str, Any]] = values["grades"]
    with localcontext(CONTEXT):
        ratios = [_ratio(k) for k in kpis]
        capped = [
            k["cap"] if ratio is None else min(ratio, k["cap"])
            for k, ratio in zip(kpis, ratios, strict=True)
        ]
        exact_points = [k["weight"] * c for k, c in zip(kpis, capped, strict=True)]
        exact_score = sum(exact_points, Decimal(0))
        score = exact_score.quantize(SCORE_UNIT, rounding=ROUND_HALF_UP)
        points = apportion(exact_points, score, SCORE_UNIT)
        max_score = sum((k["weight"] * k["cap"] for k in kpis), Decimal(0))
        max_score = max_score.quantize(SCORE_UNIT, rounding=ROUND_HALF_UP)
        band = grade_for(score, grades)
        rows = [
            {
                "name": k["name"],
                "weight": rate_str(k["weight"]),
                "target": plain_str(k["target"]),
                "actual": plain_str(k["actual"]),
                "direction": k["direction"],
                "cap": rate_str(k["cap"]),
                "ratio": rate_str(ratio) if ratio is not None else None,
                "capped_ratio": rate_str(c),
                "capped": ratio is None or ratio > k["cap"],
                "points": plain_str(p),
            }
            for k, ratio, c, p in zip(kpis, ratios, capped, points, strict=True)
        ]
    return {
        "calculator": ID,
        "inputs": {
            "preset": preset if given is None else None,
            "grades": [
                {"grade": g["grade"], "min_score": rate_str(g["min_score"])} for g in grades
            ],
        },
        "source": "preset" if given is None else "kpis",
        "kpis": rows,
        "score": plain_str(score),
        "score_exact": rate_str(exact_score),
        "max_score": plain_str(max_score),
        "grade": band["grade"] if band else None,
        "grade_min_score": rate_str(band["min_score"]) if band else None,
    }


# --- rendering (shared by the build and the browser worker) ---------------------------------


def _number(value: str) -> str:
    return format_number(Decimal(value))


def _kpi_name(result: dict[str, Any], name: str, lang: str) -> str:
    return t(f"scorecard.preset_kpi.{name}", lang) if result["source"] == "preset" else name


def _kpi_line(result: dict[str, Any], row: dict[str, Any], lang: str) -> str:
    dec = Decimal
    params = {
        "name": _kpi_name(result, row["name"], lang),
        "weight": _percent(dec(row["weight"])),
        "cap": _percent(dec(row["cap"])),
        "capped": _percent(dec(row["capped_ratio"])),
        "points": format_percent(dec(row["points"])),
        "target": _number(row["target"]),
        "actual": _number(row["actual"]),
    }
    if row["ratio"] is None:
        return t("scorecard.explain.zero_actual", lang, **params)
    return t(
        f"scorecard.explain.{row['direction']}", lang, ratio=_percent(dec(row["ratio"])), **params
    )


def _grade_line(result: dict[str, Any], lang: str) -> str:
    score = format_percent(Decimal(result["score"]))
    if result["grade"] is None:
        lowest = result["inputs"]["grades"][-1]["min_score"]
        return t("scorecard.explain.no_grade", lang, score=score, minimum=_percent(Decimal(lowest)))
    return t(
        "scorecard.explain.grade",
        lang,
        score=score,
        minimum=_percent(Decimal(result["grade_min_score"])),
        grade=result["grade"],
    )


def render(result: dict[str, Any], lang: str) -> Markup:
    """Score and grade, the explanation per KPI, a chart of weighted points, table, conventions."""
    dec = Decimal
    rows = result["kpis"]
    cards = headline(
        [
            (
                "score",
                t("scorecard.out.score", lang),
                result["score"],
                format_percent(dec(result["score"])),
            ),
            (
                "grade",
                t("scorecard.out.grade", lang),
                result["grade"] or "",
                result["grade"] or t("result.none", lang),
            ),
            (
                "max_score",
                t("scorecard.out.max_score", lang),
                result["max_score"],
                format_percent(dec(result["max_score"])),
            ),
        ]
    )
    lines = [_kpi_line(result, row, lang) for row in rows]
    lines.append(
        t(
            "scorecard.explain.total",
            lang,
            terms=" + ".join(format_percent(dec(row["points"])) for row in rows),
            score=format_percent(dec(result["score"])),
        )
    )
    lines.append(_grade_line(result, lang))
    columns = ["name", "direction", "weight", "target", "actual", "ratio", "cap", "capped"]
    body: list[list[str | tuple[str, str]]] = []
    for row in rows:
        ratio = row["ratio"]
        body.append(
            [
                _kpi_name(result, row["name"], lang),
                (t(f"scorecard.direction.{row['direction']}", lang), row["direction"]),
                (_percent(dec(row["weight"])), row["weight"]),
                (_number(row["target"]), row["target"]),
                (_number(row["actual"]), row["actual"]),
                (_percent(dec(ratio)), ratio)
                if ratio is not None
                else (t("scorecard.zero_actual", lang), ""),
                (_percent(dec(row["cap"])), row["cap"]),
                (_percent(dec(row["capped_ratio"])), row["capped_ratio"]),
                (format_percent(dec(row["points"])), row["points"]),
            ]
        )
    total_row: list[str | tuple[str, str]] = [t("scorecard.total", lang), "", ("100%", "1")]
    total_row += [""] * 5 + [(format_percent(dec(result["score"])), result["score"])]
    body.append(total_row)
    kpi_table = table(
        t("scorecard.table.caption", lang),
        [t(f"scorecard.col.{c}", lang) for c in (*columns, "points")],
        body,
        numeric_from=2,
        export=True,
    )
    chart = charts.bar_chart(
        title=t("scorecard.chart.title", lang),
        labels=[_kpi_name(result, row["name"], lang) for row in rows],
        values=[dec(row["points"]) * 100 for row in rows],
        lang=lang,
    )
    bands = ("，" if lang == "zh" else ", ").join(
        f"{g['grade']} ≥ {_percent(dec(g['min_score']))}" for g in result["inputs"]["grades"]
    )
    notes = [
        t("scorecard.convention.formula", lang),
        t("scorecard.convention.rounding", lang),
        t("scorecard.convention.bands", lang, bands=bands),
    ]
    if result["source"] == "preset":
        preset = t(f"scorecard.preset.{result['inputs']['preset']}", lang)
        notes.append(t("scorecard.convention.preset", lang, preset=preset))
    notes.append(t("result.rounding", lang))
    return result_panel(
        cards, join([explain(lines, lang), chart, kpi_table, conventions(notes, lang)]), lang
    )


CALCULATOR = Calculator(
    id=ID,
    fields=FIELDS,
    compute=compute,
    render=render,
    headline=("score", "grade"),
    check=check,
)

__all__ = ["CALCULATOR", "compute", "grade_for", "render"]
