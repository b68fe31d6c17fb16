"""Base45 against RFC 9285's examples, round trips, and every way text can fail to decode."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from villagedesk.core.base45 import ALPHABET, Base45Error, decode, encode
from villagedesk.core.errors import UserError

RFC_VECTORS = [  # RFC 9285 §4.3, §4.4 and §5
    (b"AB", "BB8"),
    (b"Hello!!", "%69 VD92EX0"),
    (b"base-45", "UJCLQE7W581"),
    (b"ietf!", "QED8WEX0"),
    (b"", ""),
]


@pytest.mark.parametrize(("raw", "text"), RFC_VECTORS)
def test_rfc_vectors(raw, text):
    assert encode(raw) == text
    assert decode(text) == raw


def test_extremes():
    assert encode(b"\x00\x00") == "000"
    assert encode(b"\xff\xff") == "FGW"
    assert encode(b"\xff") == "U5"
    assert decode("FGW") == b"\xff\xff"


@given(st.binary(max_size=600))
def test_round_trip_and_alphabet(data):
    text = encode(data)
    assert set(text) <= set(ALPHABET)
    assert len(text) == len(data) // 2 * 3 + len(data) % 2 * 2
    assert decode(text) == data


@given(st.text(alphabet=ALPHABET, max_size=60))
def test_any_text_over_the_alphabet_decodes_or_fails_cleanly(text):
    try:
        data = decode(text)
    except Base45Error as exc:
        assert 1 <= exc.position <= len(text)
        assert isinstance(exc, UserError)
    else:
        assert encode(data) == text  # decoding is one-to-one: no two texts give the same bytes


def test_bad_character_names_its_position():
    with pytest.raises(Base45Error, match="第 3 个字符") as info:
        decode("BBb")
    assert info.value.position == 3
    with pytest.raises(Base45Error, match="第 2 个字符"):
        decode("Q中D8WEX0")
    with pytest.raises(Base45Error, match=r"'\\n'"):
        decode("BB\n")


def test_dangling_single_character_is_a_bad_length():
    with pytest.raises(Base45Error, match="长度不对：第 4 个字符") as info:
        decode("BB8A")
    assert info.value.position == 4


def test_positions_count_from_the_callers_start():
    with pytest.raises(Base45Error, match="第 7 个字符") as info:
        decode("BBb", start=5)
    assert info.value.position == 7


def test_overflow_of_a_triple_and_of_a_final_pair():
    with pytest.raises(Base45Error, match="65535") as info:
        decode("BB8GGW")  # RFC 9285 §6: GGW = 65536
    assert info.value.position == 4
    with pytest.raises(Base45Error, match="255") as info:
        decode("BB8:6")  # 44 + 6×45 = 314
    assert info.value.position == 4
