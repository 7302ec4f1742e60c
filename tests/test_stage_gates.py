"""The hand-over from 订单与交付 to 售后跟进与续约 is one gate, 验收, everywhere: the stage table
and the pages that say when the 客户成功经理 takes the customer over."""

from __future__ import annotations

from pathlib import Path

from playbook.content.load import load_content

ROOT = Path(__file__).resolve().parent.parent


def test_renewal_starts_at_acceptance_not_at_payment() -> None:
    content, problems = load_content(ROOT / "docs", ROOT)
    assert not problems
    delivery, renewal = content.stages["delivery"], content.stages["renewal"]
    assert any("验收" in line for line in delivery.exit)
    assert not any("到账" in line for line in delivery.exit)
    assert any("验收" in line for line in renewal.entry)
    assert not any("到账" in line or "回款" in line for line in renewal.entry)
    for page in ("docs/team/customer-ownership.md", "docs/process-guides/order-flow.md"):
        text = (ROOT / page).read_text("utf-8")
        assert "不等回款" in text, page
