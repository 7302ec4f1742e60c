"""Money and rates: parsing what people type, exact arithmetic, rounding and formatting.

Conventions (stated on every result page):
- All arithmetic is :class:`~decimal.Decimal` with 40 significant digits; nothing is rounded
  until a value is shown or returned.
- Amounts are rounded half-up to the cent (``0.01``); rates half-up to 6 decimal places.
- People type ``1,000``, ``80,0000``, ``1000万``, ``1.5亿``, ``¥20万元``, ``12%``, full-width
  digits … Scientific notation, NaN and infinities are refused with a message naming the field.
- One grammar for every entry point (web form, share link, CLI, YAML, plan files): a rate is
  ``8%`` / ``8 %`` / ``8％`` or a bare ``8`` (all 8 %); a bare value that could be a fraction
  (``0.08``) is never guessed: :func:`parse_rate` raises :class:`AmbiguousInput` offering both
  readings. The grammar is documented for reps in ``docs/guide/numbers.md`` and held to the
  table in ``tests/grammar.json`` in CPython, in Pyodide and in the browser form.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

from .errors import AmbiguousInput, InputError

__all__ = [
    "CENT",
    "MAX_ABS",
    "exact",
    "format_by_unit",
    "format_compact",
    "format_money",
    "format_number",
    "format_percent",
    "money_str",
    "parse_amount",
    "parse_integer",
    "parse_quantity",
    "parse_rate",
    "percent_text",
    "plain_str",
    "quantize_money",
    "quantize_rate",
    "rate_str",
]

CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.000001")
#: Larger magnitudes are refused: 10^15 CNY is far beyond any sales figure.
MAX_ABS = Decimal(10) ** 15

CONTEXT = Context(prec=40, rounding=ROUND_HALF_UP)

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，％－＋−", "0123456789.,%-+-")
#: Characters nobody sees that text copied from chat apps, spreadsheets or right-to-left
#: documents carries (direction marks and overrides, zero-width spaces and joiners, the
#: byte-order mark, soft hyphens): "20万" with one of them still reads 20万.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_MULTIPLIERS = {
    "千": Decimal(1000),
    "k": Decimal(1000),
    "万": Decimal(10_000),
    "w": Decimal(10_000),
    "百万": Decimal(1_000_000),
    "m": Decimal(1_000_000),
    "千万": Decimal(10_000_000),
    "亿": Decimal(100_000_000),
}
_NUMBER = re.compile(
    r"""^(?P<sign>[-+]?)
        (?P<number>(?:\d{1,3}(?:,\d{3})+|\d{1,4}(?:,\d{4})+|\d+)(?:\.\d+)?|\.\d+)
        (?P<mult>千万|百万|千|万|亿|[kKwWmM])?
        (?P<percent>%)?$""",
    re.VERBOSE,
)
_STRIP_AROUND = re.compile(r"^(?:¥|￥|rmb|cny)|(?:元|rmb|cny)$", re.IGNORECASE)


def exact(value: object) -> Decimal:
    """An exact Decimal from an int, Decimal or a float's shortest repr (never the binary value)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("bool is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raise TypeError(f"not a number: {value!r}")


def _clean(text: str) -> str:
    text = _INVISIBLE.sub("", text.translate(_FULL_WIDTH)).strip()
    text = re.sub(r"[\s_\u00a0\u3000]", "", text)
    previous = None
    while previous != text:
        previous = text
        text = _STRIP_AROUND.sub("", text)
    return text


def _parse(raw: object, field: str, *, kind: str) -> tuple[Decimal, bool]:
    """Parse ``raw`` into (value, had_percent_sign). ``kind`` picks the error message."""
    error = "error.not_a_rate" if kind == "rate" else "error.not_a_number"
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise InputError(field, "error.required")
    if isinstance(raw, bool):
        raise InputError(field, error, value=raw)
    if isinstance(raw, int | float | Decimal):
        try:
            value = exact(raw)
        except (TypeError, InvalidOperation):
            raise InputError(field, error, value=raw) from None
        if not value.is_finite():
            raise InputError(field, error, value=raw)
        _check_magnitude(value, field, raw)
        return value, False
    if not isinstance(raw, str):
        raise InputError(field, error, value=raw)
    match = _NUMBER.match(_clean(raw))
    if not match:
        raise InputError(field, error, value=raw.strip())
    with localcontext(CONTEXT):
        value = Decimal(match["number"].replace(",", ""))
        if match["mult"]:
            value *= _MULTIPLIERS[match["mult"].lower()]
        if match["sign"] == "-":
            value = -value
    _check_magnitude(value, field, raw)
    return value, bool(match["percent"])


