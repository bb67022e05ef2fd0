"""`--weights FILE`: a CSV of country code and weight (e.g. active editors per country)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

from wmhr.errors import PlanningInputError
from wmhr.planning.countries import countries, country_by_code

MAX_BYTES = 1_000_000


def read_weights(path: Path) -> dict[str, float]:
    """Code -> weight. A first row whose weight is not a number is a header and is skipped."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise PlanningInputError(f"--weights {path}: larger than 1 MB; one row per country")
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise PlanningInputError(f"--weights {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise PlanningInputError(f"--weights {path}: cannot read it ({reason})") from None
    weights: dict[str, float] = {}
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        if not row or not "".join(row).strip():
            continue
        where = f"--weights {path}: line {number}"
        if len(row) < 2:
            raise PlanningInputError(f"{where}: expected a country code and a weight")
        code, value = row[0].strip(), row[1].strip()
        weight = _number(value)
        if weight is None and number == 1 and code.upper() not in countries():
            continue  # a header such as "country,editors"
        if weight is None or weight < 0:
            raise PlanningInputError(f'{where}: "{value}" is not a weight (a number from 0 up)')
        country = country_by_code(code, where=where)
        if country.code in weights:
            raise PlanningInputError(f"{where}: {country.code} is listed twice; keep one row")
        weights[country.code] = weight
    if not weights:
        raise PlanningInputError(f"--weights {path}: no rows; write one `code,weight` per line")
    return weights


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
