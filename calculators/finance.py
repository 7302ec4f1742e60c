"""Finance primitives on exact decimals: present value, discounting, IRR and payback.

Every function takes and returns :class:`~decimal.Decimal` and computes in
:data:`calculators.money.CONTEXT` (40 significant digits); nothing here rounds, so callers
round once, where a figure is shown. Conventions follow numpy-financial where it has the
function: rates are fractions per period, period 0 comes first and is not discounted.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext
from fractions import Fraction
from itertools import pairwise

from .money import CONTEXT

__all__ = ["discount_factors", "irr", "npv", "payback", "sign_changes"]


def discount_factors(rate: Decimal, periods: int) -> list[Decimal]:
    """``1 ÷ (1 + rate)**t`` for ``t = 0 … periods − 1``: multiply a flow by its factor to get
    its present value.

    >>> discount_factors(Decimal("0.25"), 3)
    [Decimal('1'), Decimal('0.8'), Decimal('0.64')]
    """
    with localcontext(CONTEXT):
        return [1 / (1 + rate) ** period for period in range(periods)]


def npv(rate: Decimal, flows: Sequence[Decimal]) -> Decimal:
    """Net present value of yearly cash flows.

    Parameters
    ----------
    rate : Decimal
        Discount rate per period as a fraction (``Decimal("0.1")`` is 10 %), ``rate > -1``.
    flows : sequence of Decimal
        Cash flows per period, period 0 first; negative for money paid out.

    Returns
    -------
    Decimal
        ``Σ flows[t] ÷ (1 + rate)**t``, unrounded (28+ significant digits).

    Notes
    -----
    Period 0 is not discounted: numpy-financial's ``npv`` convention, not Excel's ``NPV``
    (which discounts the first flow as well).

    References
    ----------
    numpy-financial ``npv``; Brealey, Myers & Allen, *Principles of Corporate Finance*, ch. 2.

    Examples
    --------
    >>> npv(Decimal("0.1"), [Decimal(-1000), Decimal(500), Decimal(500), Decimal(500)])
    Decimal('243.4259954921111945905334335086401202104')
    >>> npv(Decimal(0), [Decimal(-100), Decimal(60), Decimal(60)])
    Decimal('20')
    """
    with localcontext(CONTEXT):
        total = Decimal(0)
        factor = Decimal(1)
        step = 1 + rate
        for flow in flows:
            total += flow / factor
            factor *= step
        return total


def sign_changes(values: Sequence[Decimal] | Sequence[Fraction]) -> int:
    """How often the sign changes along ``values``, zeros skipped (Descartes' rule of signs).

    >>> sign_changes([Decimal(-1), Decimal(0), Decimal(2), Decimal(-3)])
    2
    """
    signs = [v > 0 for v in values if v != 0]
    return sum(1 for a, b in pairwise(signs) if a != b)


Poly = list[Fraction]
"""Coefficients, lowest degree first: ``p[i]`` multiplies ``x**i``."""


def _trim(p: Poly) -> Poly:
    while p and p[-1] == 0:
        p.pop()
    return p


def _divmod(a: Poly, b: Poly) -> tuple[Poly, Poly]:
    rest = list(a)
    quotient = [Fraction(0)] * max(len(a) - len(b) + 1, 1)
    while len(rest) >= len(b) and rest:
        shift = len(rest) - len(b)
        q = rest[-1] / b[-1]
        quotient[shift] = q
        for i, c in enumerate(b):
            rest[i + shift] -= q * c
        rest.pop()
        _trim(rest)
    return _trim(quotient), rest


def _variations_at_zero_and_infinity(sequence: list[Poly]) -> tuple[int, int]:
    at_zero = [next(c for c in p if c != 0) for p in sequence]
    at_infinity = [p[-1] for p in sequence]
    return sign_changes(at_zero), sign_changes(at_infinity)


def _positive_roots(p: Poly) -> tuple[int, Poly]:
    """(number of distinct roots in (0, ∞), square-free part of ``p``); ``p(0) ≠ 0``."""
    derivative = _trim([i * c for i, c in enumerate(p)][1:])
    sequence = [p, derivative]
    while len(sequence[-1]) > 1:
        _, remainder = _divmod(sequence[-2], sequence[-1])
        if not remainder:
            break
        sequence.append([-c for c in remainder])
    zero, infinity = _variations_at_zero_and_infinity(sequence)
    square_free, _ = _divmod(p, sequence[-1])
    return zero - infinity, square_free


def _root_in_x(p: list[Decimal]) -> Decimal:
    """The one simple root in (0, ∞) of ``p`` (``p(0) ≠ 0``), by bisection to ~32 digits."""

    def value(x: Decimal) -> Decimal:
        total = Decimal(0)
        for c in reversed(p):
            total = total * x + c
        return total

    with localcontext(CONTEXT):
        # Cauchy's bounds: every root lies strictly between low and high.
        low = abs(p[0]) / (abs(p[0]) + max(abs(c) for c in p[1:]))
        high = 1 + max(abs(c) for c in p[:-1]) / abs(p[-1])
        low_positive = p[0] > 0
        for _ in range(600):
            if high - low <= low * Decimal("1e-32"):
                break
            mid = (low * high).sqrt() if high > 2 * low else (low + high) / 2
            mid_value = value(mid)
            if mid_value == 0:
                return mid
            if (mid_value > 0) == low_positive:
                low = mid
            else:
                high = mid
        return (low + high) / 2


def irr(flows: Sequence[Decimal]) -> tuple[str, Decimal | None]:
    """Internal rate of return: the rate above −100 % at which :func:`npv` is zero.

    Parameters
    ----------
    flows : sequence of Decimal
        Cash flows per period, period 0 first.

    Returns
    -------
    (str, Decimal or None)
        ``("unique", r)`` when exactly one rate solves it; ``("none", None)`` when none does
        (the flows never change sign, or no root exists); ``("multiple", None)`` when several
        do: then no single IRR is meaningful and none is reported.

    Notes
    -----
    With ``x = 1 ÷ (1 + r)``, NPV is the polynomial ``Σ flows[t] · x**t``; IRRs are its roots
    ``x > 0``. One sign change in the flows means exactly one simple root (Descartes); more
    are counted exactly with a Sturm sequence over rationals, so a second root is never
    missed (numpy-financial returns one of them silently). The root is found by bisection
    between Cauchy's bounds to about 32 significant digits.

    References
    ----------
    numpy-financial ``irr``; Sturm's theorem (e.g. Basu, Pollack & Roy, *Algorithms in Real
    Algebraic Geometry*, 2.2).

    Examples
    --------
    >>> irr([Decimal(-1000), Decimal(500), Decimal(500), Decimal(500)])
    ('unique', Decimal('0.233751928528258788190943377679387634644'))
    >>> irr([Decimal(-100), Decimal(230), Decimal(-132)])  # 10 % and 20 % both solve it
    ('multiple', None)
    >>> irr([Decimal(100), Decimal(50)])
    ('none', None)
    """
    if sign_changes(flows) == 0:
        return "none", None
    coefficients = [Fraction(f) for f in flows]
    _trim(coefficients)
    while coefficients[0] == 0:  # x = 0 (r = ∞) is no IRR
        coefficients.pop(0)
    if sign_changes(flows) == 1:
        simple = coefficients
    else:
        count, simple = _positive_roots(coefficients)
        if count == 0:
            return "none", None
        if count > 1:
            return "multiple", None
    with localcontext(CONTEXT):
        x = _root_in_x([Decimal(c.numerator) / Decimal(c.denominator) for c in simple])
        return "unique", 1 / x - 1


def payback(flows: Sequence[Decimal]) -> tuple[Decimal | None, dict[str, Decimal] | None]:
    """Periods until the running total of ``flows`` reaches zero for good.

    Parameters
    ----------
    flows : sequence of Decimal
        Cash flows per period, period 0 first (pass discounted flows for discounted payback).

    Returns
    -------
    (Decimal or None, dict or None)
        The payback period, interpolated linearly within the period, and its parts
        ``{"before": k, "gap": |cum_k|, "flow": flows[k + 1]}`` for showing the maths.
        ``(0, None)`` when the running total is never negative; ``(None, None)`` when it is
        still negative in the last period (no payback within the horizon).

    Notes
    -----
    Payback is where the cumulative flow last turns from negative to ≥ 0 and stays there:
    ``k + |cum_k| ÷ flows[k + 1]`` for the last period ``k`` with ``cum_k < 0``. Taking the
    last crossing (not the first) keeps a later negative year from being hidden.

    Examples
    --------
    >>> payback([Decimal(-1000), Decimal(400), Decimal(400), Decimal(400)])
    (Decimal('2.5'), {'before': Decimal('2'), 'gap': Decimal('200'), 'flow': Decimal('400')})
    >>> payback([Decimal(-1000), Decimal(100)])
    (None, None)
    """
    with localcontext(CONTEXT):
        cumulative = []
        running = Decimal(0)
        for flow in flows:
            running += flow
            cumulative.append(running)
        below = [year for year, cum in enumerate(cumulative) if cum < 0]
        if not below:
            return Decimal(0), None
        last = below[-1]
        if last == len(flows) - 1:
            return None, None
        gap = -cumulative[last]
        flow = flows[last + 1]
        return Decimal(last) + gap / flow, {"before": Decimal(last), "gap": gap, "flow": flow}
