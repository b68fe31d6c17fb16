"""Every standard sign of every demo jurisdiction gets a one-page spec sheet whose drawing
and table give the same margin, character size and gap (both read core/sign_layout)."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from villagedesk.core.sign_layout import compute_layout
from villagedesk.render.sign_spec_sheet import detail_figures
from villagedesk.services import signs

KOREAN = {"party": "중국공산당 풍평촌 총지부위원회", "committee": "풍평촌 촌민위원회", "collective": "풍평촌 주식경제합작사",
          "supervision": "풍평촌 촌무감독위원회", "service_center": "풍평촌 당군봉사중심",
          "civilization_station": "풍평촌 신시대문명실천소"}


def flat(path) -> str:
    return re.sub(r"\s", "", "".join(p.extract_text() for p in PdfReader(path).pages))


def _figures(text: str) -> dict:
    table = re.search(r"上([\d.]+)下([\d.]+)左([\d.]+)右([\d.]+)厘米", text)
    return {"top": table.group(1), "left": table.group(3),
            "char": re.search(r"字高×字宽([\d.]+)×", text).group(1),
            "gap": re.search(r"字间距([\d.]+)厘米", text).group(1)}


@pytest.mark.parametrize("rules_id", ["yunnan-dehong", "jilin-yanbian", "chongqing-yubei"])
def test_every_standard_sign_fits_one_page_and_agrees_with_itself(demo_session, tmp_path, rules_id):
    specs = signs.standard_specs(demo_session, rules_id=rules_id)
    assert len(specs) == 6
    for spec in specs:
        if "ko" in spec["scripts"]:
            spec["name_ko"] = KOREAN[spec["organisation"]]
        out = tmp_path / f"{rules_id}-{spec['organisation']}.pdf"
        result = signs.spec_pdf(demo_session, spec, out, rules_id=rules_id)
        assert len(PdfReader(out).pages) == 1 == result["sheet"]["pages"], (rules_id, spec["name"])
        text = flat(out)
        table = _figures(text)
        layout = compute_layout(result["spec"], signs._layout_params(signs.load_rules(rules_id)))
        for label, _, _, value in detail_figures(layout):
            shown = f"{value:.2f}".rstrip("0").rstrip(".")
            assert f"{label}{shown}" in text, (label, shown)  # the drawing's figure
            key = {"上边距": "top", "左边距": "left", "字高": "char", "字宽": "char", "字距": "gap"}.get(label)
            if key:
                assert table[key] == shown, (spec["name"], label, table[key], shown)  # = the table's


def test_the_dimensioned_line_is_the_one_that_sets_the_margin():
    # two lines of different length: the longer one sets the left margin, and is the one measured
    spec = {"name": "芒市风平镇风平村党群服务中心", "kind": "identifier", "width_cm": 60, "height_cm": 40,
            "direction": "horizontal"}
    layout = compute_layout(spec)
    assert len(layout.lines) == 2
    line = layout.lines[layout.margin_line]
    assert round(line.glyphs[0].x_cm, 2) == layout.margin_left_cm == min(round(ln.glyphs[0].x_cm, 2) for ln in layout.lines)
    figures = {label: value for label, _, _, value in detail_figures(layout)}
    assert figures["左边距"] == layout.margin_left_cm and figures["字宽"] == layout.char_width_cm
    assert figures["字距"] == layout.spacing_cm


def test_a_long_korean_column_is_named_as_such():
    spec = {"name": "光明村民委员会", "name_ko": "연길시 의란진 광명촌 촌민위원회", "scripts": ["ko", "zh"], "kind": "strip",
            "width_cm": 35, "height_cm": 200, "direction": "vertical"}
    layout = compute_layout(spec)
    line = layout.lines[layout.margin_line]
    labels = [label for label, _, _, _ in detail_figures(layout)]
    assert labels[0] == "上边距" and (labels[1] == "字高" if line.script == "zh" else labels[1] == "朝鲜文字高")
    assert detail_figures(layout)[0][3] == layout.margin_top_cm
