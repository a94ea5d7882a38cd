"""Dates as the member list carries them.

- A day is an int YYYYMMDD (the card QR and the wire use the same); a birth date
  may have MM or DD 00 (unknown).
- A month is an int index `year * 12 + (month - 1)`, so months subtract.
"""

from __future__ import annotations

import datetime as dt


def ymd_to_date(value: int) -> dt.date:
    """YYYYMMDD to a date; unknown month or day (00) become 1 (the earliest it can be)."""
    year, rest = divmod(value, 10000)
    month, day = divmod(rest, 100)
    return dt.date(year, month or 1, day or 1)


def date_to_ymd(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def is_valid_ymd(value: int, *, allow_unknown: bool = False) -> bool:
    """True when YYYYMMDD names a real day (or, with allow_unknown, MM/DD 00)."""
    if not 1_000_0000 <= value <= 9999_12_31:
        return False
    year, rest = divmod(value, 10000)
    month, day = divmod(rest, 100)
    if allow_unknown and month == 0:
        return day == 0
    if allow_unknown and day == 0:
        return 1 <= month <= 12
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    """The first day of month `index`."""
    year, month0 = divmod(index, 12)
    return dt.date(year, month0 + 1, 1)


def month_label(index: int) -> str:
    """'2026-03' for a month index."""
    year, month0 = divmod(index, 12)
    return f"{year:04d}-{month0 + 1:02d}"


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (29 Feb becomes 1 Mar in other years)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)
