"""QR codes read back from real image files: clean, scanned at 150 dpi, photographed, broken."""

import io
from dataclasses import replace
from datetime import date
from functools import cache

import pytest
import qrcode
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image, ImageDraw, ImageFilter

from villagedesk.core.errors import UserError
from villagedesk.core.payload import (
    PayloadFields,
    content_digest,
    key_id_for,
    read_fields,
    seal,
    unpack,
    verify_envelope,
)
from villagedesk.render.qr_scan import read_qr_texts, read_qr_texts_from_image

PRIVATE = Ed25519PrivateKey.generate()
PUBLIC = PRIVATE.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
FIELDS = PayloadFields("certificate", "533103105201", "风平村证〔2026〕12号", "CN-BY-05", date(2026, 3, 14),
                       "张𠮷", "533103********123X", content_digest({"n": 12}))
TEXT = seal(FIELDS, key_id=key_id_for(PUBLIC), sign=PRIVATE.sign)
# the largest realistic code: version 13, the worst case for a 150 dpi scan
LONG_TEXT = seal(replace(FIELDS, holder_name="欧阳𠮷𡈼", number="芒市风平镇风平村村民委员会证明专用〔2026〕第12345号",
                         item_code="YN-DH-MS-FP-CERT-012"), key_id=key_id_for(PUBLIC), sign=PRIVATE.sign)


def _qr_image(text: str, box: int = 8) -> Image.Image:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, box_size=box, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.make_image().get_image().convert("L")


def _scanned_page(text: str, dpi: int = 150, qr_cm: float = 3.0, angle: float = 1.5, blur: float = 0.7) -> Image.Image:
    """An A4 page scanned at `dpi` with the code about 3 cm wide (quiet zone included) at the
    bottom right, a little tilted and soft, as an office scanner delivers it."""
    page = Image.new("L", (round(21 / 2.54 * dpi), round(29.7 / 2.54 * dpi)), 255)
    draw = ImageDraw.Draw(page)
    for y in range(150, 900, 40):  # lines of "text"
        draw.rectangle((120, y, page.width - 120, y + 12), fill=40)
    side = round(qr_cm / 2.54 * dpi)
    code = _qr_image(text).resize((side, side), Image.Resampling.BOX)
    page.paste(code, (page.width - side - 150, page.height - side - 200))
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return page.filter(ImageFilter.GaussianBlur(blur))


def _assert_genuine(texts: list[str], expected: str = TEXT) -> None:
    assert texts == [expected]
    envelope = unpack(texts[0])
    assert verify_envelope(envelope, PUBLIC)
    assert read_fields(envelope).number.startswith(("风平村证", "芒市"))


def test_png_reads_back_the_sealed_payload(tmp_path):
    path = tmp_path / "证明.png"
    _qr_image(TEXT).save(path)
    _assert_genuine(read_qr_texts(path))


@pytest.mark.parametrize("text", [TEXT, LONG_TEXT], ids=["typical", "version13"])
def test_a_150_dpi_scan_tilted_and_soft_still_decodes(tmp_path, text):
    path = tmp_path / "扫描件.png"
    _scanned_page(text, blur=1.0).save(path, dpi=(150, 150))
    _assert_genuine(read_qr_texts(path), text)


def test_a_phone_photo_as_jpeg(tmp_path):
    path = tmp_path / "手机照片.jpg"
    photo = _scanned_page(TEXT, dpi=200, angle=-7, blur=1.0).convert("RGB")
    photo.save(path, quality=60)
    _assert_genuine(read_qr_texts(path))


def test_bmp_and_a_multi_page_tiff(tmp_path):
    bmp = tmp_path / "a.bmp"
    _qr_image(TEXT, box=3).convert("RGB").save(bmp)
    _assert_genuine(read_qr_texts(bmp))
    tiff = tmp_path / "b.tif"
    blank = Image.new("1", (600, 800), 1)  # a fax-style black-and-white scan: the code is on page 2
    page = _scanned_page(TEXT).point(lambda v: 255 if v > 128 else 0).convert("1", dither=Image.Dither.NONE)
    blank.save(tiff, save_all=True, append_images=[page], compression="group4")
    _assert_genuine(read_qr_texts(tiff))


