"""The KPI formula language: exact, safe against hostile input, never eval."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.formula import FormulaError, parse

D = Decimal


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("销售额 ÷ 订单数", {"销售额": D(1_000_000), "订单数": D(200)}, D(5000)),
        ("赢单数 / (赢单数 + 输单数)", {"赢单数": D(12), "输单数": D(28)}, D("0.3")),
        ("1 + 2 * 3", {}, D(7)),
        ("(1 + 2) × 3", {}, D(9)),
        ("10 - 4 - 3", {}, D(3)),
        ("8 / 4 / 2", {}, D(1)),
        ("-a + 5", {"a": D(2)}, D(3)),
        ("--a", {"a": D(2)}, D(2)),
        ("min(a, b, 3)", {"a": D(5), "b": D(4)}, D(3)),
        ("max（a，b）", {"a": D(5), "b": D(4)}, D(5)),
        ("a * 100%", {"a": D("0.25")}, D("0.25")),
        ("0.1 + 0.2", {}, D("0.3")),
        ("new_customers_2 / 4", {"new_customers_2": D(10)}, D("2.5")),
    ],
)
def test_formulas_evaluate_exactly(
    text: str, values: dict[str, Decimal], expected: Decimal
) -> None:
    assert parse(text).evaluate(values) == expected


def test_variables_in_order_of_first_use() -> None:
    assert parse("(b + a) / b - c").names == ("b", "a", "c")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("__import__('os')", "formula.unexpected"),
        ("__import__(1)", "formula.not_a_function"),
        ("open(1)", "formula.not_a_function"),
        ("a.__class__", "formula.unexpected"),
        ("2 ** 99999999", "formula.unexpected"),
        ("9 ^ 999", "formula.unexpected"),
        ("1e400", "formula.unexpected"),
        ("lambda: 1", "formula.unexpected"),
        ("a[0]", "formula.unexpected"),
        ("'text'", "formula.unexpected"),
        ("", "formula.empty"),
        ("   ", "formula.empty"),
        ("(a + b", "formula.incomplete"),
        ("min(a b)", "formula.expected"),
        ("a +", "formula.incomplete"),
        ("a b", "formula.unexpected"),
        ("min()", "formula.unexpected"),
        ("(" * 100 + "1" + ")" * 100, "formula.too_deep"),
        ("1+" * 300 + "1", "formula.too_long"),
    ],
)
def test_hostile_or_broken_formulas_are_refused_with_a_reason(text: str, key: str) -> None:
    with pytest.raises(FormulaError) as info:
        parse(text)
    assert info.value.key == key


def test_division_by_zero_names_the_divisor() -> None:
    with pytest.raises(FormulaError) as info:
        parse("销售额 ÷ (订单数 - 退单数)").evaluate(
            {"销售额": D(1), "订单数": D(5), "退单数": D(5)}
        )
    assert info.value.key == "formula.division_by_zero"
    assert info.value.params["divisor"] == "订单数 − 退单数"


def test_huge_results_are_refused_not_printed() -> None:
    big = D(10) ** 14
    with pytest.raises(FormulaError) as info:
        parse("a * a * a").evaluate({"a": big})
    assert info.value.key == "formula.too_large"


def test_a_missing_variable_is_named() -> None:
    with pytest.raises(FormulaError) as info:
        parse("a + b").evaluate({"a": D(1)})
    assert info.value.params == {"name": "b"}


def test_substitution_shows_the_users_numbers_with_needed_parentheses() -> None:
    formula = parse("赢单数 ÷ (赢单数 + 输单数) × 100%")
    assert formula.substitute({"赢单数": "12", "输单数": "28"}) == "12 ÷ (12 + 28) × 100%"


# --- properties: the evaluator agrees with exact rational arithmetic ---------------------

_leaf = st.one_of(
    st.integers(min_value=0, max_value=10_000).map(lambda n: (str(n), Fraction(n))),
    st.sampled_from(["a", "b", "c"]).map(lambda name: (name, None)),
)


def _combine(
    children: st.SearchStrategy[tuple[str, object]],
) -> st.SearchStrategy[tuple[str, object]]:
    return st.tuples(st.sampled_from("+-*/"), children, children).map(
        lambda t: (f"({t[1][0]} {t[0]} {t[2][0]})", (t[0], t[1], t[2]))
    )


_tree = st.recursive(_leaf, _combine, max_leaves=12)
VALUES = {"a": Fraction(7, 2), "b": Fraction(-3), "c": Fraction(11, 10)}


def _exact(node: tuple[str, object]) -> Fraction:
    text, detail = node
    if detail is None:
        return VALUES[text]
    if isinstance(detail, Fraction):
        return detail
    op, left, right = detail  # type: ignore[misc]
    x, y = _exact(left), _exact(right)
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if y == 0:
        raise ZeroDivisionError
    return x / y


@settings(max_examples=1000, deadline=None)
@given(_tree)
def test_random_formulas_match_exact_rational_arithmetic(node: tuple[str, object]) -> None:
    text = node[0]
    values = {k: Decimal(v.numerator) / Decimal(v.denominator) for k, v in VALUES.items()}
    try:
        want = _exact(node)
    except ZeroDivisionError:
        with pytest.raises(FormulaError):
            parse(text).evaluate({k: values[k] for k in parse(text).names})
        return
    try:
        got = parse(text).evaluate({k: values[k] for k in parse(text).names})
    except FormulaError as error:
        assert error.key == "formula.too_large"
        return
    assert abs(Fraction(got) - want) <= abs(want) * Fraction(1, 10**30) + Fraction(1, 10**30)


def test_an_error_shows_the_character_as_it_was_typed() -> None:
    """÷ and × are read as / and *, but a manager who typed ÷÷ must see ÷ in the message."""
    from calculators.formula import FormulaError, parse

    for text, typed in (("实际 ÷÷ 目标", "÷"), ("a ×× b", "×"), ("a + b）", "）")):
        try:
            parse(text)
        except FormulaError as error:
            assert error.params["token"] == typed, (text, error.params)
        else:
            raise AssertionError(f"{text} parsed")
