"""Due dates in working days, with a made-up calendar and with the shipped file's format."""

import json
from datetime import date

import pytest

from villagedesk.core.errors import UserError
from villagedesk.core.workdays import (
    WorkCalendar,
    add_working_days,
    load_calendar,
    working_days_between,
)
from villagedesk.resources import calendar_path

PLAIN = WorkCalendar(set(), set())
# A made-up week: Wed 2030-05-01 to Fri 05-03 off, Sat 05-04 worked.
MADE_UP = WorkCalendar({date(2030, 5, 1), date(2030, 5, 2), date(2030, 5, 3)}, {date(2030, 5, 4)})


def test_zero_days_is_the_same_day():
    assert add_working_days(date(2030, 4, 27), 0, PLAIN) == date(2030, 4, 27)  # even a Saturday


def test_weekends_are_skipped():
    fri = date(2030, 4, 26)
    assert add_working_days(fri, 1, PLAIN) == date(2030, 4, 29)  # Monday
    assert add_working_days(fri, 5, PLAIN) == date(2030, 5, 3)
    assert add_working_days(date(2030, 4, 27), 1, PLAIN) == date(2030, 4, 29)  # from a Saturday


def test_holidays_and_adjusted_workdays():
    tue = date(2030, 4, 30)
    assert add_working_days(tue, 1, MADE_UP) == date(2030, 5, 4)  # the worked Saturday
    assert add_working_days(tue, 2, MADE_UP) == date(2030, 5, 6)
    assert add_working_days(date(2030, 4, 29), 3, MADE_UP) == date(2030, 5, 6)
    assert working_days_between(tue, date(2030, 5, 6), MADE_UP) == 2
    assert working_days_between(tue, tue, MADE_UP) == 0
    with pytest.raises(ValueError):
        add_working_days(tue, -1, MADE_UP)


def test_desk_additions():
    local = MADE_UP.with_additions(holidays={date(2030, 5, 6)})
    assert add_working_days(date(2030, 4, 30), 2, local) == date(2030, 5, 7)
    assert add_working_days(date(2030, 4, 30), 2, MADE_UP) == date(2030, 5, 6)  # unchanged


def test_load_made_up_calendar():
    cal = load_calendar({"source": "测试", "years": {"2030": {
        "holidays": ["2030-05-01/2030-05-03", "2030-10-01"], "workdays": ["2030-05-04"]}}})
    assert cal.holidays == {date(2030, 5, 1), date(2030, 5, 2), date(2030, 5, 3), date(2030, 10, 1)}
    assert cal.extra_workdays == {date(2030, 5, 4)}
    assert cal.knows_year(2030) and not cal.knows_year(2031)
    assert load_calendar({"years": {}}).holidays == frozenset()


@pytest.mark.parametrize(
    "data, key",
    [
        ([], "文件内容"),
        ({"year": {}}, "year"),
        ({"years": {"30": {}}}, "years.30"),
        ({"years": {"2030": {"holiday": []}}}, "years.2030.holiday"),
        ({"years": {"2030": {"holidays": "2030-05-01"}}}, "years.2030.holidays"),
        ({"years": {"2030": {"holidays": ["2030-02-30"]}}}, "years.2030.holidays[0]"),
        ({"years": {"2030": {"holidays": ["2030-05-03/2030-05-01"]}}}, "years.2030.holidays[0]"),
        ({"years": {"2030": {"holidays": ["2031-01-01"]}}}, "years.2030.holidays[0]"),
        ({"years": {"2030": {"workdays": ["2030-05-06"]}}}, "years.2030.workdays"),  # a Monday
        ({"years": {"2030": {"holidays": ["2030-05-04"], "workdays": ["2030-05-04"]}}}, "years.2030"),
    ],
)
def test_wrong_calendar_names_the_key(data, key):
    with pytest.raises(UserError) as info:
        load_calendar(data)
    assert info.value.where == "holidays.json"
    assert info.value.message.startswith(key)


def test_shipped_calendar_loads_and_has_2026():
    cal = load_calendar(json.loads(calendar_path().read_text(encoding="utf-8")))
    assert cal.knows_year(2026)
    assert date(2026, 10, 1) in cal.holidays and date(2026, 2, 14) in cal.extra_workdays
    # accepted on the Friday before the Spring Festival: the 14th is worked, the 15th–23rd are off
    assert add_working_days(date(2026, 2, 13), 1, cal) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 13), 3, cal) == date(2026, 2, 25)
