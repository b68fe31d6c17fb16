"""The `language` setting: Chinese (zh_CN) by default, English (en) on request, nothing else."""

from __future__ import annotations

import pytest

from villagedesk.core.errors import UserError
from villagedesk.services import settings
from villagedesk.services.session import Session
from villagedesk.store import desk_store
from villagedesk.store.db import DB_FILENAME


def test_the_default_is_chinese(demo_session):
    saved = settings.get_settings(demo_session)
    assert (saved["font_scale"], saved["language"]) == (1.0, "zh_CN")


def test_english_is_saved_and_kept(demo_session, demo_dir):
    assert settings.set_setting(demo_session, "language", "en")["language"] == "en"
    with Session(demo_dir) as again:
        assert settings.get_settings(again)["language"] == "en"
    assert settings.set_setting(demo_session, "language", "zh_CN")["language"] == "zh_CN"


@pytest.mark.parametrize("written, saved", [
    ("EN", "en"), (" en ", "en"), ("English", "en"), ("zh-CN", "zh_CN"), ("zh_cn", "zh_CN"), ("中文", "zh_CN"),
])
def test_the_usual_spellings_are_understood(demo_session, written, saved):
    assert settings.set_setting(demo_session, "language", written)["language"] == saved


@pytest.mark.parametrize("value", ["fr", "", None, "zh", 1.0])
def test_other_values_are_refused_in_chinese_and_change_nothing(demo_session, snapshot, demo_dir, value):
    before = snapshot(demo_dir / DB_FILENAME)
    with pytest.raises(UserError) as err:
        settings.set_setting(demo_session, "language", value)
    assert "界面语言" in err.value.message and "zh_CN" in err.value.message and "en" in err.value.message
    assert settings.get_settings(demo_session)["language"] == "zh_CN"
    assert snapshot(demo_dir / DB_FILENAME) == before


def test_an_unknown_stored_language_falls_back_to_chinese(demo_session):
    desk_store.set_setting(demo_session.db, "language", "klingon")  # written by some other version
    assert settings.get_settings(demo_session)["language"] == "zh_CN"


def test_font_scale_works_as_before(demo_session):
    after = settings.set_setting(demo_session, "font-scale", "1.25")
    assert (after["font_scale"], after["language"]) == (1.25, "zh_CN")
    settings.set_setting(demo_session, "language", "en")
    saved = settings.get_settings(demo_session)
    assert (saved["font_scale"], saved["language"]) == (1.25, "en")
    with pytest.raises(UserError, match="应为数字"):
        settings.set_setting(demo_session, "font_scale", "en")
    with pytest.raises(UserError, match="之间"):
        settings.set_setting(demo_session, "font_scale", 3)
    with pytest.raises(UserError, match="未知的设置项"):
        settings.set_setting(demo_session, "colour", "red")


def test_the_cli_sets_the_language(cli, demo_dir):
    out = cli("settings", "set", "language", "en", data_dir=demo_dir, check_exit=0).stdout
    assert "language = en" in out
    assert "language = en" in cli("settings", "show", data_dir=demo_dir, check_exit=0).stdout
    refused = cli("settings", "set", "language", "fr", data_dir=demo_dir, check_exit=2)
    assert "界面语言" in refused.stderr and refused.stdout == ""