def _check_magnitude(value: Decimal, field: str, raw: object) -> None:
    if abs(value) >= MAX_ABS:
        raise InputError(field, "error.too_large", value=str(raw).strip())


def parse_amount(raw: object, field: str) -> Decimal:
    """An amount of money or a count: ``1,000`` / ``1000万`` / ``1.5亿`` / ``¥200`` → Decimal."""
    value, percent = _parse(raw, field, kind="amount")
    if percent:
        raise InputError(field, "error.percent_not_allowed", value=str(raw).strip())
    return value


def parse_quantity(raw: object, field: str) -> Decimal:
    """An amount, a count or a percentage (``12%`` → 0.12): for formula variables."""
    value, percent = _parse(raw, field, kind="amount")
    if percent:
        with localcontext(CONTEXT):
            value = value / 100
    return value


def parse_rate(raw: object, field: str, *, ambiguous_below: Decimal = Decimal(1)) -> Decimal:
    """A rate as a fraction: ``8%``, ``8 %``, ``8％`` and a bare ``8`` all give 0.08.

    A bare number ``x`` with ``0 < |x| < ambiguous_below`` could be a fraction or a percentage
    (``0.08``: 8 % or 0.08 %?). It is not guessed: :class:`AmbiguousInput` names both readings
    and nothing is computed until the person writes the ``%``. Fields where more than 100 % is
    normal (attainment thresholds, score caps) pass a larger ``ambiguous_below`` (``1.5``: 150 %
    or 1.5 %?). Numbers from YAML and JSON follow the same grammar as typed text.
    """
    value, percent = _parse(raw, field, kind="rate")
    if isinstance(raw, str) and _has_multiplier(raw):  # 5万% is no percentage anyone means
        raise InputError(field, "error.not_a_rate", value=raw.strip())
    if not percent and 0 < abs(value) < ambiguous_below:
        typed = raw.strip() if isinstance(raw, str) else plain_str(value)
        as_percent = percent_text(value)
        as_written = plain_str(value) + "%"
        raise AmbiguousInput(
            field,
            "error.ambiguous_rate",
            typed=typed,
            options=(as_percent, as_written),
            value=typed,
            percent=as_percent,
            literal=as_written,
        )
    with localcontext(CONTEXT):
        return value / 100


def _has_multiplier(text: str) -> bool:
    match = _NUMBER.match(_clean(text))
    return bool(match and match["mult"])


def percent_text(value: Decimal) -> str:
    """The text that :func:`parse_rate` reads back as exactly ``value``: 0.125 → ``12.5%``."""
    return plain_str(_scaled(value, 100)) + "%"


def _scaled(value: Decimal, factor: int) -> Decimal:
    with localcontext(CONTEXT):
        return value * factor


def parse_integer(raw: object, field: str) -> int:
    """A whole number, e.g. a number of years."""
    value, percent = _parse(raw, field, kind="amount")
    if percent or value != value.to_integral_value():
        raise InputError(field, "error.not_an_integer", value=str(raw).strip())
    return int(value)


# --- rounding and JSON strings --------------------------------------------------------------


def quantize_money(value: Decimal) -> Decimal:
    """Round half-up to the cent (in the 40-digit context: large amounts never overflow)."""
    with localcontext(CONTEXT):
        return value.quantize(CENT, rounding=ROUND_HALF_UP)


