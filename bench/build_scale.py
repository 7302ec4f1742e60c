"""Build time at scale: the generator against plain Material on the same Markdown (not a test).

For each size N (``--sizes 500 1000 2000``) a temporary project is made from the sample
playbook (its ``mkdocs.yml``, pages, data and plans) plus N generated pages under
``docs/scale/``: Chinese prose, headings, a table, links to KPI anchors, glossary terms, and in
proportion to the sample a calculator block in one page of eight and one talk track (YAML) per
forty pages. Then, timed as wall clock of the whole command:

- ``ours``: ``playbook build`` (checks, generated pages, calculators computed at build time,
  glossary links, page info, the runtime copied in). The runtime itself is built once per
  runtime id and cached (``~/.cache/playbook``), as in CI; a cold runtime build is timed once,
  separately.
- ``plain``: ``mkdocs build`` of the same Markdown with Material and the same search settings,
  without the playbook plugin and extensions (calculator blocks stay code blocks; the pages
  generated from YAML do not exist).

Targets (issue 12): ours / plain <= 1.25 at every size, and linear growth: seconds per page
about constant from 500 to 2,000. Run: ``.venv/bin/python bench/build_scale.py [--sizes ...]
[--runs 1]``. Raw figures: ``bench/results/build_scale-<UTC timestamp>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TARGET_RATIO = 1.25
PLAYBOOK_ONLY = ("playbook.markdown.calculators", "playbook.markdown.glossary")

PARAGRAPHS = (
    "客户在第一次电话里往往只关心价格，真正的需求要靠追问才会浮出水面。先确认对方的角色和"
    "决策流程，再谈方案，比一上来就报价更容易推进。",
    "复盘时看三件事：这一阶段的退出条件是否满足，下一步行动是否写进了客户管理系统，负责人"
    "和时间是否明确。任何一项缺失，商机都不应进入下一阶段。",
    "报价前先算清客户的投入和回报：一次性投入、每年节省的人力和减少的损失，按贴现率折现后"
    "再比较。让客户看到计算过程，比给出一个结论更有说服力。",
    "遇到异议不要急着反驳。先复述客户的顾虑，确认理解无误，再用案例和数字回应，最后问一句"
    "这样是否解决了您的担心。",
)


def page(i: int) -> str:
    lines = [
        "---",
        "owner: 销售运营部",
        "review_by: 2099-12-31",
        "---",
        "",
        f"# 场景练习 {i:04d}：第 {i % 7 + 1} 阶段的常见情况",
        "",
    ]
    for j in range(3):
        lines += [f"## 要点 {j + 1}", "", PARAGRAPHS[(i + j) % len(PARAGRAPHS)], ""]
    lines += [
        f"本页相关的指标是[赢单率](../kpis/index.md#kpi-win_rate)，目标是季度内提升 {i % 9 + 1}%。",
        "",
        "| 步骤 | 负责人 | 完成标准 |",
        "| --- | --- | --- |",
        f"| 需求确认 | 客户经理 | 记录 {i % 5 + 3} 个关键问题的答案 |",
        "| 方案演示 | 售前顾问 | 客户确认演示覆盖了主要场景 |",
        "",
    ]
    if i % 8 == 0:
        lines += [
            "```calculator",
            "id: roi",
            "inputs:",
            f"  upfront_cost: {10 + i % 20}万",
            "```",
            "",
        ]
    return "\n".join(lines)


def make_project(base: Path, size: int) -> Path:
    project = base / f"scale-{size}"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    out = project / "docs" / "scale"
    out.mkdir()
    for i in range(size):
        (out / f"p{i:04d}.md").write_text(page(i), "utf-8")
    track = (ROOT / "docs" / "data" / "talk-tracks" / "closing.yml").read_text("utf-8")
    for i in range(size // 40):
        # Every id in the copy made unique (the track's and its objection cards').
        text = re.sub(r"(?m)^(\s*(?:- )?id: )(\S+)$", rf"\g<1>\g<2>-s{i:03d}", track)
        text = re.sub(r"(?m)^title: .*$", f"title: 促成签约练习 {i:03d}", text, count=1)
        (project / "docs" / "data" / "talk-tracks" / f"scale-{i:03d}.yml").write_text(text, "utf-8")
    plain = (project / "mkdocs.yml").read_text("utf-8")
    # The plugin entry, with its options or a trailing comment.
    plain, found = re.subn(r"(?m)^  - playbook(:[^\n]*\n(    .*\n)*|[ \t]*(#[^\n]*)?\n)", "", plain)
    if found != 1 or re.search(r"(?m)^  - playbook\b(?!\.)", plain):
        raise SystemExit("build_scale: could not take the playbook plugin out of mkdocs.yml")
    for name in PLAYBOOK_ONLY:
        plain = re.sub(
            rf"(?m)^  - {re.escape(name)}(:[^\n]*\n(      .*\n)*|[ \t]*(#[^\n]*)?\n)", "", plain
        )
    if "playbook" in re.sub(r"(?m)#.*$", "", plain):
        raise SystemExit("build_scale: the plain configuration still names the generator")
    plain = plain.replace("strict: true", "strict: false")
    plain += "exclude_docs: |\n  data/\n  plans/*.yml\n"
    (project / "plain.yml").write_text(plain, "utf-8")
    return project


def timed(args: list[str], cwd: Path) -> float:
    started = time.monotonic()
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    took = time.monotonic() - started
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return took


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    parser.add_argument("--runs", type=int, default=1, help="builds of each kind per size")
    args = parser.parse_args(argv)
    bin_dir = Path(sys.executable).parent
    playbook, mkdocs = str(bin_dir / "playbook"), str(bin_dir / "mkdocs")
    rows = []
    with tempfile.TemporaryDirectory(prefix="pb-scale-") as tmp:
        base = Path(tmp)
        cold_cache = base / "cache"
        first = make_project(base, 10)
        env_cold = {**os.environ, "PLAYBOOK_CACHE_DIR": str(cold_cache)}
        started = time.monotonic()
        subprocess.run(
            [playbook, "build", "-d", str(base / "site0")],
            cwd=first,
            env=env_cold,
            capture_output=True,
            check=True,
        )
        cold = time.monotonic() - started
        warm = timed([playbook, "build", "-d", str(base / "site0")], first)
        print(
            f"runtime built cold (bytecode + snapshot, once per runtime id): "
            f"{cold - warm:.1f} s on top of a {warm:.1f} s build"
        )
        for size in args.sizes:
            project = make_project(base, size)
            ours, plain = [], []
            for _ in range(args.runs):
                ours.append(timed([playbook, "build", "-d", str(base / "ours")], project))
                plain.append(
                    timed([mkdocs, "build", "-f", "plain.yml", "-d", str(base / "plain")], project)
                )
            pages = len(list((project / "docs").rglob("*.md")))
            row = {
                "size": size,
                "pages": pages,
                "ours_s": statistics.median(ours),
                "plain_s": statistics.median(plain),
            }
            row["ratio"] = row["ours_s"] / row["plain_s"]
            row["ours_ms_per_page"] = 1000 * row["ours_s"] / pages
            rows.append(row)
            print(
                f"{size:>5} generated ({pages} pages): ours {row['ours_s']:6.1f} s, "
                f"plain Material {row['plain_s']:6.1f} s, ratio {row['ratio']:.2f} "
                f"({'ok' if row['ratio'] <= TARGET_RATIO else 'MISSED'} <= {TARGET_RATIO}), "
                f"{row['ours_ms_per_page']:.0f} ms per page",
                flush=True,
            )
            shutil.rmtree(project)
    if len(rows) > 1:
        growth = rows[-1]["ours_ms_per_page"] / rows[0]["ours_ms_per_page"]
        print(
            f"growth: ms per page at {rows[-1]['size']} / at {rows[0]['size']} = {growth:.2f} "
            "(1.00 = linear)"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"build_scale-{stamp}.json"
    out.write_text(json.dumps({"rows": rows, "runtime_cold_s": cold - warm}, indent=2), "utf-8")
    print(f"raw: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
