"""GB 11643-1999 ID numbers: the vectors of DOMAIN.md §7 and every way a typed number goes wrong."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from villagedesk.core.errors import UserError
from villagedesk.core.idnumber import check_character, mask_id_number, parse_id_number

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    "text, birth, gender",
    [
        ("11010519491231002X", date(1949, 12, 31), "女"),
        ("440524188001010014", date(1880, 1, 1), "男"),
        ("34052419800101001X", date(1980, 1, 1), "男"),
    ],
)
def test_domain_vectors(text, birth, gender):
    idn = parse_id_number(text, today=TODAY)
    assert (idn.value, idn.length, idn.birth_date, idn.gender) == (text, 18, birth, gender)
    assert idn.region_code == text[:6]
    assert check_character(text[:17]) == text[17]


def test_typed_forms_are_normalised():
    assert parse_id_number("11010519491231002x", today=TODAY).value == "11010519491231002X"
    assert parse_id_number(" １１０１０５１９４９１２３１００２ｘ ", today=TODAY).value == "11010519491231002X"
    assert parse_id_number("110105 19491231 002X", today=TODAY).value == "11010519491231002X"


def test_fifteen_digit_numbers_are_accepted_as_such():
    idn = parse_id_number("340524800101001", today=TODAY)
    assert (idn.value, idn.length, idn.birth_date, idn.gender, idn.region_code) == (
        "340524800101001", 15, date(1980, 1, 1), "男", "340524")
    assert parse_id_number("340524800101002", today=TODAY).gender == "女"


def _error(text: str, today: date = TODAY) -> str:
    with pytest.raises(UserError) as info:
        parse_id_number(text, today=today)
    return info.value.message


def test_wrong_check_character_names_the_expected_one():
    message = _error("110105194912310021")
    assert "第 18 位应为“X”" in message and "实为“1”" in message


def test_each_fault_has_its_own_reason():
    assert "不能为空" in _error("") or "请填写" in _error("")
    assert "实为 17 位" in _error("11010519491231002")
    assert "实为 16 位" in _error("1101051949123100")
    assert "第 5 位是“A”" in _error("1101A519491231002X")
    assert "只有 18 位号码的最后一位可以是 X" in _error("11010519491231X02X")
    assert "只有 18 位号码的最后一位可以是 X" in _error("34052480010100X")
    assert "不存在" in _error("110105" + "19490230" + "002" + check_character("11010519490230002"))
    assert "不存在" in _error("340524801301001")  # month 13 in an old number
    future = "110105" + "20270101" + "001"
    assert "晚于今天" in _error(future + check_character(future))
    old = "110105" + "18700101" + "001"
    assert "超过 150 年" in _error(old + check_character(old))
    assert "实为 10000 位" in _error("1" * 10000)


def test_check_character_alphabet():
    # S mod 11 = 0…10 maps to 1 0 X 9 8 7 6 5 4 3 2 (ISO 7064 MOD 11-2)
    seen = {check_character(f"{n:017d}") for n in range(400)}
    assert seen <= set("10X98765432") and "X" in seen


def test_masking_keeps_first_six_and_last_four():
    assert mask_id_number("53310319900307123X") == "533103********123X"
    assert mask_id_number("53310319900307123x") == "533103********123X"
    assert mask_id_number("340524800101001") == "340524******001"
    assert len(mask_id_number("340524800101001")) == 15
    assert parse_id_number("11010519491231002X", today=TODAY).masked == "110105********002X"


@given(st.text(max_size=60))
def test_any_text_is_parsed_or_refused_in_words(text):
    try:
        idn = parse_id_number(text, today=TODAY)
    except UserError as exc:
        assert exc.message and exc.where == "身份证号码"
    else:
        assert idn.length in (15, 18) and idn.birth_date <= TODAY


@given(st.dates(min_value=date(1877, 1, 1), max_value=TODAY), st.integers(0, 999), st.sampled_from(["533103", "222401"]))
def test_every_valid_number_round_trips(birth, seq, region):
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    idn = parse_id_number(first17 + check_character(first17), today=TODAY)
    assert idn.birth_date == birth and idn.gender == ("男" if seq % 2 else "女")
    wrong = "0123456789X".replace(idn.value[-1], "")[0]
    with pytest.raises(UserError):
        parse_id_number(first17 + wrong, today=TODAY)
