"""Issue #8 item 2: a voided certificate never prints as a valid one. A reprint of a voided
number carries a large 作废, the void's date and reason (and the replacement's number) and
【已作废】 in the PDF title, its QR code kept (a scan says voided); a valid reprint is as the
first print; an unknown number is refused in Chinese with nothing written."""

from datetime import date

import pypdf
import pytest

from villagedesk.core.errors import UserError
from villagedesk.services import certificates
from villagedesk.services.verification import verify_image, verify_ledger, verify_pdf

TODAY = date(2026, 11, 23)
RESIDENCE = "533103-BL-01"


def values(**more) -> dict:
    v = {"subject_name": "王芳", "subject_id": "11010519491231002X", "purpose": "子女入学", "addressee": "芒市教育体育局",
         "address": "风平镇风平村三组12号", "residence_type": "租住", "since": "2019-03", "owner": "李四"}
    v.update(more)
    return v


def issue(session, tmp_path, name="first.pdf", **kw):
    return certificates.issue(session, item_code=RESIDENCE, values=values(), materials=["申请人居民身份证"],
                              handler="张丽", today=TODAY, out=tmp_path / name, **kw)


def text_of(path) -> str:
    return "".join("".join(p.extract_text() for p in pypdf.PdfReader(path).pages).split())  # lines wrap anywhere


def title_of(path) -> str:
    return pypdf.PdfReader(path).metadata.title


def test_a_valid_reprint_is_the_first_print_again(demo_session, tmp_path):
    first = issue(demo_session, tmp_path)
    again = certificates.reprint(demo_session, first["number"], out=tmp_path / "again.pdf")
    assert again["voided"] is False and again["void_notice"] == ""
    assert text_of(again["pdf"]) == text_of(first["pdf"])
    assert title_of(again["pdf"]) == title_of(first["pdf"]) and "作废" not in title_of(again["pdf"])
    # byte for byte, but for reportlab's time stamps and document id
    strip = lambda b: b.split(b"/CreationDate")[0]  # noqa: E731
    assert strip((tmp_path / "again.pdf").read_bytes()) == strip((tmp_path / "first.pdf").read_bytes())


def test_a_voided_certificate_reprints_marked_with_date_reason_and_its_qr(demo_session, tmp_path):
    import pypdfium2

    first = issue(demo_session, tmp_path)
    certificates.void(demo_session, first["number"], reason="地址写错", handler="张丽", today=date(2026, 11, 25))
    again = certificates.reprint(demo_session, first["number"], out=tmp_path / "voided.pdf")
    assert again["voided"] is True and again["status"] == "voided"
    text = text_of(again["pdf"])
    assert "本证明已于2026年11月25日作废，原因：地址写错。" in text
    assert "作废" in text.replace("本证明已于", "")  # the big mark is text too
    assert title_of(again["pdf"]).startswith("【已作废】")
    assert "已作废" in pypdf.PdfReader(again["pdf"]).metadata.subject
    assert verify_pdf(demo_session, again["pdf"])["status"] == "voided"
    # the QR code is still readable on paper, and says voided
    image = pypdfium2.PdfDocument(again["pdf"])[0].render(scale=150 / 72).to_pil()
    image.save(tmp_path / "scan.png")
    assert verify_image(demo_session, tmp_path / "scan.png")["status"] == "voided"
    # the big mark is red and covers the middle of the page
    small = image.convert("RGB").resize((60, 85))
    reddish = sum(1 for x in range(60) for y in range(85) if (lambda p: p[0] > 200 and p[1] < 200 and p[2] < 200)(small.getpixel((x, y))))
    assert reddish > 150


def test_a_reissued_certificate_names_its_replacement(demo_session, tmp_path):
    first = issue(demo_session, tmp_path)
    second = certificates.issue(demo_session, item_code=RESIDENCE, values=values(address="风平镇风平村三组15号"),
                                materials=["申请人居民身份证"], handler="张丽", today=TODAY, out=tmp_path / "second.pdf",
                                replaces_number=first["number"], void_reason="门牌号有误")
    again = certificates.reprint(demo_session, first["number"], out=tmp_path / "old.pdf")
    text = text_of(again["pdf"])
    assert f"原因：门牌号有误；重新出具的编号：{second['number']}。" in text
    assert again["status"] == "reissued"
    # the replacement itself reprints valid
    new = certificates.reprint(demo_session, second["number"], out=tmp_path / "new.pdf")
    assert new["voided"] is False and "作废" not in title_of(new["pdf"])
    assert verify_ledger(demo_session)["ok"]


def test_a_long_void_reason_still_fits_the_top_margin(demo_session, tmp_path):
    first = issue(demo_session, tmp_path)
    certificates.void(demo_session, first["number"], reason="经核实" + "申请人提供的租房合同与实际居住地址不一致，" * 9,
                      handler="张丽")
    again = certificates.reprint(demo_session, first["number"], out=tmp_path / "long.pdf")
    assert len(pypdf.PdfReader(again["pdf"]).pages) == 1
    assert "本证明已于" in text_of(again["pdf"])


@pytest.mark.parametrize("number", ["风平村证〔2026〕9号", "", "   ", "风平村证（2026）1号", "演示村证〔2026〕1号"])
def test_an_unknown_number_is_refused_in_chinese_and_nothing_written(demo_session, demo_dir, tmp_path, snapshot, number):
    issue(demo_session, tmp_path)
    before = snapshot(demo_dir / "desk.sqlite3")
    with pytest.raises(UserError) as err:
        certificates.reprint(demo_session, number, out=tmp_path / "x.pdf")
    assert "编号" in err.value.message
    assert not (tmp_path / "x.pdf").exists()
    assert snapshot(demo_dir / "desk.sqlite3") == before


def test_a_refusal_notice_reprints_and_the_void_mark_draws_on_it_too(demo_session, tmp_path):
    from villagedesk.render.refusal_notice import render_refusal_notice

    refused = certificates.refuse(demo_session, applicant="李四", handler="张丽", item_code="CN-BY-05", today=TODAY,
                                  out=tmp_path / "notice.pdf")
    again = certificates.reprint(demo_session, refused["number"], out=tmp_path / "notice2.pdf")
    assert again["voided"] is False and text_of(again["pdf"]) == text_of(refused["pdf"])
    from villagedesk.store import ledger_store

    entry = ledger_store.get_by_number(demo_session.db, refused["number"])
    doc = {**certificates.refusal_doc(entry, demo_session.require_desk()),
           "voided": "本证明已于2026年11月25日作废，原因：申请人姓名有误。"}
    render_refusal_notice(doc, tmp_path / "voided-notice.pdf")
    assert title_of(tmp_path / "voided-notice.pdf").startswith("【已作废】")
    assert "原因：申请人姓名有误" in text_of(tmp_path / "voided-notice.pdf")
