"""A small, safe arithmetic language for KPI formulas — never ``eval``.

Grammar (whitespace ignored; full-width ``（）×÷，`` accepted)::

    expr    := term (("+" | "-") term)*
    term    := factor (("*" | "×" | "/" | "÷") factor)*
    factor  := ("+" | "-") factor | NUMBER ["%"] | NAME | FUNC "(" expr ("," expr)* ")"
             | "(" expr ")"
    FUNC    := min | max

NAMEs are variables: letters (Chinese included), digits and ``_``, not starting with a digit.
Numbers are plain decimals (``0.5``, ``100``, ``12%``); no exponents, no powers, no attribute
access, no calls but ``min``/``max``: ``__import__('os')`` is a syntax error, not a call.
Evaluation is exact :class:`~decimal.Decimal` arithmetic; division by zero is a
:class:`FormulaError`, never an infinity.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext

from .money import CONTEXT, MAX_ABS

__all__ = ["Formula", "FormulaError", "parse", "variables"]

MAX_LENGTH = 500
MAX_DEPTH = 40
FUNCTIONS = ("min", "max")

_TRANSLATE = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "×": "*",
        "÷": "/",
        "，": ",",
        "－": "-",
        "−": "-",
        "＋": "+",
        "％": "%",
        "　": " ",
    }
)
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>\d+(?:\.\d+)?|\.\d+)(?P<percent>%)?
      | (?P<name>[^\W\d]\w*)
      | (?P<op>[-+*/(),])
    )""",
    re.VERBOSE,
)


class FormulaError(ValueError):
    """A formula that cannot be parsed or evaluated. ``key`` picks the catalog message."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(f"{key}: {params}")
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Num:
    value: Decimal
    text: str  # as written (``100%``), for explain-the-math


@dataclass(frozen=True)
class Var:
    name: str


@dataclass(frozen=True)
class Neg:
    inner: Node


@dataclass(frozen=True)
class Bin:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


Node = Num | Var | Neg | Bin | Call


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its source text, tree and variables in order of first use."""

    text: str
    tree: Node
    names: tuple[str, ...]

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        missing = [name for name in self.names if name not in values]
        if missing:
            raise FormulaError("formula.missing", name=missing[0])
        with localcontext(CONTEXT) as ctx:
            ctx.traps[InvalidOperation] = True
            result = _eval(self.tree, values)
        if not result.is_finite() or abs(result) >= MAX_ABS:
            raise FormulaError("formula.too_large")
        return result

    def substitute(self, shown: Mapping[str, str]) -> str:
        """The formula with each variable replaced by ``shown[name]`` (for explain-the-math)."""
        return _show(self.tree, shown, 0)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise FormulaError("formula.unexpected", at=position + 1, token=text[position].strip())
        if match["number"] is not None:
            out.append(("num", match["number"] + (match["percent"] or ""), match.start("number")))
        elif match["name"] is not None:
            out.append(("name", match["name"], match.start("name")))
        else:
            out.append(("op", match["op"], match.start("op")))
        position = match.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.index = 0
        self.depth = 0
        self.length = len(text)

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise FormulaError("formula.incomplete")
        if value is not None and token[1] != value:
            raise FormulaError("formula.expected", expected=value, at=token[2] + 1, token=token[1])
        self.index += 1
        return token

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError("formula.too_deep")

    def expr(self) -> Node:
        self.enter()
        node = self.term()
        while (token := self.peek()) is not None and token[1] in "+-" and token[0] == "op":
            self.take()
            node = Bin(token[1], node, self.term())
        self.depth -= 1
        return node

    def term(self) -> Node:
        node = self.factor()
        while (token := self.peek()) is not None and token[1] in "*/" and token[0] == "op":
            self.take()
            node = Bin(token[1], node, self.factor())
        return node

    def factor(self) -> Node:
        self.enter()
        kind, value, at = self.take()
        node: Node
        if kind == "op" and value in "+-":
            inner = self.factor()
            node = Neg(inner) if value == "-" else inner
        elif kind == "num":
            number = Decimal(value.rstrip("%"))
            node = Num(number / 100 if value.endswith("%") else number, value)
        elif kind == "name" and value in FUNCTIONS:
            self.take("(")
            args = [self.expr()]
            while (token := self.peek()) is not None and token[1] == ",":
                self.take()
                args.append(self.expr())
            self.take(")")
            node = Call(value, tuple(args))
        elif kind == "name":
            if (token := self.peek()) is not None and token[1] == "(":
                raise FormulaError("formula.not_a_function", name=value)
            node = Var(value)
        elif value == "(":
            node = self.expr()
            self.take(")")
        else:
            raise FormulaError("formula.unexpected", at=at + 1, token=value)
        self.depth -= 1
        return node


def parse(text: str) -> Formula:
    """Parse ``text`` or raise :class:`FormulaError` saying where and why."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("formula.empty")
    if len(text) > MAX_LENGTH:
        raise FormulaError("formula.too_long", max=MAX_LENGTH)
    normalised = text.translate(_TRANSLATE)
    try:
        parser = _Parser(normalised)
        tree = parser.expr()
        leftover = parser.peek()
        if leftover is not None:
            raise FormulaError("formula.unexpected", at=leftover[2] + 1, token=leftover[1])
    except FormulaError as error:
        # Normalising maps one character to one (÷ → /), so the position shows what was typed.
        at, token = error.params.get("at"), error.params.get("token")
        if isinstance(at, int) and isinstance(token, str) and token:
            error.params["token"] = text[at - 1 : at - 1 + len(token)]
        raise

    names: list[str] = []
    _collect(tree, names)
    return Formula(text=text.strip(), tree=tree, names=tuple(names))


def variables(text: str) -> tuple[str, ...]:
    """The variables of ``text`` in order of first use."""
    return parse(text).names


def _collect(node: Node, names: list[str]) -> None:
    match node:
        case Var(name) if name not in names:
            names.append(name)
        case Neg(inner):
            _collect(inner, names)
        case Bin(_, left, right):
            _collect(left, names)
            _collect(right, names)
        case Call(_, args):
            for arg in args:
                _collect(arg, names)


def _eval(node: Node, values: Mapping[str, Decimal]) -> Decimal:
    match node:
        case Num(value, _):
            return value
        case Var(name):
            return values[name]
        case Neg(inner):
            return -_eval(inner, values)
        case Call(name, args):
            results = [_eval(arg, values) for arg in args]
            return min(results) if name == "min" else max(results)
        case Bin(op, left_node, right_node):
            left, right = _eval(left_node, values), _eval(right_node, values)
            if op == "+":
                return left + right
            if op == "-":
                return left - right
            if op == "*":
                return left * right
            if right == 0:
                raise FormulaError("formula.division_by_zero", divisor=_show(right_node, {}, 0))
            return left / right
    raise AssertionError(node)


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}
_SHOWN_OP = {"+": " + ", "-": " − ", "*": " × ", "/": " ÷ "}


def _show(node: Node, shown: Mapping[str, str], parent: int) -> str:
    match node:
        case Num(_, text):
            return text
        case Var(name):
            return shown.get(name, name)
        case Neg(inner):
            return "−" + _show(inner, shown, 3)
        case Call(name, args):
            return f"{name}(" + "，".join(_show(arg, shown, 0) for arg in args) + ")"
        case Bin(op, left, right):
            level = _PRECEDENCE[op]
            text = _show(left, shown, level) + _SHOWN_OP[op] + _show(right, shown, level + 1)
            return f"({text})" if level < parent else text
    raise AssertionError(node)
