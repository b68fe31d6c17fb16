"""证明核验 page, issue #9: the signed fields are listed for the checker to hold against the
paper, and the new answers (not in the ledger, several codes, unknown algorithm) show."""

from __future__ import annotations

import pytest

from villagedesk.core import base45
from villagedesk.core.payload import PREFIX, unpack
from villagedesk.services import catalogue, certificates
from villagedesk.ui.common import RED
from villagedesk.ui.pages.verify_page import AMBER, GREEN


@pytest.fixture
def verify_page(window, qtbot):
    page = window.open_page("verify", focus=True)
    yield page
    if page.operation is not None:
        page.operation.wait()


@pytest.fixture
def issued(gui_session, tmp_path) -> dict:
    code = next(i["code"] for i in catalogue.list_items(gui_session, "cert_retained") if i["title"] == "居（租）住证明")
    prepared = certificates.prepare(gui_session, code)
    values = {"subject_name": "王芳", "subject_id": "11010519491231002X", "purpose": "办理居住证",
              "address": "风平镇风平村三组12号", "residence_type": "租住", "since": "2019-03"}
    return certificates.issue(gui_session, item_code=code, values=values, materials=[prepared["materials"][0]],
                              handler="李明", out=tmp_path / "cert.pdf")


def test_the_signed_fields_are_listed_to_compare_with_the_paper(verify_page, qtbot, issued):
    page = verify_page
    page.scan_field.setText(issued["payload"])
    page.verify_scanned()
    assert page.answer["status"] == "valid" and GREEN in page.status_label.styleSheet()
    text = page.answer_text()
    for shown in ("签名的内容（请与纸面逐项核对）", "正文", "风平镇风平村三组12号", "用途", "办理居住证", "11010519491231002X",
                  issued["number"], "出具单位"):
        assert shown in text, shown


def test_a_payload_in_an_unknown_algorithm_and_a_number_not_in_the_ledger(verify_page, qtbot, issued, gui_session):
    from dataclasses import replace

    from villagedesk.core.payload import read_fields, seal
    from villagedesk.store import key_store

    page = verify_page
    genuine = unpack(issued["payload"])
    page.scan_field.setText(PREFIX + base45.encode(bytes([1, 7]) + genuine.signed_bytes[2:] + genuine.signature))
    page.verify_scanned()
    assert page.status_label.text() == "不支持的签名算法" and AMBER in page.status_label.styleSheet()
    assert "编号 7" in page.explanation.text()
    desk = gui_session.require_desk()
    signer = key_store.own_signer(gui_session.db, office_code=desk.region_code, office_name=desk.name)
    ghost = replace(read_fields(genuine), number=issued["number"].replace("1号", "98号"))
    page.scan_field.setText(seal(ghost, key_id=signer.key_id, sign=signer.sign))
    page.verify_scanned()
    assert page.status_label.text() == "台账中无此编号" and RED in page.status_label.styleSheet()
    assert "找不到这个编号" in page.answer_text()


def test_a_photo_says_it_can_only_vouch_for_the_code(verify_page, qtbot, issued, tmp_path):
    import pypdfium2

    page = verify_page
    image = pypdfium2.PdfDocument(issued["pdf"])[0].render(scale=150 / 72).to_pil()
    image.save(tmp_path / "photo.png")
    page.open_image(str(tmp_path / "photo.png"))
    qtbot.waitUntil(lambda: page.operation is None and page.answer is not None, timeout=20000)
    assert page.answer["status"] == "valid"
    assert "照片只能核验二维码；请核对纸面内容与下列签名内容一致" in page.answer_text()
