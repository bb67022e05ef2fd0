"""`--weights FILE`: a CSV of country code and weight (e.g. active editors per country)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

from wmhr.errors import PlanningInputError
from wmhr.files import MB, read_regular
from wmhr.planning.countries import countries, country_by_code

MAX_BYTES = MB


class _Unreadable(PlanningInputError):
    """What read_regular says of the file, before it is named as the --weights file."""


def read_weights(path: Path) -> dict[str, float]:
    """Code -> weight. A first row whose weight is not a number is a header and is skipped."""
    try:
        data = read_regular(
            path, limit=MAX_BYTES, fix="give a CSV file, one row per country", error=_Unreadable
        )
        text = data.decode("utf-8-sig")
    except FileNotFoundError:
        raise PlanningInputError(f"--weights {path}: no such file") from None
    except _Unreadable as exc:
        raise PlanningInputError(f"--weights {exc}") from None
    except UnicodeDecodeError:
        raise PlanningInputError(f"--weights {path}: cannot read it (not UTF-8 text)") from None
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
    if not math.isfinite(sum(weights.values())):
        raise PlanningInputError(
            f"--weights {path}: the weights add up to more than a number can hold; "
            "scale them down (e.g. thousands of editors instead of editors)"
        )
    return weights


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
