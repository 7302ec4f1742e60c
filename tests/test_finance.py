"""The finance primitives' documented examples are true (doctest on calculators.finance)."""

from __future__ import annotations

import doctest

import pytest

from calculators import finance


@pytest.mark.parametrize("name", finance.__all__)
def test_every_primitive_documents_an_example(name: str) -> None:
    assert ">>> " in (getattr(finance, name).__doc__ or "")


def test_the_documented_examples_hold() -> None:
    failed, attempted = doctest.testmod(finance, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert attempted > 0
    assert failed == 0
