"""Colours: hex only, names refused with a hint, families with tolerance."""

from __future__ import annotations

import pytest

from villagedesk.core.errors import UserError
from villagedesk.core.signs.colours import colour_family, delta_e, parse_colour, rgb_to_cmyk, to_hex


@pytest.mark.parametrize("text, rgb", [("#EE1C25", (238, 28, 37)), ("EE1C25", (238, 28, 37)), ("#e1c", (238, 17, 204)),
                                       (" #ffffff ", (255, 255, 255)), ("000", (0, 0, 0))])
def test_hex_forms(text, rgb):
    assert parse_colour(text) == rgb
    assert to_hex(rgb) == to_hex(parse_colour(to_hex(rgb)))


@pytest.mark.parametrize("text, hint", [("红色", "#EE1C25"), ("red", "#EE1C25"), ("白", "#FFFFFF"), ("黑色", "#000000"),
                                        ("rgb(238, 28, 37)", "#EE1C25")])
def test_names_and_rgb_are_refused_with_the_hex_to_write(text, hint):
    with pytest.raises(UserError) as exc:
        parse_colour(text, where="text_colour")
    assert "十六进制" in exc.value.message and hint in exc.value.message and exc.value.where == "text_colour"


@pytest.mark.parametrize("value", ["", "#12345", "#GGGGGG", "紫罗兰色系", None, 12, [255, 0, 0], {"r": 1}])
def test_other_values_are_refused(value):
    with pytest.raises(UserError, match="颜色"):
        parse_colour(value)


@pytest.mark.parametrize("hexval, family", [
    ("#EE1C25", "red"), ("#C00000", "red"), ("#8B0000", "red"), ("#FF3333", "red"),  # dark red is red
    ("#000000", "black"), ("#1A1A1A", "black"), ("#333333", "black"), ("#2B0A0A", "black"),  # near-black grey is black
    ("#FFFFFF", "white"), ("#F5F5F0", "white"), ("#FFFFF0", "white"),  # off-white, ivory
    ("#FFC0CB", "other"), ("#808080", "other"), ("#0000FF", "other"), ("#D4A017", "other"),
])
def test_families(hexval, family):
    assert colour_family(parse_colour(hexval)) == family


def test_tolerances_come_from_parameters():
    grey = parse_colour("#555555")
    assert colour_family(grey) == "other"
    assert colour_family(grey, {"black_max_value": 0.4}) == "black"


def test_naive_cmyk_and_delta_e():
    assert rgb_to_cmyk((0, 0, 0)) == (0, 0, 0, 100)
    assert rgb_to_cmyk((255, 255, 255)) == (0, 0, 0, 0)
    assert rgb_to_cmyk((238, 28, 37)) == (0, 88, 84, 7)
    assert delta_e((238, 28, 37), (238, 28, 37)) == 0
    assert delta_e((0, 0, 0), (255, 255, 255)) > 90
