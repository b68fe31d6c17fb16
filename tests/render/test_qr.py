"""The QR code: alphanumeric, error correction Q, at most version 13, and it decodes back
from a 150 dpi raster of the PDF, also after a JPEG round trip (a scanned certificate)."""

import io
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from villagedesk.core.errors import UserError
from villagedesk.render import qr

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def payload_like(n: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    return "VD1:" + "".join(rng.choice(ALNUM) for _ in range(n - 4))


def pdf_with_qr(text: str, size_mm: float = 30) -> bytes:
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    qr.draw_qr(c, text, 80, 500, size_mm * mm)
    c.save()
    return buf.getvalue()


def raster(pdf: bytes, dpi: int = 150):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(pdf)[0].render(scale=dpi / 72).to_pil().convert("L")


def decode(image):
    import zxingcpp

    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)


def jpeg(image, quality=70):
    from PIL import Image

    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf)


def test_a_250_character_payload_is_alphanumeric_version_11():
    text = payload_like(250)
    version, modules = qr.qr_matrix(text)
    # byte mode would need version 15 at level Q; alphanumeric fits in 11
    assert version == 11
    assert len(modules) == len(modules[0]) == 17 + 4 * version


@pytest.mark.parametrize("n", [250, 330])
def test_decodes_from_a_150_dpi_raster_and_after_jpeg(n):
    text = payload_like(n)
    image = raster(pdf_with_qr(text))
    for img in (image, jpeg(image)):
        found = decode(img)
        assert [b.text for b in found] == [text]
        assert found[0].extra["ECLevel"] == "Q"
        assert int(found[0].extra["Version"]) <= qr.MAX_VERSION


def test_qrcode_alone_makes_the_same_readable_symbol(monkeypatch):
    """Without zxing-cpp's encoder the modules come from qrcode itself."""
    text = payload_like(200, seed=3)
    fast = qr.qr_matrix(text)
    monkeypatch.setattr(qr, "_zxing_modules", lambda text, version: None)
    slow = qr.qr_matrix(text)
    assert slow[0] == fast[0]
    assert [b.text for b in decode(raster(pdf_with_qr(text)))] == [text]


def test_too_long_for_version_13_is_refused_in_chinese():
    with pytest.raises(UserError) as err:
        qr.qr_matrix(payload_like(400))
    assert "13 版" in err.value.message and "400 个字符" in err.value.message


def test_empty_text_is_refused():
    with pytest.raises(UserError):
        qr.qr_matrix("")


def test_text_outside_the_alphanumeric_set_still_encodes():
    text = "vd1:lower-case 风平村"
    version, _ = qr.qr_matrix(text)
    assert version <= qr.MAX_VERSION
    assert [b.text for b in decode(raster(pdf_with_qr(text)))] == [text]


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=ALNUM, min_size=1, max_size=300))
def test_any_alphanumeric_text_round_trips(text):
    from PIL import Image

    version, modules = qr.qr_matrix(text)
    n, q, scale = len(modules), qr.QUIET_ZONE, 3
    img = Image.new("L", ((n + 2 * q) * scale,) * 2, 255)
    for r, row in enumerate(modules):
        for c, dark in enumerate(row):
            if dark:
                img.paste(0, ((c + q) * scale, (r + q) * scale, (c + q + 1) * scale, (r + q + 1) * scale))
    assert [b.text for b in decode(img)] == [text]