def quantize_rate(value: Decimal) -> Decimal:
    """Round half-up to 6 decimal places (in the 40-digit context)."""
    with localcontext(CONTEXT):
        return value.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def plain_str(value: Decimal) -> str:
    """Fixed-point text without exponent and without trailing zeros (``1.50`` → ``1.5``)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def money_str(value: Decimal) -> str:
    """JSON form of an amount: always two decimals (``134861.01``, ``100000.00``)."""
    text = format(quantize_money(value), "f")
    return "0.00" if text == "-0.00" else text


def rate_str(value: Decimal) -> str:
    """JSON form of a rate or ratio: six decimals at most, trailing zeros dropped (``1.1875``)."""
    return plain_str(quantize_rate(value))


# --- display --------------------------------------------------------------------------------


def _group(integer_digits: str) -> str:
    out = []
    while len(integer_digits) > 3:
        out.append(integer_digits[-3:])
        integer_digits = integer_digits[:-3]
    out.append(integer_digits)
    return ",".join(reversed(out))


def format_number(value: Decimal, places: int | None = None) -> str:
    """Grouped thousands: ``1234567.5`` → ``1,234,567.5`` (``places`` fixes the decimals)."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = format(value, "f")
    else:
        text = plain_str(value)
    sign = ""
    if text.startswith("-"):
        sign, text = "−", text[1:]
    integer, _, fraction = text.partition(".")
    grouped = _group(integer)
    if sign and set(grouped + fraction) <= {"0", ","}:
        sign = ""
    return sign + grouped + ("." + fraction if fraction else "")


def format_money(value: Decimal) -> str:
    """``¥134,861.01`` — rounded half-up to the cent."""
    text = format_number(value, 2)
    if text.startswith("−"):
        return "−¥" + text[1:]
    return "¥" + text


def format_percent(value: Decimal, places: int = 2) -> str:
    """A fraction shown as a percentage: ``1.1875`` → ``118.75%``."""
    return format_number(value * 100, places) + "%"


def format_compact(value: Decimal, lang: str = "zh") -> str:
    """Short amounts for charts, as CLDR's compact forms: zh ``12.35万`` / ``12.35亿`` /
    ``1.2万亿``; en ``123.46K`` / ``1.23M``. Two decimals at most, rounded half-up; a value that
    rounds up to the next unit takes it (99,999,999 → ``1亿``, not ``10,000万``)."""
    magnitude = abs(value)
    if lang == "en":
        steps = [
            (Decimal(10) ** 12, "T"),
            (Decimal(10) ** 9, "B"),
            (Decimal(10) ** 6, "M"),
            (Decimal(1000), "K"),
        ]
    else:
        steps = [(Decimal(10) ** 12, "万亿"), (Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")]
    sign = "−" if value < 0 else ""
    # The unit is chosen by the unrounded magnitude; if rounding reaches the next unit, take it.
    chosen = next((k for k, (size, _) in enumerate(steps) if magnitude >= size), len(steps))
    if chosen == len(steps):
        whole = magnitude.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if whole < steps[-1][0]:
            return (sign if whole else "") + plain_str(whole)
        chosen -= 1
    size, suffix = steps[chosen]
    scaled = (magnitude / size).quantize(CENT, rounding=ROUND_HALF_UP)
    if chosen > 0 and scaled * size >= steps[chosen - 1][0]:
        size, suffix = steps[chosen - 1]
        scaled = (magnitude / size).quantize(CENT, rounding=ROUND_HALF_UP)
    return sign + plain_str(scaled) + suffix


#: Decimals shown per unit of a measure (a KPI's value, threshold or example): at most this
#: many, trailing zeros dropped, so one value reads the same wherever it is shown.
_UNIT_PLACES = {"percent": 2, "days": 1, "ratio": 2, "count": 0, "number": 2}


def format_by_unit(value: Decimal, unit: str, lang: str = "zh") -> str:
    """A measure as the site shows it everywhere: ``percent`` 0.125 → ``12.5%``, ``money``
    ``¥1,234.50``, ``days`` ``45 天`` / ``45.5 天``, ``ratio`` ``2.5×``, ``count`` ``1,200``,
    ``number`` ``3.14``. Rounded half-up; trailing zeros after the point are dropped (money keeps
    its cents)."""
    if unit == "money":
        return format_money(value)
    places = _UNIT_PLACES.get(unit, 2)
    shown = _scaled(value, 100) if unit == "percent" else value
    step = Decimal(1).scaleb(-places)
    with localcontext(CONTEXT):
        text = format_number(shown.quantize(step, rounding=ROUND_HALF_UP).normalize())
    if unit == "percent":
        return text + "%"
    if unit == "days":
        return text + (" days" if lang == "en" else " 天")
    if unit == "ratio":
        return text + "×"
    return text
