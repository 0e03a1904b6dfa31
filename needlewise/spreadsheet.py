"""Tables written for a spreadsheet (CSV, Excel): text that cannot run as a formula, and
a CSV that Excel reads as UTF-8."""

from __future__ import annotations

import pandas as pd


def defuse(value):
    """Stop a spreadsheet from running a cell as a formula (a name like '=HYPERLINK(...)')."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def defused(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell defused; numbers and dates are left as they are."""
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(defuse)
    return out


def to_csv(table: pd.DataFrame, date_format: str | None = None) -> bytes:
    """CSV with a byte-order mark: without one, Excel takes the file for the system's own
    encoding and garbles accents (a name like Zoë)."""
    return table.to_csv(index=False, date_format=date_format).encode("utf-8-sig")
