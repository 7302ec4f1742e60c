"""offline.json: what 下载离线版 keeps of a built site (playbook.offline)."""

from __future__ import annotations

import json
from pathlib import Path

from playbook.offline import MANIFEST, offline_manifest

STDLIB = "assets/pyodide/314.0.7/python_stdlib.zip"


def _site(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


FILES = {
    "index.html": "home",
    "kpis/index.html": "kpis",
    "404.html": "not found",
    "search/search_index.json": "{}",
    "sw.js": "worker",
    "offline.json": "{}",
    "sitemap.xml.gz": "gz",
    "assets/javascripts/bundle.0123abcd.min.js": "bundle",
    "assets/javascripts/bundle.0123abcd.min.js.map": "map",
    "assets/javascripts/lunr/min/lunr.stemmer.support.min.js": "s",
    "assets/javascripts/lunr/min/lunr.zh.min.js": "zh",
    "assets/javascripts/lunr/min/lunr.de.min.js": "de",
    "assets/javascripts/lunr/min/lunr.multi.min.js": "multi",
    "assets/javascripts/lunr/tinyseg.js": "ja",
    "assets/calculators/abc123/python_stdlib.zip": "pyc",
    "assets/calculators/abc123/snapshot.bin": "big",
    "assets/calculators/abc123/snapshot.json": "{}",
    STDLIB: "stock",
}


def test_pages_search_and_runtime_without_what_offline_does_not_need(tmp_path: Path) -> None:
    site = _site(tmp_path, FILES)
    manifest = offline_manifest(site, search_langs=["zh"], pyodide_stdlib=STDLIB)
    assert dict(manifest.files) == {
        "": 4,
        "kpis/": 4,
        "404.html": 9,
        "search/search_index.json": 2,
        "assets/javascripts/bundle.0123abcd.min.js": 6,
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js": 1,
        "assets/javascripts/lunr/min/lunr.zh.min.js": 2,
        "assets/calculators/abc123/python_stdlib.zip": 3,
    }
    assert manifest.bytes == 31
    data = json.loads(manifest.to_json())
    assert data["bytes"] == 31 and len(data["version"]) == 16


def test_lunr_files_follow_the_search_languages(tmp_path: Path) -> None:
    site = _site(tmp_path, FILES)
    files = dict(offline_manifest(site, search_langs=["ja", "de"]).files)
    lunr = sorted(path.rsplit("/", 1)[1] for path in files if "/lunr/" in path)
    assert lunr == [
        "lunr.de.min.js",
        "lunr.multi.min.js",
        "lunr.stemmer.support.min.js",
        "tinyseg.js",
    ]


def test_file_urls_when_the_site_has_no_directory_urls(tmp_path: Path) -> None:
    site = _site(tmp_path, {"index.html": "a", "kpis.html": "b"})
    files = dict(offline_manifest(site, directory_urls=False).files)
    assert set(files) == {"index.html", "kpis.html"}


def test_the_version_changes_exactly_when_a_kept_file_does(tmp_path: Path) -> None:
    site = _site(tmp_path, FILES)
    first = offline_manifest(site, search_langs=["zh"], pyodide_stdlib=STDLIB).version
    (site / "assets/calculators/abc123/snapshot.bin").write_text("other", "utf-8")
    (site / "sw.js").write_text("other", "utf-8")
    assert offline_manifest(site, search_langs=["zh"], pyodide_stdlib=STDLIB).version == first
    (site / "kpis/index.html").write_text("kpiz", "utf-8")  # same size, other text
    assert offline_manifest(site, search_langs=["zh"], pyodide_stdlib=STDLIB).version != first


def test_the_build_writes_it(built_site: Path) -> None:
    written = json.loads((built_site / MANIFEST).read_text("utf-8"))
    version = next((built_site / "assets" / "pyodide").iterdir()).name
    stdlib = f"assets/pyodide/{version}/python_stdlib.zip"
    again = offline_manifest(built_site, search_langs=["zh"], pyodide_stdlib=stdlib)
    assert written == json.loads(again.to_json())
    paths = {path for path, _ in written["files"]}
    assert {"", "kpis/", "glossary/", "calculators/roi/", "search/search_index.json"} <= paths
    assert not [p for p in paths if p.endswith(("snapshot.bin", "sw.js", ".map"))]
