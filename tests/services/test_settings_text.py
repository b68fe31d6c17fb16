"""Settings that are checked text: number formats, the office telephone, extra holidays."""

import pytest

from villagedesk.core.errors import UserError
from villagedesk.services import settings


def test_number_format_is_checked_and_used(demo_session):
    assert settings.number_template(demo_session, "cert") == "{村简称}证〔{年}〕{n}号"
    settings.set_setting(demo_session, "cert-number-format", "{村简称}证明〔{年}〕{n}号")
    assert settings.number_template(demo_session, "cert") == "{村简称}证明〔{年}〕{n}号"
    for bad in ("{村简称}证〔{年}〕号", "{村名}证〔{年}〕{n}号", "证\x07〔{年}〕{n}号"):
        with pytest.raises(UserError):
            settings.set_setting(demo_session, "cert-number-format", bad)
    assert settings.number_template(demo_session, "cert") == "{村简称}证明〔{年}〕{n}号"


def test_phone_and_holidays(demo_session):
    assert settings.set_setting(demo_session, "office-phone", "0692-1234567")["office_phone"] == "0692-1234567"
    with pytest.raises(UserError):
        settings.set_setting(demo_session, "office-phone", "请拨打")
    saved = settings.set_setting(demo_session, "holidays", "2027-01-01，2027-02-05,2027-01-01")
    assert saved["holidays"] == ["2027-01-01", "2027-02-05"]
    with pytest.raises(UserError, match="2027-13-01"):
        settings.set_setting(demo_session, "holidays", "2027-13-01")
