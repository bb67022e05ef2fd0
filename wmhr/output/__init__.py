"""What commands print: one row shape, rendered as a table, JSON or CSV (render.py)."""

from enum import StrEnum


class OutputFormat(StrEnum):
    """--format: `table` is a rich table on a terminal and aligned plain text when piped."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
