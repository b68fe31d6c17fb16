"""The sign layout: every character inside the margins, square boxes, even gaps, two scripts."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from villagedesk.core.errors import UserError
from villagedesk.core.sign_layout import compute_layout

PARTY = "中国共产党风平村支部委员会"
EPS = 1e-3  # positions are given to 0.01 mm


def boxes(layout):
    return [g for line in layout.lines for g in line.glyphs]


def assert_inside(layout):
    for g in boxes(layout):
        assert g.x_cm >= layout.min_margin_cm - EPS
        assert g.y_cm >= layout.min_margin_cm - EPS
        assert g.x_cm + g.size_cm <= layout.width_cm - layout.min_margin_cm + EPS
        assert g.y_cm + g.size_cm <= layout.height_cm - layout.min_margin_cm + EPS


def assert_no_overlap(layout):
    for a, b in itertools.combinations(boxes(layout), 2):
        apart = (a.x_cm + a.size_cm <= b.x_cm + EPS or b.x_cm + b.size_cm <= a.x_cm + EPS
                 or a.y_cm + a.size_cm <= b.y_cm + EPS or b.y_cm + b.size_cm <= a.y_cm + EPS)
        assert apart, (a, b)


def test_party_strip_vertical_fits_with_margins():
    lay = compute_layout({"name": PARTY, "kind": "strip", "width_cm": 35, "height_cm": 200, "direction": "vertical"})
    assert lay.direction == "vertical"
    assert len(lay.lines) == 1
    line = lay.lines[0]
    assert "".join(g.ch for g in line.glyphs) == PARTY
    assert_inside(lay)
    assert lay.min_margin_cm == pytest.approx(0.11 * 35)
    # one column, top to bottom, square boxes, even spacing, centred across
    assert len({g.x_cm for g in line.glyphs}) == 1
    ys = [g.y_cm for g in line.glyphs]
    assert ys == sorted(ys)
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ys)}
    assert len(steps) == 1
    assert steps.pop() == pytest.approx(lay.char_height_cm + lay.spacing_cm)
    assert lay.char_height_cm == lay.char_width_cm
    assert lay.margin_left_cm == pytest.approx(lay.margin_right_cm)
    assert lay.margin_top_cm == pytest.approx(lay.margin_bottom_cm)
    # figures in whole millimetres for the sign maker
    assert lay.char_height_cm * 10 == pytest.approx(round(lay.char_height_cm * 10))
    assert lay.spacing_cm * 10 == pytest.approx(round(lay.spacing_cm * 10))
    # the characters use the length: 13 characters of about 13 cm
    assert 12 <= lay.char_height_cm <= 14
    assert lay.warnings == []
    # numbers add up: margins + characters + gaps = height
    total = lay.margin_top_cm + 13 * lay.char_height_cm + 12 * lay.spacing_cm + lay.margin_bottom_cm
    assert total == pytest.approx(200, abs=0.02)


def test_square_horizontal():
    lay = compute_layout({"name": "风平村党群服务中心", "kind": "square", "width_cm": 60, "height_cm": 40})
    assert lay.direction == "horizontal"
    assert_inside(lay)
    assert_no_overlap(lay)
    for line in lay.lines:
        assert len({g.y_cm for g in line.glyphs}) == 1  # left to right on one baseline
        xs = [g.x_cm for g in line.glyphs]
        assert xs == sorted(xs)
    assert "".join(line.text for line in lay.lines) == "风平村党群服务中心"
    assert lay.char_height_cm >= 5


def test_door_one_line():
    lay = compute_layout({"name": "会议室", "kind": "door", "width_cm": 30, "height_cm": 15})
    assert [line.text for line in lay.lines] == ["会议室"]
    assert_inside(lay)
    assert 6 <= lay.char_height_cm <= 15 - 2 * lay.min_margin_cm


def test_long_horizontal_name_wraps_between_words():
    lay = compute_layout({"name": PARTY, "kind": "square", "width_cm": 60, "height_cm": 40})
    assert len(lay.lines) == 2
    assert "".join(line.text for line in lay.lines) == PARTY
    assert lay.lines[0].text in ("中国共产党", "中国共产党风平村")
    assert lay.line_gap_cm > 0
    assert_no_overlap(lay)
    one_line = 51.2 / (13 + 12 * 0.12)
    assert lay.char_height_cm > one_line  # wrapping made the characters bigger


def test_yanbian_strip_two_columns_in_order_and_ratio():
    spec = {"name": "依兰镇光东村村民委员会", "name_ko": "의란진 광동촌 촌민위원회", "scripts": ["ko", "zh"],
            "kind": "strip", "width_cm": 35, "height_cm": 200}
    lay = compute_layout(spec, {"ko_order": "ko_first", "ko_side": "left", "ko_ratio": 0.6})
    ko, zh = lay.lines
    assert (ko.script, zh.script) == ("ko", "zh")
    assert ko.x_cm + ko.width_cm <= zh.x_cm  # Korean column on the left
    assert lay.ko_char_size_cm == pytest.approx(math.floor(0.6 * lay.char_height_cm * 10) / 10, abs=0.11)
    assert "".join(g.ch for g in ko.glyphs) == "의란진광동촌촌민위원회"
    assert_inside(lay)
    assert_no_overlap(lay)
    assert lay.script_gap_cm > 0

    flipped = compute_layout(spec, {"ko_order": "zh_first", "ko_ratio": 0.6})
    assert [line.script for line in flipped.lines] == ["zh", "ko"]
    assert flipped.lines[0].x_cm < flipped.lines[1].x_cm


def test_yanbian_square_korean_line_on_top():
    spec = {"name": "依兰镇光东村村民委员会", "name_ko": "의란진 광동촌 촌민위원회", "scripts": ["ko", "zh"],
            "kind": "square", "width_cm": 60, "height_cm": 40}
    lay = compute_layout(spec, {"ko_order": "ko_first", "ko_side": "top", "ko_ratio": 0.6})
    assert lay.lines[0].script == "ko"
    assert all(lay.lines[0].y_cm + lay.lines[0].height_cm <= x.y_cm for x in lay.lines[1:])
    assert_inside(lay)
    assert_no_overlap(lay)
    side = compute_layout(spec, {"ko_side": "left", "ko_ratio": 1.0})
    ko = [x for x in side.lines if x.script == "ko"]
    zh = [x for x in side.lines if x.script == "zh"]
    assert max(x.x_cm + x.width_cm for x in ko) <= min(x.x_cm for x in zh)
    assert_no_overlap(side)


def test_missing_korean_name_is_a_warning_not_a_crash():
    lay = compute_layout({"name": "光东村村民委员会", "scripts": ["ko", "zh"], "kind": "square", "width_cm": 60, "height_cm": 40})
    assert any("朝鲜文" in w for w in lay.warnings)
    assert all(x.script == "zh" for x in lay.lines)


def test_too_small_characters_warn_in_chinese():
    lay = compute_layout({"name": "风平村" * 12, "kind": "strip", "width_cm": 35, "height_cm": 100,
                          "placement": "exterior"})
    assert lay.char_height_cm < 3
    assert any("3 厘米" in w for w in lay.warnings)
    assert_inside(lay)


def test_five_hundred_characters_still_lay_out():
    lay = compute_layout({"name": "村" * 500, "kind": "door", "width_cm": 30, "height_cm": 15})
    assert sum(len(x.glyphs) for x in lay.lines) == 500
    assert lay.warnings
    assert_inside(lay)


@pytest.mark.parametrize("key,value", [("width_cm", -35), ("width_cm", 0), ("height_cm", "200cm"),
                                       ("height_cm", float("nan")), ("width_cm", 35000), ("width_cm", True),
                                       ("height_cm", None)])
def test_bad_sizes_are_user_errors(key, value):
    spec = {"name": PARTY, "kind": "strip", "width_cm": 35, "height_cm": 200, key: value}
    with pytest.raises(UserError) as err:
        compute_layout(spec)
    assert err.value.where == key


@pytest.mark.parametrize("spec,params", [
    ({"name": "  ", "width_cm": 30, "height_cm": 15}, {}),
    ({"name": "会议室", "width_cm": 30, "height_cm": 15, "direction": "diagonal"}, {}),
    ({"name": "会议室", "width_cm": 30, "height_cm": 15}, {"ko_order": "first"}),
    ({"name": "会议室", "width_cm": 30, "height_cm": 15}, {"ko_ratio": 9}),
    ({"name": "会议室", "width_cm": 30, "height_cm": 15}, {"ko_side": "bottom"}),
    ("not a spec", {}),
])
def test_bad_input_is_a_user_error(spec, params):
    with pytest.raises(UserError):
        compute_layout(spec, params)


@settings(max_examples=120, deadline=None)
@given(
    name=st.text(alphabet="中国共产党风平村支部委员会服务站（）", min_size=1, max_size=40),
    ko=st.one_of(st.just(""), st.text(alphabet="의란진광동촌 ", min_size=1, max_size=20)),
    width=st.floats(5, 300), height=st.floats(5, 300),
    kind=st.sampled_from(["strip", "square", "door", "guide"]),
    ratio=st.floats(0.3, 1.5), order=st.sampled_from(["ko_first", "zh_first"]), side=st.sampled_from(["top", "left"]),
)
def test_any_name_stays_inside_and_never_overlaps(name, ko, width, height, kind, ratio, order, side):
    spec = {"name": name, "kind": kind, "width_cm": width, "height_cm": height}
    if ko.strip():
        spec.update(scripts=["ko", "zh"], name_ko=ko)
    try:
        lay = compute_layout(spec, {"ko_ratio": ratio, "ko_order": order, "ko_side": side})
    except UserError:
        return  # a name too long for a tiny sign is refused in words
    assert_inside(lay)
    if len(boxes(lay)) <= 60:
        assert_no_overlap(lay)
    assert all(g.size_cm > 0 for g in boxes(lay))
