"""page_parts.draw_string writes exactly what reportlab's drawString family writes (issue #10
item 8): the same operators, the same subset codes, so every page is the same file as before."""

from __future__ import annotations

import random

import pytest

from tests.render.test_page_pdf import DOCS
from villagedesk.render import fonts, page_parts as pp, page_pdf


def _reportlab_draw(c, x, y, text, char_space=0.0, *, align=0):
    if align == 1:
        c.drawCentredString(x, y, text, charSpace=char_space)
    elif align == 2:
        c.drawRightString(x, y, text, charSpace=char_space)
    else:
        c.drawString(x, y, text, charSpace=char_space)


def _lines() -> list[tuple[float, float, str, float, int]]:
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(fonts.register()).face
    cjk = [chr(c) for c in sorted(face.charToGlyph) if 0x4E00 <= c <= 0x9FFF]
    rng = random.Random(8)
    lines = [(10, 20, "居（租）住证明", 0, 0), (300.5, 700.25, "风平村证〔2026〕12号", 0, 2),
             (200, 80.125, "（盖章）", 0, 1), (0, 0, "", 0, 0), (5, 5, "", 0.4, 1),
             (32, 64.24, "兹证明王𬌗，公民身份号码11010519491231002X，自2019年", 0.082343, 0),
             (0, 0, "a\u00a0b (x) \\y\\ 0692-2123456", 0.5, 2),  # no-break space, escapes
             (1, 1, "\ue000缺字\U000f0000", 0, 0)]  # characters the font lacks print as .notdef
    for i in range(30):  # past 256 distinct characters: a second subset, within a line too
        lines.append((i * 3.3, 800 - i * 19.2, "".join(rng.sample(cjk, 12)), rng.choice([0, 0.25]), i % 3))
    return lines


def _drawn(draw) -> tuple[list[str], list[list[int]]]:
    c = page_pdf.canvas(595.27, 841.89, fonts.register())
    for size, (x, y, text, space, align) in zip([22, 14, 16, 10, 9] * 20, _lines()):
        c.setFont(fonts.register(), size)
        draw(c, x, y, text, space, align=align)
    from reportlab.pdfbase import pdfmetrics

    state = pdfmetrics.getFont(fonts.register()).state[c._doc]
    return c._code, [list(s) for s in state.subsets]


def test_draw_string_writes_reportlabs_operators_and_codes():
    ours, theirs = _drawn(pp.draw_string), _drawn(_reportlab_draw)
    assert len(theirs[1]) == 2  # the lines above reach a second subset
    assert ours == theirs


@pytest.mark.parametrize("name, render, doc", DOCS, ids=[d[0] for d in DOCS])
def test_pages_are_the_files_reportlabs_draw_methods_give(name, render, doc, monkeypatch):
    data = render(doc)
    monkeypatch.setattr(pp, "draw_string", _reportlab_draw)
    assert render(doc) == data
