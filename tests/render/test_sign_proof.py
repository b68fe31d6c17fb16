"""Proof images drawn with Pillow (the bundled Song face) and measured back."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from villagedesk import resources
from villagedesk.core.errors import UserError
from villagedesk.core.signs.spec import parse_spec
from villagedesk.render.sign_proof import check_proof, load_proof, measure
from villagedesk.services.signs import load_rules

PARTY = {"name": "中共芒市风平镇风平村总支部委员会", "kind": "strip", "width_cm": 35, "height_cm": 200, "background": "#FFFFFF",
         "text_colour": "#EE1C25", "font": "标准宋体", "direction": "vertical", "placement": "exterior"}


def draw_proof(path, *, width_cm=35, height_cm=200, bg="#FFFFFF", fg="#EE1C25", text="中共风平村总支部委员会", px_per_cm=4,
               fmt=None):
    w, h = round(width_cm * px_per_cm), round(height_cm * px_per_cm)
    img = Image.new("RGB", (w, h), bg)
    draw = ImageDraw.Draw(img)
    size = int(min(w, h) * 0.7)
    font = ImageFont.truetype(str(resources.font_path()), size)
    vertical = h > w
    x, y = (w - size) // 2, max(4, (h - size * len(text)) // 2) if vertical else (h - size) // 2
    for i, ch in enumerate(text if vertical else text[: max(1, w // size - 1)]):
        pos = (x, y + i * size) if vertical else (size // 2 + i * size, y)
        draw.text(pos, ch, fill=fg, font=font)
    img.save(path, fmt)
    return path


@pytest.fixture(scope="module")
def dehong():
    return load_rules("yunnan-dehong")


def test_a_matching_proof_passes(tmp_path, dehong):
    path = draw_proof(tmp_path / "p.png")
    result = check_proof(path, parse_spec(PARTY), dehong, role="party")
    assert result["ok"], result["findings"]
    m = result["measured"]
    assert m["background"] == "#FFFFFF" and abs(m["aspect"] - 35 / 200) < 0.01
    from villagedesk.core.signs.colours import colour_family, parse_colour

    assert colour_family(parse_colour(m["text_colour"])) == "red"


def test_jpeg_proof_with_compression_noise(tmp_path, dehong):
    path = draw_proof(tmp_path / "p.jpg", fmt="JPEG")
    assert check_proof(path, parse_spec(PARTY), dehong, role="party")["ok"]


def test_wrong_aspect_is_an_error(tmp_path, dehong):
    path = draw_proof(tmp_path / "p.png", width_cm=40, height_cm=200)
    result = check_proof(path, parse_spec(PARTY), dehong, role="party")
    assert not result["ok"] and result["findings"][0]["rule"] == "proof.aspect" and result["findings"][0]["category"] == "size"


def test_small_aspect_difference_within_tolerance(tmp_path, dehong):
    path = draw_proof(tmp_path / "p.png", width_cm=35.5, height_cm=200)  # 1.4 % off
    assert check_proof(path, parse_spec(PARTY), dehong, role="party")["ok"]


def test_black_text_on_a_party_sign(tmp_path, dehong):
    path = draw_proof(tmp_path / "p.png", fg="#000000")
    result = check_proof(path, parse_spec(PARTY), dehong, role="party")
    rules = {f["rule"] for f in result["findings"]}
    assert not result["ok"] and {"proof.text_colour", "colour.text"} <= rules
    cited = next(f for f in result["findings"] if f["rule"] == "colour.text")
    assert cited["source"]["clause"] == "二(二)8"


def test_coloured_background(tmp_path, dehong):
    path = draw_proof(tmp_path / "p.png", bg="#D4A017")
    result = check_proof(path, parse_spec(PARTY), dehong, role="party")
    assert {"proof.background", "colour.background"} <= {f["rule"] for f in result["findings"]}


def test_pdf_page_proof(tmp_path, dehong):
    png = draw_proof(tmp_path / "p.png")
    Image.open(png).save(tmp_path / "p.pdf", "PDF", resolution=72)
    result = check_proof(tmp_path / "p.pdf", parse_spec(PARTY), dehong, role="party")
    assert result["ok"], result["findings"]


def test_a_blank_proof_says_there_is_no_text(tmp_path, dehong):
    Image.new("RGB", (35, 200), "#FFFFFF").save(tmp_path / "blank.png")
    result = check_proof(tmp_path / "blank.png", parse_spec(PARTY), dehong, role="party")
    assert any("找不到文字" in f["message"] for f in result["findings"])


def test_measure_landscape(tmp_path):
    path = draw_proof(tmp_path / "door.png", width_cm=30, height_cm=15, fg="#000000", text="党员活动室", px_per_cm=20)
    m = measure(Image.open(path).convert("RGB"))
    from villagedesk.core.signs.colours import delta_e, parse_colour

    assert m["aspect"] == 2.0 and m["background"] == "#FFFFFF" and delta_e(parse_colour(m["text_colour"]), (0, 0, 0)) < 5


@pytest.mark.parametrize("content, words", [(b"", "空的"), (b"not an image at all", "不是图片"), (b"%PDF-1.4 garbage", "PDF")])
def test_not_an_image_names_the_file(tmp_path, content, words):
    path = tmp_path / "proof.png"
    path.write_bytes(content)
    with pytest.raises(UserError, match=words) as exc:
        load_proof(path)
    assert "proof.png" in exc.value.text()


def test_truncated_image(tmp_path):
    full = draw_proof(tmp_path / "full.png")
    data = full.read_bytes()
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    with pytest.raises(UserError, match="损坏|不完整") as exc:
        load_proof(tmp_path / "cut.png")
    assert "cut.png" in exc.value.text()


def test_decompression_bomb_is_refused(tmp_path, monkeypatch):
    draw_proof(tmp_path / "big.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(UserError, match="像素过多"):
        load_proof(tmp_path / "big.png")


def test_missing_file(tmp_path):
    with pytest.raises(UserError, match="找不到"):
        load_proof(tmp_path / "nope.png")


# ---- issue 9: only PNG, JPEG and PDF, judged by content -------------------------------

def _png_header(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("name, content", [
    ("proof.png", b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nshowpage\n"),  # EPS: Ghostscript
    ("proof.jpg", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    ("proof.pdf", b"BM" + b"\x00" * 60),  # a BMP named .pdf: the suffix decides nothing
])
def test_other_formats_are_refused_by_their_content_whatever_the_name(tmp_path, monkeypatch, name, content):
    import subprocess

    def no_ghostscript(*args, **kwargs):
        raise AssertionError("Ghostscript must not be started")

    monkeypatch.setattr(subprocess, "Popen", no_ghostscript)
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match="PNG、JPEG 图片或 PDF") as exc:
        load_proof(path)
    assert name in exc.value.text()


def test_a_png_that_declares_ten_billion_pixels_is_refused_before_decoding(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header(100_000, 100_000))
    assert path.stat().st_size < 1024
    with pytest.raises(UserError, match="像素过多（最多 80 百万像素）"):
        load_proof(path)


def test_a_png_under_the_pixel_limit_still_loads(tmp_path):
    path = draw_proof(tmp_path / "ok.bin", fmt="PNG")  # no image suffix: the content decides
    assert load_proof(path).mode == "RGB"
