"""Golden files: rendered output compared byte for byte, regenerated only on purpose.

Regenerate with `WMHR_REGENERATE=1 python -m pytest`, then review the diff like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, actual: bytes | str) -> None:
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    path = GOLDEN / name
    if os.environ.get("WMHR_REGENERATE") == "1":
        path.write_bytes(data)
    assert path.exists(), f"no golden file {path}; run with WMHR_REGENERATE=1 and review it"
    assert data == path.read_bytes(), f"{name} differs from its golden file"
