"""The payload in the PDF's document information: read back without rasterising; a PDF that
is not ours gives None; a file that is not a readable PDF gives a Chinese error naming it."""

import os

import pytest

from villagedesk.core.errors import UserError
from villagedesk.render.pdf_meta import KEY, read_payload, set_payload

PAYLOAD = "VD1:6BFOXN*TS0BI$ZD.P9UOL97O4-2HH77HRM3DSPTLRR+%3"


def make_pdf(path, payload=None, **canvas_args):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), **canvas_args)
    c.setTitle("居住证明")
    c.setSubject("风平村证〔2026〕12号")
    if payload is not None:
        set_payload(c, payload)
    c.drawString(72, 720, "hello")
    c.save()
    return path


def test_round_trip_keeps_the_other_information(tmp_path):
    from pypdf import PdfReader

    path = make_pdf(tmp_path / "ours.pdf", PAYLOAD)
    assert read_payload(path) == PAYLOAD
    info = PdfReader(path).metadata
    assert info["/" + KEY] == PAYLOAD
    assert info["/Keywords"] == PAYLOAD  # what a PDF viewer shows under document properties
    assert info["/Title"] == "居住证明" and info["/Subject"] == "风平村证〔2026〕12号"


def test_a_pdf_that_is_not_ours_gives_none(tmp_path):
    assert read_payload(make_pdf(tmp_path / "foreign.pdf")) is None


@pytest.mark.parametrize("content, words", [
    (b"", "0 字节"),
    (os.urandom(4096), "不是 PDF"),
    (b"PK\x03\x04 a zip file, renamed", "不是 PDF"),
])
def test_files_that_are_not_pdfs_are_named(tmp_path, content, words):
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(content)
    with pytest.raises(UserError) as err:
        read_payload(path)
    assert words in err.value.message
    assert err.value.where == str(path)


def test_a_truncated_pdf_is_named_incomplete(tmp_path):
    whole = make_pdf(tmp_path / "whole.pdf", PAYLOAD).read_bytes()
    for cut in (len(whole) // 2, len(whole) - 40, 20):
        path = tmp_path / f"cut{cut}.pdf"
        path.write_bytes(whole[:cut])
        with pytest.raises(UserError) as err:
            read_payload(path)
        assert "不完整" in err.value.message and err.value.where == str(path)


def test_a_damaged_pdf_with_an_ending_is_refused_not_crashed(tmp_path):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\n" + os.urandom(3000) + b"\n%%EOF\n")
    try:
        assert read_payload(path) is None
    except UserError as err:
        assert err.where == str(path)


def test_an_encrypted_pdf_is_refused(tmp_path):
    path = make_pdf(tmp_path / "locked.pdf", PAYLOAD, encrypt="secret")
    with pytest.raises(UserError) as err:
        read_payload(path)
    assert "加密" in err.value.message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(UserError, match="不存在"):
        read_payload(tmp_path / "nowhere.pdf")
    with pytest.raises(UserError, match="文件夹"):
        read_payload(tmp_path)
