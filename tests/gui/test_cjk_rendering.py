"""Chinese must render as characters, never as empty boxes (豆腐块), on any PC.

A box is the same for every missing character, so two different characters that render
to identical (or blank) images mean the font has no Chinese. The last test repeats the check
on a "bare" machine: a fontconfig with no fonts at all, where only the bundled font can help.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QApplication

from villagedesk.ui.app import BUNDLED_FAMILY, register_bundled_font

SAMPLE = "居住证明风平村"


def render(font: QFont, text: str, size: int = 64) -> QImage:
    image = QImage(size, size, QImage.Format.Format_Grayscale8)
    image.fill(255)
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor(0, 0, 0))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


def ink(image: QImage) -> int:
    return sum(1 for y in range(image.height()) for x in range(image.width()) if image.pixelColor(x, y).lightness() < 128)


def assert_renders_chinese(font: QFont) -> None:
    metrics = QFontMetrics(font)
    for ch in SAMPLE:
        assert metrics.inFontUcs4(ord(ch)), f"{ch} is not in {QFontInfo(font).family()}"
    # drawn at a fixed 40 px: at the 11 pt default a thin serif 住 inks fewer pixels on some
    # rasterisers, while a box or a blank is the same at any size
    big = QFont(font)
    big.setPixelSize(40)
    ju, zhu = render(big, "居"), render(big, "住")
    assert ink(ju) > 40 and ink(zhu) > 40, "a character rendered blank"
    assert ju != zhu, "居 and 住 render the same: empty boxes instead of characters"


def test_the_application_font_renders_chinese(gui_app):
    font = QApplication.font()
    assert font.pointSizeF() >= 11
    assert BUNDLED_FAMILY in font.families()
    assert_renders_chinese(font)


def test_the_bundled_font_alone_renders_chinese(gui_app):
    assert register_bundled_font() == BUNDLED_FAMILY
    font = QFont()
    font.setFamilies([BUNDLED_FAMILY])
    font.setPointSizeF(16)
    assert QFontInfo(font).family() == BUNDLED_FAMILY
    assert_renders_chinese(font)


BARE_SCRIPT = textwrap.dedent("""
    import json
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QFontInfo, QFontMetrics, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    def probe(font):
        def render(ch):
            image = QImage(64, 64, QImage.Format.Format_Grayscale8)
            image.fill(255)
            p = QPainter(image)
            p.setFont(font)
            p.setPen(QColor(0, 0, 0))
            p.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, ch)
            p.end()
            return image
        a, b = render("居"), render("住")
        ink = lambda im: sum(1 for y in range(64) for x in range(64) if im.pixelColor(x, y).lightness() < 128)
        return {"family": QFontInfo(font).family(), "in_font": QFontMetrics(font).inFontUcs4(ord("居")),
                "ink": [ink(a), ink(b)], "differ": a != b}

    app = QApplication([])
    before = probe(app.font())
    from villagedesk.ui.app import configure_application
    configure_application(app)
    print(json.dumps({"before": before, "after": probe(app.font())}))
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig (Linux) lets a test hide the system fonts")
def test_chinese_renders_on_a_pc_without_any_chinese_font(tmp_path):
    fonts, cache = tmp_path / "fonts", tmp_path / "cache"
    fonts.mkdir()
    cache.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{fonts}</dir><cachedir>{cache}</cachedir></fontconfig>
""", encoding="utf-8")
    import os

    env = dict(os.environ, FONTCONFIG_FILE=str(conf), QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-c", BARE_SCRIPT], capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    before, after = result["before"], result["after"]
    # the machine really is bare: without our font, Chinese is boxes
    assert not (before["in_font"] and before["differ"]), before
    # with it, Chinese renders
    assert after["family"] == BUNDLED_FAMILY, after
    assert after["in_font"] and after["differ"] and min(after["ink"]) > 40, after
