"""A reproducible pure-Python wheel of the scoring engine, for the self-hosted Pyodide.

Building it here (rather than with `python -m build`) keeps the bytes, and so the sha256 that
pyodide-lock.json records, identical from build to build: fixed timestamps, file order, permissions and
"made on" system (zipfile would otherwise write the clock's time and, on Windows, another system byte).
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from collections.abc import Mapping

_FIXED_TIME = (2020, 1, 1, 0, 0, 0)
_UNIX = 3  # ZIP "version made by" system: the permissions in external_attr are Unix ones


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def wheel_name(distribution: str, version: str) -> str:
    return f"{distribution.replace('-', '_')}-{version}-py3-none-any.whl"


def build_wheel(distribution: str, version: str, summary: str, files: Mapping[str, bytes]) -> tuple[str, bytes]:
    """``files`` maps archive paths (``package/module.py``) to contents; returns (file name, wheel bytes)."""
    dist_info = f"{distribution.replace('-', '_')}-{version}.dist-info"
    metadata = (
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\nSummary: {summary}\n"
        "Requires-Python: >=3.12\n"
    ).encode()
    wheel = b"Wheel-Version: 1.0\nGenerator: breakthrough build_tools\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    entries = dict(sorted(files.items()))
    entries[f"{dist_info}/METADATA"] = metadata
    entries[f"{dist_info}/WHEEL"] = wheel
    record_lines = [f"{name},{_record_hash(data)},{len(data)}" for name, data in entries.items()]
    record_lines.append(f"{dist_info}/RECORD,,")
    entries[f"{dist_info}/RECORD"] = ("\n".join(record_lines) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.create_system = _UNIX
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return wheel_name(distribution, version), buffer.getvalue()
