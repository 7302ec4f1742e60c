"""Bytecode for the browser runtime, compiled *inside* Pyodide (run by ``precompile.mjs``).

Pyodide's npm ``python_stdlib.zip`` holds only ``.py`` files, so CPython compiles every module
it imports at every boot (~190 of them before our calculators answer): that is most of a boot.
A zip of ``.pyc`` files compiled by Pyodide's own interpreter (so they carry its magic number;
the host Python here may be another version) imports without compiling. Our wheel gets
``__pycache__`` entries the same way.

Only the stdlib modules a boot and our calculators actually import (:func:`warm_up`, about 150)
are compiled; the rest stay as source, compiled on the rare import. Bytecode is about twice the
size of compressed source, so the whole stdlib compiled would grow the download from 2.5 to
4.5 MB; this way it is ~3.3 MB. Only the ``.pyc`` of a compiled module is kept, where its
``.py`` was (zipimport, and the sourceless loader for the unpacked wheel, import it directly).
All are unchecked hash-based pycs (PEP 552): valid whatever the files' times after unpacking.

No import of the generator here: this file is read as text and run in Pyodide.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc  # type: ignore[attr-defined]
from importlib.util import source_hash

__all__ = ["stdlib_zip", "warm_up", "wheel_with_bytecode"]

_DATE = (2020, 1, 1, 0, 0, 0)


def _pyc(source: bytes, filename: str) -> bytes | None:
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError:  # a few test-data modules are not valid Python on purpose
        return None
    return bytes(_code_to_hash_pyc(code, source_hash(source), False))


def _info(name: str, date: tuple[int, int, int, int, int, int] = _DATE) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def warm_up(prefix: str) -> set[str]:
    """Import the calculators and run each once in both languages; the stdlib files (relative
    to the zip mounted at ``prefix``) of every module imported so far, boot included."""
    import sys

    import calculators
    import calculators.browser

    for calculator_id in calculators.IDS:
        for lang in ("zh", "en"):
            calculators.browser.run(calculator_id, "{}", lang)
    files = {str(getattr(module, "__file__", None) or "") for module in list(sys.modules.values())}
    return {name[len(prefix) :] for name in files if name.startswith(prefix)}


def stdlib_zip(data: bytes, prefix: str, compile_only: set[str] | None = None) -> bytes:
    """The stdlib zip ``data`` with each ``.py`` in ``compile_only`` (all when None) replaced
    by its ``.pyc`` (``prefix`` is where the zip is mounted, for the file names in
    tracebacks); other files kept as they are."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dest:
        for info in src.infolist():
            body = src.read(info)
            wanted = compile_only is None or info.filename in compile_only
            if info.filename.endswith(".py") and wanted:
                pyc = _pyc(body, prefix + info.filename)
                if pyc is not None:
                    dest.writestr(_info(info.filename + "c", info.date_time), pyc)
                    continue
            dest.writestr(_info(info.filename, info.date_time), body)
    return out.getvalue()


def _record_hash(body: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(body).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def wheel_with_bytecode(data: bytes, site_packages: str) -> bytes:
    """The wheel ``data`` with each module as bytecode only (``module.pyc`` where
    ``module.py`` was: the sourceless layout Python imports directly) and its RECORD updated
    (``site_packages`` is where Pyodide unpacks it, for the file names in tracebacks). Bytecode
    alone is what the browser needs: the sources would add a third to the download and the
    compile they need is what this saves; CPython and the tests use the sources."""
    entries: list[tuple[str, bytes]] = []
    record_name = ""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        for info in src.infolist():
            if info.filename.endswith(".dist-info/RECORD"):
                record_name = info.filename
                continue
            body = src.read(info)
            if info.filename.endswith(".py"):
                pyc = _pyc(body, f"{site_packages}/{info.filename}")
                if pyc is not None:
                    entries.append((info.filename + "c", pyc))
                    continue
            entries.append((info.filename, body))
    record = "".join(f"{name},{_record_hash(body)},{len(body)}\n" for name, body in entries)
    entries.append((record_name, (record + f"{record_name},,\n").encode()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dest:
        for name, body in entries:
            dest.writestr(_info(name), body)
    return out.getvalue()
