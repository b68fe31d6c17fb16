"""Dates written out in Chinese numerals, as village certificates sign them (二〇二六年十一月二十三日).

Years are read digit by digit with 〇 for zero (never 零); months and days are counted
(十一, 二十三, 三十一). Body text uses Arabic numerals (2019年3月), as GB/T 9704-2012 does.
"""

from __future__ import annotations

from datetime import date

_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1–99 counted: 一, 十, 十一, 二十, 二十三."""
    if not 1 <= n <= 99:
        raise ValueError(f"only 1–99 are counted, not {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def chinese_year(year: int) -> str:
    return "".join(_DIGITS[int(d)] for d in str(year))


def chinese_date(d: date) -> str:
    return f"{chinese_year(d.year)}年{chinese_number(d.month)}月{chinese_number(d.day)}日"


def chinese_year_month(year: int, month: int) -> str:
    if not 1 <= month <= 12:
        raise ValueError(f"month {month}")
    return f"{chinese_year(year)}年{chinese_number(month)}月"


def arabic_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def arabic_year_month(year: int, month: int) -> str:
    return f"{year}年{month}月"
