"""证明核验 page at a township: the answer about a village's certificate says it comes from the
ledger received by bundle, and a number not yet received shows amber, not green."""

from __future__ import annotations

import pytest

from tests.services.test_certificates import RESIDENCE, TODAY, residence_values
from tests.sync.conftest import TOWNSHIP, key_print
from villagedesk.services import certificates, desk, sync
from villagedesk.services.session import Session
from villagedesk.services.verification import verify_text
from villagedesk.ui.pages.verify_page import AMBER, GREEN


def _issue(session, tmp_path, name: str):
    return certificates.issue(session, item_code=RESIDENCE, values=residence_values(), materials=["申请人居民身份证"],
                              handler="张丽", today=TODAY, out=tmp_path / name)


@pytest.fixture
def township(tmp_path):
    with Session(tmp_path / "township") as session:
        desk.init_desk(session, region_code=TOWNSHIP, name="芒市风平镇人民政府", level="township", short_name="风平镇",
                       jurisdiction="yunnan-dehong")
        yield session


def test_the_township_answer_names_the_ledger_received(window, qtbot, gui_session, township, tmp_path):
    page = window.open_page("verify", focus=True)
    held = _issue(gui_session, tmp_path, "a.pdf")
    stick = tmp_path / "stick"
    stick.mkdir()
    bundle = sync.export_bundle(gui_session, stick)
    sync.import_bundle(township, bundle["file"], trust_fingerprint=key_print(bundle["file"]))
    late = _issue(gui_session, tmp_path, "b.pdf")
    page.show_answer(verify_text(township, held.payload))
    assert GREEN in page.status_label.styleSheet() and "本机收到的台账" in page.answer_text()
    page.show_answer(verify_text(township, late.payload))
    assert page.status_label.text() == "签名真实，台账未能确认" and AMBER in page.status_label.styleSheet()
    text = page.answer_text()
    assert "本机收到的台账" in text and "尚未收到这个编号" in text and "找不到这个编号" not in text
