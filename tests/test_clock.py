"""calculators.clock: a build's "today" follows SOURCE_DATE_EPOCH, so two builds of one commit
give the same pages even when midnight falls between them."""

from __future__ import annotations

import datetime as dt

import pytest

from calculators import clock
from calculators.pipeline import inputs


def test_source_date_epoch_sets_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225599")  # 2025-12-31 23:59:59 UTC
    assert clock.today() == dt.date(2025, 12, 31)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # one second later
    assert clock.today() == dt.date(2026, 1, 1)


@pytest.mark.parametrize("value", ["", "  ", "yesterday", "-5", "1.5e9"])
def test_without_a_whole_number_it_is_the_machines_date(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    before = dt.date.today()
    assert clock.today() in {before, dt.date.today()}


def test_the_pipeline_sample_is_dated_from_the_build_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    first = inputs.sample().splitlines()[1]
    assert first.endswith(",2026-01-05"), first  # the first deal closes in this month, on the 5th
