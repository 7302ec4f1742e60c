"""The offline copy of a built site: ``offline.json`` at the site root lists every file a rep's
browser keeps when they choose 下载离线版 (the service worker, ``sw.js``, downloads them).

It holds every page, the search index and the search worker with the language files it loads,
the theme's files and the calculator runtime. Left out, because the site works offline without
them: the memory snapshot (31 MB; the runtime boots from its bytecode instead, in about a
second), Pyodide's stock ``python_stdlib.zip`` (only used if our bytecode copy fails), source
maps, compressed duplicates, and the service worker and this list themselves.

``version`` hashes every listed file's path and contents: it changes exactly when a new build
changes something a rep would keep, and the service worker swaps a whole copy for another, so an
offline copy never mixes two builds.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MANIFEST", "OfflineManifest", "offline_manifest", "write_manifest"]

MANIFEST = "offline.json"
_SKIP_NAMES = {MANIFEST, "sw.js", "snapshot.bin", "snapshot.json"}
_SKIP_SUFFIXES = (".map", ".gz")
# Material's search worker loads lunr's stemmer support, then one file per language (tinyseg
# for Japanese, wordcut for Thai and Hindi) and lunr.multi for more than one language.
_LUNR = re.compile(r"^assets/javascripts/lunr/(?:min/)?(?P<name>[^/]+)$")


@dataclass(frozen=True)
class OfflineManifest:
    version: str
    files: list[tuple[str, int]]  # site-relative URL, size in bytes

    @property
    def bytes(self) -> int:
        return sum(size for _, size in self.files)

    def to_json(self) -> str:
        data = {"version": self.version, "bytes": self.bytes, "files": self.files}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _lunr_wanted(search_langs: list[str]) -> set[str]:
    names = {"lunr.stemmer.support.min.js"}
    for lang in search_langs:
        if lang == "ja":
            names.add("tinyseg.js")
        if lang in ("th", "hi"):
            names.add("wordcut.js")
        if lang != "en":
            names.add(f"lunr.{lang}.min.js")
    if len(search_langs) > 1:
        names.add("lunr.multi.min.js")
    return names


def _url(rel: str, directory_urls: bool) -> str:
    """The address a browser asks for: ``guide/`` for ``guide/index.html``."""
    if directory_urls and (rel == "index.html" or rel.endswith("/index.html")):
        return rel[: -len("index.html")]
    return rel


def offline_manifest(
    site_dir: Path,
    *,
    directory_urls: bool = True,
    search_langs: list[str] | None = None,
    pyodide_stdlib: str | None = None,
) -> OfflineManifest:
    """What to keep of the site in ``site_dir``. ``pyodide_stdlib`` is the site path of the
    stock stdlib zip (left out)."""
    lunr = _lunr_wanted(search_langs or ["en"])
    digest = hashlib.sha256()
    files: list[tuple[str, int]] = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        if path.name in _SKIP_NAMES or rel.endswith(_SKIP_SUFFIXES) or rel == pyodide_stdlib:
            continue
        match = _LUNR.match(rel)
        if match and match["name"] not in lunr:
            continue
        data = path.read_bytes()
        url = _url(rel, directory_urls)
        files.append((url, len(data)))
        digest.update(url.encode() + b"\0" + hashlib.sha256(data).digest())
    return OfflineManifest(version=digest.hexdigest()[:16], files=files)


def write_manifest(site_dir: Path, manifest: OfflineManifest) -> None:
    target = site_dir / MANIFEST
    text = manifest.to_json()
    if not target.is_file() or target.read_text("utf-8") != text:
        target.write_text(text, "utf-8")
