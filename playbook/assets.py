"""The browser runtime that ships with the site, built from this repository.

- ``assets/pyodide/<version>/``: Pyodide's core files, copied from ``node_modules/pyodide``
  (pinned in ``package.json``); nothing is fetched from a CDN.
- ``assets/calculators/<runtime id>/``: our ``calculators`` package as a pure-Python wheel, a
  copy of Pyodide's lock file with the wheel (and its sha256) added by pyodide-lock's
  ``add_wheels_to_spec`` — the code behind ``pyodide lockfile add-wheels`` — and the standard
  library as bytecode (``python_stdlib.zip``). The wheel carries bytecode too; both are compiled
  inside Pyodide itself at build time (:mod:`playbook.precompile`, run by Node), which makes a
  boot about twice as fast as compiling the stdlib from source in the browser. The worker's
  ``loadPyodide({stdLibURL, lockFileURL, packages})`` downloads the wheel while the runtime
  boots, and falls back to Pyodide's own stdlib zip if the bytecode one fails.
- ``assets/playbook/``: our small ES module, worker and stylesheet.

The runtime id is a hash of the calculators' sources, the Pyodide version and the code that
builds the runtime (this module and the bytecode compiler), so a browser never mixes a cached
old wheel with a new page. Built runtimes are cached by id in ``$PLAYBOOK_CACHE_DIR`` (default
``~/.cache/playbook/runtime``), shared by every build on the machine; CI can keep that folder
between runs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import calculators

__all__ = [
    "PYODIDE_FILES",
    "RuntimeAssets",
    "RuntimeBuildError",
    "build_runtime",
    "pyodide_version",
    "runtime_id",
    "static_dir",
]

ROOT = Path(__file__).resolve().parent.parent
CALCULATORS_DIR = Path(calculators.__file__).resolve().parent
WHEEL_NAME = "playbook_calculators"
PACKAGE_NAME = "playbook-calculators"

#: The Pyodide files a browser needs (the npm package's lock file is the input to ours).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")

#: The bytecode compiler (its Python half runs inside Pyodide): part of the runtime id.
PRECOMPILE = (
    Path(__file__).resolve().parent / "precompile.py",
    Path(__file__).resolve().parent / "precompile.mjs",
)
STDLIB = "python_stdlib.zip"
SNAPSHOT = "snapshot.bin"

_ZIP_DATE = (2020, 1, 1, 0, 0, 0)
log = logging.getLogger("mkdocs.plugins.playbook")
#: Served from the site root (its scope is the directory it is served from).
SERVICE_WORKER = "sw.js"


class RuntimeBuildError(Exception):
    """The browser runtime cannot be built (e.g. ``npm ci`` was not run): ``key`` names the
    message of the generator's catalog, ``params`` fill it in."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    def describe(self, lang: str) -> str:
        from playbook.messages import t

        return t(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.describe("en")


@dataclass(frozen=True)
class RuntimeAssets:
    """Where the built runtime lives on disk and where it goes in the site."""

    pyodide_dir: Path  # node_modules/pyodide
    pyodide_version: str
    runtime_dir: Path  # cache dir with the wheel and the lock file
    runtime_id: str

    def site_files(self) -> dict[str, Path]:
        """Site-relative path → file on disk, for every runtime file."""
        files = {
            f"assets/pyodide/{self.pyodide_version}/{name}": self.pyodide_dir / name
            for name in PYODIDE_FILES
        }
        for path in sorted(self.runtime_dir.iterdir()):
            files[f"assets/calculators/{self.runtime_id}/{path.name}"] = path
        for path in sorted(static_dir().iterdir()):
            if path.name != SERVICE_WORKER:
                files[f"assets/playbook/{path.name}"] = path
        return files

    def service_worker(self, lang: str = "zh") -> str:
        """``sw.js`` for the site root, stamped with this runtime so a new build takes over, and
        with the page it shows offline for a page never opened (in the site's language)."""
        source = (static_dir() / SERVICE_WORKER).read_text("utf-8")
        page = offline_page(lang, "__PLAYBOOK_HOME__")  # the worker's scope, filled in by sw.js
        return source.replace("__PLAYBOOK_BUILD__", self.runtime_id).replace(
            '"__PLAYBOOK_OFFLINE_PAGE__"', json.dumps(page, ensure_ascii=False)
        )


def offline_page(lang: str, home: str) -> str:
    """A small, self-contained page (no styles or scripts to fetch: there is no network)."""
    from calculators.html import el, join
    from playbook.messages import t

    style = (
        "body{font:16px/1.6 system-ui,sans-serif;margin:0;padding:2rem 1.25rem;color:#222;"
        "max-width:36rem}h1{font-size:1.4rem}a{color:#3949ab}"
    )
    head = join(
        [
            el("meta", {"charset": "utf-8"}),
            el("meta", {"name": "viewport", "content": "width=device-width,initial-scale=1"}),
            el("title", {}, t("site.offline_title", lang)),
            el("style", {}, style),
        ]
    )
    body = join(
        [
            el("h1", {}, t("site.offline_title", lang)),
            el("p", {}, t("site.offline_body", lang)),
            el("p", {}, el("a", {"href": home}, t("site.offline_home", lang))),
        ]
    )
    html_lang = "zh-CN" if lang == "zh" else "en"
    return f'<!doctype html><html lang="{html_lang}"><head>{head}</head><body>{body}</body></html>'


def static_dir() -> Path:
    return Path(__file__).resolve().parent / "static"


def _node_pyodide(root: Path) -> Path:
    path = root / "node_modules" / "pyodide"
    if not (path / "package.json").is_file():
        raise RuntimeBuildError("build.no_pyodide", path=path, root=root)
    return path


def pyodide_version(root: Path = ROOT) -> str:
    package = json.loads((_node_pyodide(root) / "package.json").read_text("utf-8"))
    return str(package["version"])


def _calculator_sources() -> list[Path]:
    """The package's modules and its message catalogs (data the calculators read)."""
    return sorted(
        p
        for pattern in ("*.py", "*.json")
        for p in CALCULATORS_DIR.rglob(pattern)
        if "__pycache__" not in p.parts
    )


@cache
def runtime_id(root: Path = ROOT) -> str:
    """12 hex digits naming this exact calculators code on this exact Pyodide."""
    digest = hashlib.sha256()
    digest.update(pyodide_version(root).encode())
    for path in (*PRECOMPILE, Path(__file__)):  # how the runtime is built is part of it too
        digest.update(path.read_bytes())
    for path in _calculator_sources():
        digest.update(path.relative_to(CALCULATORS_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(out_dir: Path) -> Path:
    """Write the calculators package as a reproducible pure-Python wheel into ``out_dir``."""
    version = calculators.__version__
    dist_info = f"{WHEEL_NAME}-{version}.dist-info"
    entries: list[tuple[str, bytes]] = [
        (f"calculators/{p.relative_to(CALCULATORS_DIR).as_posix()}", p.read_bytes())
        for p in _calculator_sources()
    ]
    entries += [
        (
            f"{dist_info}/METADATA",
            (
                f"Metadata-Version: 2.1\nName: {PACKAGE_NAME}\nVersion: {version}\n"
                "Summary: Sales playbook calculators (browser build)\n"
            ).encode(),
        ),
        (
            f"{dist_info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: playbook\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        ),
        (f"{dist_info}/top_level.txt", b"calculators\n"),
    ]
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in entries)
    record += f"{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode()))
    out_dir.mkdir(parents=True, exist_ok=True)
    wheel = out_dir / f"{WHEEL_NAME}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return wheel


def build_lock(pyodide_dir: Path, wheel: Path, out: Path) -> Path:
    """Pyodide's lock file with our wheel (name, version, imports, sha256, file name relative)
    as its only package."""
    from pyodide_lock.spec import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    spec = PyodideLockSpec.from_json(pyodide_dir / "pyodide-lock.json")
    quiet = logging.getLogger("pyodide_lock")  # it cannot read imports from bytecode: set below
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        spec = add_wheels_to_spec(spec, [wheel], base_path=wheel.parent, base_url="")
    finally:
        quiet.setLevel(level)
    # Only what the worker loads: our package (it depends on nothing). Pyodide's 357 other
    # entries name wheels this site does not ship; the lock goes from 119 KB to well under 1 KB.
    ours = {name: pkg for name, pkg in spec.packages.items() if pkg.file_name == wheel.name}
    for pkg in ours.values():
        pkg.imports = ["calculators"]  # (read from sources, which the bytecode wheel has none of)
    spec.packages = ours
    spec.to_json(out)
    return out


def default_cache_dir() -> Path:
    """Where built runtimes are kept, by runtime id, for every build on this machine."""
    if os.environ.get("PLAYBOOK_CACHE_DIR"):
        return Path(os.environ["PLAYBOOK_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "playbook" / "runtime"


def precompile(pyodide_dir: Path, wheel: Path, stdlib_out: Path, snapshot: bool = True) -> bool:
    """Compile the stdlib and the wheel to bytecode inside Pyodide (Node): ``stdlib_out`` is
    written and ``wheel`` replaced, and with ``snapshot`` a memory snapshot (``snapshot.bin``
    and ``snapshot.json``) beside ``stdlib_out``. False (and the sources left as they are) when
    Node is missing or the compile fails: the site still works, its runtime just boots slower."""
    node = shutil.which("node")
    if node is None:
        log.warning("node not found: the calculators' runtime ships without bytecode (slower boot)")
        return False
    compiled = wheel.with_suffix(".pyc.whl")
    proc = subprocess.run(
        [
            node,
            str(PRECOMPILE[1]),
            str(pyodide_dir),
            str(pyodide_dir / STDLIB),
            str(stdlib_out),
            str(wheel),
            str(compiled),
            *([str(stdlib_out.parent / SNAPSHOT)] if snapshot else []),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        log.warning("bytecode compile failed, shipping sources only: %s", proc.stderr.strip())
        for leftover in (stdlib_out, compiled, stdlib_out.parent / SNAPSHOT):
            leftover.unlink(missing_ok=True)
        return False
    compiled.replace(wheel)
    return True


def build_runtime(root: Path = ROOT, cache_dir: Path | None = None) -> RuntimeAssets:
    """Build (or reuse from the cache) the wheel, lock file and bytecode stdlib for the current
    sources."""
    pyodide_dir = _node_pyodide(root)
    for name in (*PYODIDE_FILES, "pyodide-lock.json"):
        if not (pyodide_dir / name).is_file():
            raise RuntimeBuildError("build.pyodide_file_missing", path=pyodide_dir / name)
    ident = runtime_id(root)
    cache_root = cache_dir or default_cache_dir()
    try:
        cache_root.mkdir(parents=True, exist_ok=True)
    except OSError:  # no writable home (a locked-down CI runner): keep it in the project
        cache_root = root / ".cache" / "runtime"
    target = cache_root / ident
    lock = target / "pyodide-lock.json"
    if not lock.is_file():
        cache_root.mkdir(parents=True, exist_ok=True)
        staging = cache_root / f".{ident}.{os.getpid()}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        wheel = build_wheel(staging)
        if not precompile(pyodide_dir, wheel, staging / STDLIB):
            shutil.copyfile(pyodide_dir / STDLIB, staging / STDLIB)
        build_lock(pyodide_dir, wheel, staging / "pyodide-lock.json")
        shutil.rmtree(target, ignore_errors=True)  # a half-made one, never a complete one
        try:
            staging.rename(target)
        except OSError:  # another build made it meanwhile: same id, same files
            shutil.rmtree(staging, ignore_errors=True)
    return RuntimeAssets(
        pyodide_dir=pyodide_dir,
        pyodide_version=pyodide_version(root),
        runtime_dir=target,
        runtime_id=ident,
    )
