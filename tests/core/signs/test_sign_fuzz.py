"""Whatever JSON a cadre's file holds, the checker answers with findings or a UserError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from villagedesk.core.errors import UserError
from villagedesk.core.signs.audit import audit
from villagedesk.core.signs.checker import check_sign
from villagedesk.core.signs.spec import KEYS, parse_inventory, spec_from_dict

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=60),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
GOOD = {"name": "中共芒市风平镇风平村总支部委员会", "kind": "strip", "width_cm": 35, "height_cm": 200,
        "background": "#FFFFFF", "text_colour": "#EE1C25", "font": "标准宋体", "direction": "vertical",
        "placement": "exterior", "scripts": ["zh"], "decorated": False}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _answer(data, rules, office):
    try:
        spec = spec_from_dict(data, rules)
    except UserError as exc:
        assert exc.message
        return None
    result = check_sign(spec, rules, office=office, catalogue_signs=[])
    assert isinstance(result["ok"], bool)
    for f in result["findings"]:
        assert f["severity"] in ("error", "warning", "info") and isinstance(f["message"], str) and f["message"]
    return result


@FUZZ
@given(key=st.sampled_from(KEYS), value=json_values)
def test_any_value_for_any_key(dehong, office, key, value):
    result = _answer(dict(GOOD, **{key: value}), dehong, office)
    assert result is not None  # a spec with one bad field is still a spec


@FUZZ
@given(value=json_values)
def test_any_document(dehong, office, value):
    _answer(value, dehong, office)


@FUZZ
@given(signs=st.lists(json_values, max_size=6))
def test_any_inventory(dehong, office, signs):
    r = audit(parse_inventory(signs, dehong), dehong, office=office, catalogue_signs=[])
    assert len(r["signs"]) == len(signs)


@FUZZ
@given(key=st.sampled_from(KEYS), value=json_values)
def test_any_value_under_yanbian(load, key, value):
    _answer(dict(GOOD, **{key: value}), load("jilin-yanbian"), None)
