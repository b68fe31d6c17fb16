"""Working days for 限时办结 due dates (policy/jilin-yanbian-plan.txt 第10条: 复杂证明限时办结).

Saturdays and Sundays are off, except the adjusted working days (调休上班) of the State
Council's yearly notice; its holidays are off. The schedule is data a county officer fills
in (resources/calendar/holidays.json), never guessed: a year missing from it is reported by
`WorkCalendar.knows_year`, so the service can say the due date counts weekends only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from villagedesk.core.errors import UserError


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()  # weekend days worked (调休上班)
    years: frozenset[int] = frozenset()  # years whose official schedule is filled in
    source: str = ""

    def __init__(self, holidays: Iterable[date] = (), extra_workdays: Iterable[date] = (),
                 years: Iterable[int] = (), source: str = ""):
        object.__setattr__(self, "holidays", frozenset(holidays))
        object.__setattr__(self, "extra_workdays", frozenset(extra_workdays))
        object.__setattr__(self, "years", frozenset(years))
        object.__setattr__(self, "source", source)

    def is_working_day(self, d: date) -> bool:
        if d in self.extra_workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5

    def knows_year(self, year: int) -> bool:
        return year in self.years

    def with_additions(self, holidays: Iterable[date] = (), extra_workdays: Iterable[date] = ()) -> WorkCalendar:
        """This calendar plus a desk's own days (e.g. a local festival the county declared)."""
        return WorkCalendar(self.holidays | frozenset(holidays), self.extra_workdays | frozenset(extra_workdays),
                            self.years, self.source)


def add_working_days(start: date, n: int, calendar: WorkCalendar) -> date:
    """The n-th working day after `start` (0 → start itself: 当场)."""
    if n < 0:
        raise ValueError(f"n must not be negative: {n}")
    day = start
    while n:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date, calendar: WorkCalendar) -> int:
    """How many working days lie after `start` up to and including `end` (0 when end ≤ start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


def load_calendar(data: dict, *, source_name: str = "holidays.json") -> WorkCalendar:
    """Read the holidays.json document; a wrong entry raises UserError naming its key."""

    def fail(key: str, message: str):
        raise UserError(f"{key} {message}", where=source_name)

    if not isinstance(data, dict):
        raise UserError("文件内容应为 JSON 对象 {\"source\": …, \"years\": {…}}", where=source_name)
    unknown = set(data) - {"source", "note", "years"}
    if unknown:
        fail(min(unknown), "不是可用的键（可用：source、note、years）")
    source = data.get("source", "")
    if not isinstance(source, str):
        fail("source", "应为文字")
    years = data.get("years", {})
    if not isinstance(years, dict):
        fail("years", "应为对象，键是年份，如 \"2026\"")

    holidays: set[date] = set()
    workdays: set[date] = set()
    known: set[int] = set()
    for year_text, entry in years.items():
        key = f"years.{year_text}"
        if not (isinstance(year_text, str) and year_text.isascii() and year_text.isdigit() and len(year_text) == 4):
            fail(key, "年份应为 4 位数字，如 \"2026\"")
        year = int(year_text)
        if not isinstance(entry, dict):
            fail(key, "应为对象 {\"holidays\": […], \"workdays\": […]}")
        unknown = set(entry) - {"holidays", "workdays", "source", "note"}
        if unknown:
            fail(f"{key}.{min(unknown)}", "不是可用的键（可用：holidays、workdays、source、note）")
        year_holidays = _dates(entry.get("holidays", []), f"{key}.holidays", year, fail)
        year_workdays = _dates(entry.get("workdays", []), f"{key}.workdays", year, fail)
        for d in sorted(year_workdays):
            if d.weekday() < 5:
                fail(f"{key}.workdays", f"{d.isoformat()} 是星期{'一二三四五'[d.weekday()]}，本来就是工作日；调休上班日应为周六或周日")
        both = year_holidays & year_workdays
        if both:
            fail(key, f"{min(both).isoformat()} 既列为放假又列为上班")
        holidays |= year_holidays
        workdays |= year_workdays
        known.add(year)
    return WorkCalendar(holidays, workdays, known, source)


def _dates(entries, key: str, year: int, fail) -> set[date]:
    """Entries are ISO dates "2026-10-01" or ranges "2026-10-01/2026-10-07"."""
    if not isinstance(entries, list):
        fail(key, "应为列表，如 [\"2026-10-01/2026-10-07\"]")
    out: set[date] = set()
    for i, text in enumerate(entries):
        where = f"{key}[{i}]"
        if not isinstance(text, str):
            fail(where, "应为日期文字，如 \"2026-10-01\" 或 \"2026-10-01/2026-10-07\"")
        parts = text.split("/")
        if len(parts) > 2:
            fail(where, f"“{text}”不是日期或日期范围")
        try:
            first, last = date.fromisoformat(parts[0].strip()), date.fromisoformat(parts[-1].strip())
        except ValueError:
            fail(where, f"“{text}”不是有效日期（格式 YYYY-MM-DD）")
        if last < first:
            fail(where, f"“{text}”的结束日期早于开始日期")
        if first.year != year or last.year != year:
            fail(where, f"“{text}”不在 {year} 年内")
        day = first
        while day <= last:
            out.add(day)
            day += timedelta(days=1)
    return out
