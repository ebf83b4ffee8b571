"""Turn the fields of one matched time expression into a TIMEX3-style value.

Fields are the named groups of a lexicon pattern (month, wd, day, year, mod, unit, ...), already
mapped to lexicon values. Relative expressions are resolved against the reference date `dct`;
`direction` says which way a bare weekday, a day-month without a year or a bare quarter points:
-1 past (on or before), +1 future (on or after), 0 unknown (weekdays then look back, day-months
and quarters take the nearest, months the reference year).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

ISO_DATE = "%Y-%m-%d"


@dataclass
class Value:
    value: str | None
    type: str
    date: dt.date | None = None  # the day, when the value names one
    conflict: bool = False  # a weekday and an explicit date disagree
    explicit: bool = False  # day and month were written (not computed from a weekday/offset)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _weekday_date(wd: int, dct: dt.date, mod: int | None, direction: int) -> dt.date:
    """The date of a weekday: "last Thursday" before, "next Thursday" after, bare by tense."""
    back = (dct.weekday() - wd) % 7
    ahead = (wd - dct.weekday()) % 7
    if mod == -1:
        return dct - dt.timedelta(days=back or 7)
    if mod == 1:
        return dct + dt.timedelta(days=ahead or 7)
    # News report the past: with no cue a bare weekday is the latest one (Thursday's "Monday").
    return dct + dt.timedelta(days=ahead) if direction > 0 else dct - dt.timedelta(days=back)


def _day_month_year(day: int, month: int, dct: dt.date, direction: int) -> dt.date | None:
    """The year that puts a day-month on/before (after, nearest) the reference date."""
    candidates = []
    for year in (dct.year - 1, dct.year, dct.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:  # 29 February
            continue
    if direction < 0:
        candidates = [c for c in candidates if c <= dct][-1:]
    elif direction > 0:
        candidates = [c for c in candidates if c >= dct][:1]
    return min(candidates, key=lambda c: abs((c - dct).days), default=None)


def _period(unit: str, mod: int, dct: dt.date) -> str | None:
    """Value of "this/last/next <unit>" relative to the reference date."""
    if unit == "D":
        return (dct + dt.timedelta(days=mod)).strftime(ISO_DATE)
    if unit in ("W", "WE"):
        week = _week(dct + dt.timedelta(weeks=mod))
        return week + "-WE" if unit == "WE" else week
    if unit == "M":
        year, month = _shift_month(dct.year, dct.month, mod)
        return f"{year}-{month:02d}"
    if unit == "Y":
        return str(dct.year + mod)
    if unit == "Q":
        year, month = _shift_month(dct.year, dct.month, 3 * mod)
        return f"{year}-Q{(month - 1) // 3 + 1}"
    if unit == "DE":
        return str(dct.year // 10 + mod)
    if unit == "CE":
        return str(dct.year // 100 + mod)
    return None


def _offset(n: int, unit: str, sign: int, dct: dt.date) -> Value | None:
    """Value of "<n> <unit> ago" (sign -1) or "in <n> <unit>" (sign +1)."""
    if unit == "H":
        return _day_value(dct, explicit=False)
    if n == 0:
        return Value("PAST_REF" if sign < 0 else "FUTURE_REF", "DATE")
    if unit in ("D", "W"):
        return _day_value(dct + dt.timedelta(days=sign * n * (7 if unit == "W" else 1)), False)
    if unit == "M":
        year, month = _shift_month(dct.year, dct.month, sign * n)
        return Value(f"{year}-{month:02d}", "DATE")
    if unit == "Y":
        return Value(str(dct.year + sign * n), "DATE")
    if unit == "DE":
        return Value(str(dct.year + sign * 10 * n), "DATE")
    return None


def _day_value(day: dt.date, explicit: bool, part: str | None = None) -> Value:
    value = day.strftime(ISO_DATE) + (f"T{part}" if part else "")
    return Value(value, "TIME" if part else "DATE", day, explicit=explicit)


def _year(f: dict[str, Any], dct: dt.date | None) -> int | None:
    """The year written in the expression ("2024", "'82", "07"), if any."""
    if f.get("year"):
        return int(f["year"])
    if f.get("yy"):
        yy = int(f["yy"])
        pivot = (dct.year % 100 + 10) if dct else 30  # "'82" is 1982, "07" is 2007
        return (2000 if yy <= pivot else 1900) + yy
    return None


def _explicit(f: dict[str, Any], dct: dt.date | None, direction: int) -> Value | None:
    """A written day and month, with or without year and weekday."""
    month, day = f.get("month") or int(f["mnum"]), int(f["day"])
    year = _year(f, dct)
    part = f.get("part")
    if year is not None:
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None
    elif dct is not None:
        date = _day_month_year(day, month, dct, direction)
        if date is None:
            return None
    else:
        return Value(f"XXXX-{month:02d}-{day:02d}", "DATE", explicit=True)
    value = _day_value(date, explicit=True, part=part)
    value.conflict = f.get("wd") is not None and date.weekday() != f["wd"]
    return value


def _month(f: dict[str, Any], dct: dt.date | None, direction: int) -> Value:
    """A month with or without year: "November 2008", "last September", "enero"."""
    month, year, mod = f["month"], _year(f, dct), f.get("mod")
    if year is None and dct is not None:
        year = dct.year
        if mod == -1 and month >= dct.month or not mod and direction < 0 and month > dct.month:
            year -= 1
        elif mod == 1 and month <= dct.month or not mod and direction > 0 and month < dct.month:
            year += 1
    return Value(f"{year}-{month:02d}" if year else f"XXXX-{month:02d}", "DATE")


def _quarter(f: dict[str, Any], dct: dt.date | None, direction: int) -> Value | None:
    """ "the third quarter (of 2009 / of this year / of last year)"."""
    q = int(f["qord"])
    year = _year(f, dct)
    if year is None and dct is not None:
        current = (dct.month - 1) // 3 + 1
        if f.get("ycur") or f.get("mod") is not None or f.get("modp") is not None:
            year = dct.year + (f.get("mod") or f.get("modp") or 0)
        else:  # bare: the latest one begun, the next one not ended, or the nearest
            back, ahead = (q > current), (q < current)
            if direction == 0:
                back, ahead = back and q - current > 2, ahead and current - q > 2
            year = dct.year + (ahead and direction >= 0) - (back and direction <= 0)
    return Value(f"{year}-Q{q}" if year else f"XXXX-Q{q}", "DATE")


def _relative(f: dict[str, Any], dct: dt.date, direction: int) -> Value | None:
    """Expressions that need the reference date: weekdays, today, last week, ..."""
    mod = f.get("mod") if f.get("mod") is not None else f.get("modp")
    part = f.get("part")
    if f.get("wd") is not None:
        return _day_value(_weekday_date(f["wd"], dct, mod, direction), False, part)
    if f.get("rday") is not None:
        return _day_value(dct + dt.timedelta(days=f["rday"]), False, part)
    unit = f.get("unit")
    if unit and f.get("num") is not None and f.get("shift"):
        return _offset(int(f["num"]), unit.rstrip("+"), f["shift"], dct)
    if unit and unit.endswith("+"):  # "recent years", "los últimos años"
        return Value({-1: "PAST_REF", 1: "FUTURE_REF"}.get(mod or 0, "PRESENT_REF"), "DATE")
    if unit or f.get("ycur"):
        value = _period(unit or "Y", mod or 0, dct)
        return Value(value, "DATE") if value else None
    if part and mod is not None:  # "this morning", "last night"
        return _day_value(dct + dt.timedelta(days=mod if mod < 0 else 0), False, part)
    return None


def normalise(f: dict[str, Any], kind: str, dct: dt.date | None, direction: int,
              last_day: str | None) -> Value | None:
    """The value of one expression, or None when it cannot be normalised."""
    if kind == "DURATION":
        return _duration(f)
    if kind == "SET":
        return _set(f)
    if kind == "TIME":
        return _clock(f, dct)
    if f.get("ref"):
        return Value(f["ref"], "DATE")
    if f.get("anaphor"):
        return Value(last_day, "DATE", dt.date.fromisoformat(last_day)) if last_day else None
    if f.get("day") and (f.get("month") or f.get("mnum")):
        return _explicit(f, dct, direction)
    if f.get("qord"):
        return _quarter(f, dct, direction)
    if f.get("month"):
        return _month(f, dct, direction)
    if f.get("season"):
        year = _year(f, dct) or (dct.year + (f.get("mod") or 0) if dct else None)
        return Value(f"{year or 'XXXX'}-{f['season']}", "DATE")
    if f.get("year") or f.get("yy"):
        return Value(str(_year(f, dct)), "DATE")
    if f.get("decade"):
        digits = f["decade"].lstrip("'’")
        return Value(digits[:3] if len(digits) == 4 else ("19" if digits >= "30" else "20")
                     + digits[0], "DATE")
    if dct is None:
        return _unanchored(f)
    return _relative(f, dct, direction)


def _unanchored(f: dict[str, Any]) -> Value | None:
    """Without a reference date only a weekday keeps a (partial) value."""
    if f.get("wd") is not None:
        return Value(f"XXXX-WXX-{f['wd'] + 1}", "DATE")
    return None


def _duration(f: dict[str, Any]) -> Value | None:
    unit, n = (f.get("unit") or "").rstrip("+"), f.get("num")
    if not unit or n is None:
        return None
    amount = "X" if int(n) == 0 else str(int(n))
    if unit == "DE":
        return Value(f"P{amount}0Y" if amount != "X" else "PXDE", "DURATION")
    if unit in ("H",):
        return Value(f"PT{amount}H", "DURATION")
    return Value(f"P{amount}{'W' if unit == 'WE' else unit[0]}", "DURATION")


def _set(f: dict[str, Any]) -> Value | None:
    if f.get("setw"):
        return Value(f["setw"], "SET")
    if f.get("wd") is not None:
        return Value(f"XXXX-WXX-{f['wd'] + 1}", "SET")
    unit = (f.get("unit") or "").rstrip("+")
    return Value(f"P1{unit[0]}", "SET") if unit else None


def _clock(f: dict[str, Any], dct: dt.date | None) -> Value | None:
    hour, minute = int(f["hour"]), int(f.get("minute") or 0)
    ampm = (f.get("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    day = dct.strftime(ISO_DATE) if dct else "XXXX-XX-XX"
    # A clock time alone does not say which day: no `date` (the value assumes the DCT's).
    return Value(f"{day}T{hour:02d}:{minute:02d}", "TIME")