def test_several_codes_each_once_and_none(tmp_path):
    other = "https://example.com/not-ours"
    sheet = Image.new("L", (1200, 700), 255)
    sheet.paste(_qr_image(TEXT, box=4), (20, 20))
    sheet.paste(_qr_image(other, box=4), (700, 20))
    assert set(read_qr_texts_from_image(sheet)) == {TEXT, other}
    twice = Image.new("L", (1200, 700), 255)
    twice.paste(_qr_image(TEXT, box=4), (20, 20))
    twice.paste(_qr_image(TEXT, box=4), (650, 20))
    assert read_qr_texts_from_image(twice) == [TEXT]
    path = tmp_path / "空白.png"
    page = Image.new("RGB", (800, 600), "white")
    ImageDraw.Draw(page).rectangle((100, 100, 300, 300), fill="black")
    page.save(path)
    assert read_qr_texts(path) == []


def test_modes_transparency_and_sixteen_bit():
    code = _qr_image(TEXT, box=4)
    on_glass = Image.new("RGBA", code.size, (0, 0, 0, 0))
    on_glass.putalpha(code.point(lambda v: 255 - v))  # black modules on a transparent background
    assert read_qr_texts_from_image(on_glass) == [TEXT]
    assert read_qr_texts_from_image(code.convert("1")) == [TEXT]
    assert read_qr_texts_from_image(code.convert("P")) == [TEXT]
    assert read_qr_texts_from_image(code.convert("CMYK")) == [TEXT]
    sixteen = code.point(lambda v: v * 257, "I").convert("I;16")
    assert read_qr_texts_from_image(sixteen) == [TEXT]


def test_a_soft_low_resolution_scan_is_retried_larger_and_sharpened():
    # 120 dpi, blurred: about 2 px a module, which the first passes miss
    _assert_genuine(read_qr_texts_from_image(_scanned_page(TEXT, dpi=120, blur=1.0)))


def test_a_small_low_resolution_crop():
    code = _qr_image(TEXT, box=8)
    small = code.resize((code.width * 2 // 8, code.height * 2 // 8), Image.Resampling.BILINEAR)  # 2 px a module
    assert read_qr_texts_from_image(small.filter(ImageFilter.GaussianBlur(0.4))) == [TEXT]


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda p: p.write_bytes(b""), "空的"),
        (lambda p: p.write_text("这不是图片，是一段文字。" * 50, encoding="utf-8"), "不是能识别的图片"),
        (lambda p: p.write_bytes(b"%PDF-1.7\n" + bytes(500)), "不是能识别的图片"),
        (lambda p: Image.new("RGB", (50, 50)).save(p, format="GIF"), "不是能识别的图片"),
        (lambda p: p.write_bytes(_png_bytes()[: len(_png_bytes()) // 2]), "损坏或不完整"),
        (lambda p: p.write_bytes(_png_bytes()[:40]), "损坏或不完整|不是能识别"),
        (lambda p: Image.new("1", (12_000, 8_000), 1).save(p, format="PNG"), "太大"),
        (lambda p: Image.new("1", (16_000, 12_000), 1).save(p, format="PNG"), "太大"),
    ],
    ids=["zero-bytes", "text", "pdf", "gif", "truncated", "header-only", "96MP", "192MP-bomb"],
)
def test_bad_files_are_refused_naming_the_file(tmp_path, make, match):
    path = tmp_path / "来件.png"
    make(path)
    with pytest.raises(UserError, match=match) as info:
        read_qr_texts(path)
    assert "来件.png" in info.value.message and info.value.where == str(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(UserError, match="找不到文件“没有.png”"):
        read_qr_texts(tmp_path / "没有.png")
    (tmp_path / "目录.png").mkdir()
    with pytest.raises(UserError, match="文件夹"):
        read_qr_texts(tmp_path / "目录.png")


@cache
def _png_bytes() -> bytes:
    buffer = io.BytesIO()
    _scanned_page(TEXT).save(buffer, format="PNG")
    return buffer.getvalue()
