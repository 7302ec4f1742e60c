"""Lighthouse audit of the built sample site, mobile and desktop (not a test; ``./run audit``).

Builds the site (or reuses ``--site DIR``), serves it on 127.0.0.1 with a small threaded HTTP
server, and runs the pinned Lighthouse (``audit/node_modules``, installed by ``npm ci --prefix
audit``) with Chromium from the system on one page of every kind: home, prose, stage, talk
track, objection library, KPI dictionary, a pay-plan page, the 发给客户 page and every calculator
page. Each page is audited with Lighthouse's mobile preset (throttled, 412 px) and its desktop
preset.

Scores (0–100) for performance, accessibility, best practices and SEO are written to
``bench/results/lighthouse-<date>.json`` and printed as a table. The run fails (exit 1) when a
page scores below the floors the project holds itself to: accessibility and best practices
>= 95, SEO >= 90. Performance is reported, not enforced: on a shared 2-core machine it measures
the machine as much as the site.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calculators.registry import REGISTRY  # noqa: E402

LIGHTHOUSE = ROOT / "audit" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLOORS = {"accessibility": 95, "best-practices": 95, "seo": 90}
PAGES = [
    "",
    "guide/reps/",
    "process/qualify/",
    "talk-tracks/needs-discovery/",
    "talk-tracks/objections/",
    "kpis/",
    "incentives/plans/",
    "for-customers/",
    *sorted(
        entry.page.removesuffix(".md") + "/"
        for entry in REGISTRY.values()
        if entry.page.startswith("calculators/")
    ),
]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _build(site: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "playbook", "build", "--site-dir", str(site)], cwd=ROOT, check=True
    )


def _chromium() -> str:
    found = os.environ.get("PLAYBOOK_CHROMIUM") or shutil.which("chromium")
    if not found:
        sys.exit("Chromium is needed: apt-get install chromium, or set PLAYBOOK_CHROMIUM")
    return found


def _audit(url: str, preset: str, chrome: str, out: Path) -> dict[str, Any]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--max-wait-for-load=60000",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": chrome}
    subprocess.run(command, check=True, env=env, timeout=300)
    report = json.loads(out.read_text("utf-8"))
    scores = {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}
    failing = {
        name: [
            audit_id
            for audit_id in (ref["id"] for ref in report["categories"][name]["auditRefs"])
            if report["audits"][audit_id].get("score") not in (None, 1)
            and report["audits"][audit_id].get("scoreDisplayMode") in ("binary", "numeric")
        ]
        for name in FLOORS
        if scores[name] < 100
    }
    return {"scores": scores, "not_passed": failing}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site to audit (default: build one)")
    parser.add_argument("--pages", nargs="*", help="only these pages (paths under the site)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse is not installed: npm ci --prefix audit ({LIGHTHOUSE} missing)")
    chrome = _chromium()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if args.site is None:
            _build(site)
        server, origin = _serve(site)
        rows: list[dict[str, Any]] = []
        try:
            for path in args.pages or PAGES:
                for preset in ("mobile", "desktop"):
                    found = _audit(origin + path, preset, chrome, Path(tmp) / "report.json")
                    rows.append({"page": "/" + path, "preset": preset, **found})
                    scores = "  ".join(f"{k} {v:3d}" for k, v in found["scores"].items())
                    print(f"{'/' + path:42s} {preset:8s} {scores}", flush=True)
        finally:
            server.shutdown()
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    out = results / f"lighthouse-{dt.date.today().isoformat()}.json"
    out.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", "utf-8")
    low = [
        f"{row['page']} ({row['preset']}): {name} {row['scores'][name]} < {floor}"
        f" (not passed: {', '.join(row['not_passed'].get(name, []))})"
        for row in rows
        for name, floor in FLOORS.items()
        if row["scores"][name] < floor
    ]
    print(f"\nwritten {out.relative_to(ROOT)}")
    if low:
        print("below the floors:\n  " + "\n  ".join(low))
        return 1
    print("every page meets the floors: " + ", ".join(f"{k} >= {v}" for k, v in FLOORS.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
