"""Dates in Chinese numerals as certificates are signed."""

from datetime import date

import pytest

from villagedesk.core.cn_date import (
    arabic_date,
    arabic_year_month,
    chinese_date,
    chinese_number,
    chinese_year_month,
)


@pytest.mark.parametrize(
    "d, text",
    [
        (date(2026, 11, 23), "二〇二六年十一月二十三日"),
        (date(2026, 1, 1), "二〇二六年一月一日"),
        (date(2030, 10, 10), "二〇三〇年十月十日"),
        (date(2000, 12, 31), "二〇〇〇年十二月三十一日"),
        (date(1999, 2, 20), "一九九九年二月二十日"),
        (date(2026, 3, 19), "二〇二六年三月十九日"),
    ],
)
def test_chinese_date(d, text):
    assert chinese_date(d) == text
    assert "零" not in chinese_date(d)


def test_every_day_of_a_leap_year_reads_back():
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}

    def counted(s):
        if "十" not in s:
            return digits[s]
        tens, _, ones = s.partition("十")
        return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)

    d = date(2024, 1, 1)
    while d.year == 2024:
        text = chinese_date(d)
        year, rest = text.split("年")
        month, rest = rest.split("月")
        assert "".join(str(digits[c]) for c in year) == "2024"
        assert counted(month) == d.month and counted(rest.removesuffix("日")) == d.day
        d = date.fromordinal(d.toordinal() + 1)


def test_year_month_and_numbers():
    assert chinese_year_month(2026, 11) == "二〇二六年十一月"
    assert chinese_year_month(2019, 3) == "二〇一九年三月"
    assert [chinese_number(n) for n in (1, 10, 11, 20, 23, 31)] == ["一", "十", "十一", "二十", "二十三", "三十一"]
    with pytest.raises(ValueError):
        chinese_year_month(2026, 13)
    assert arabic_date(date(2019, 3, 5)) == "2019年3月5日"
    assert arabic_year_month(2019, 3) == "2019年3月"
