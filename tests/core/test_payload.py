"""The signed QR payload: round trips, size in a real QR code, and every kind of bad scan."""

import base64
import hashlib
import unicodedata
from dataclasses import replace
from datetime import date, datetime

import pytest
import qrcode
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from villagedesk.core import base45
from villagedesk.core.errors import UserError
from villagedesk.core.payload import (
    ED25519,
    MAX_QR_TEXT,
    PREFIX,
    SM2,
    Envelope,
    MalformedPayload,
    PayloadFields,
    content_digest,
    key_id_for,
    read_fields,
    seal,
    unpack,
    verify_envelope,
)

QR_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def _key():
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return private, public


PRIVATE, PUBLIC = _key()
OTHER_PRIVATE, OTHER_PUBLIC = _key()

FIELDS = PayloadFields(
    kind="certificate",
    office_code="533103105201",
    number="风平村证〔2026〕12号",
    item_code="CN-BY-05",
    issued_on=date(2026, 3, 14),
    holder_name="张𠮷",
    id_masked="533103********123X",
    digest=content_digest({"title": "居（租）住证明", "name": "张𠮷", "purpose": "入学"}),
)


def _seal(fields=FIELDS, private=PRIVATE, public=PUBLIC, **kw):
    return seal(fields, key_id=key_id_for(public), sign=private.sign, **kw)


TEXT = _seal()


def _normalised(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().upper()


def _qr_version(text: str) -> int:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.version


# --- round trip and size ---------------------------------------------------------------


def test_round_trip():
    assert TEXT.startswith(PREFIX) and TEXT.isascii() and set(TEXT) <= QR_ALPHANUMERIC
    envelope = unpack(TEXT)
    assert envelope.version == 1 and envelope.alg == ED25519 and envelope.alg_name == "Ed25519"
    assert envelope.key_id == hashlib.sha256(PUBLIC).digest()[:8] == key_id_for(PUBLIC)
    assert verify_envelope(envelope, PUBLIC)
    assert read_fields(envelope) == FIELDS
    assert read_fields(envelope).to_dict()["issued_on"] == "2026-03-14"


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "refusal", "id_masked": ""},
        {"id_masked": "533103******123"},  # 15-digit number of the old kind
        {"id_masked": "533103********123x"},  # not packable: kept as UTF-8, exactly
        {"id_masked": "证件号不详"},
        {"holder_name": "𠮷𡈼𤭢𨭎", "number": "风平村证〔2026〕1号"},
        {"issued_on": date(2000, 1, 1), "number": "风平村证〔2000〕1号"},  # the number's year is the issue year
        {"issued_on": date(2099, 12, 31), "number": "风平村证〔2099〕1号"},
        {"office_code": "000000000001"},
        {"item_code": "据实出具"},
    ],
)
def test_round_trip_of_unusual_but_valid_fields(changes):
    fields = replace(FIELDS, **changes)
    envelope = unpack(_seal(fields))
    assert verify_envelope(envelope, PUBLIC)
    assert read_fields(envelope) == fields


def test_a_datetime_counts_by_its_day():
    fields = replace(FIELDS, issued_on=datetime(2026, 3, 14, 23, 59))
    assert read_fields(unpack(_seal(fields))).issued_on == date(2026, 3, 14)


def test_realistic_certificate_fits_qr_version_13_at_q():
    typical = _seal()
    long_ish = _seal(
        replace(
            FIELDS,
            holder_name="欧阳𠮷𡈼",  # 4 characters, two outside the BMP
            number="芒市风平镇风平村村民委员会证明专用〔2026〕第12345号",  # 30 characters
            item_code="YN-DH-MS-FP-CERT-012",  # 20 characters
        )
    )
    assert len("芒市风平镇风平村村民委员会证明专用〔2026〕第12345号") == 30
    assert len(typical) == 235 and _qr_version(typical) == 11  # 风平村证〔2026〕12号, CN-BY-05, 张𠮷
    assert len(long_ish) <= MAX_QR_TEXT and _qr_version(long_ish) <= 13
    assert set(long_ish) <= QR_ALPHANUMERIC


def test_content_too_long_for_the_qr_code_is_refused_naming_the_field():
    with pytest.raises(UserError, match="证明编号") as info:
        _seal(replace(FIELDS, number="风平村" * 40))
    assert "352" in info.value.message


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"office_code": "53310310520"}, "区划代码"),
        ({"office_code": "５３３１０３１０５２０１"}, "区划代码"),
        ({"number": "  "}, "证明编号"),
        ({"holder_name": "张\x00三"}, "姓名"),
        ({"holder_name": "张\ud842"}, "姓名"),
        ({"id_masked": "5331\n03"}, "身份证号"),
        ({"issued_on": date(1999, 12, 31)}, "出具日期"),
        ({"issued_on": "2026-03-14"}, "出具日期"),
        ({"digest": b"short"}, "摘要"),
        ({"kind": "receipt"}, "类别"),
    ],
)
def test_bad_fields_are_refused_when_sealing(changes, where):
    with pytest.raises(UserError) as info:
        _seal(replace(FIELDS, **changes))
    assert where in info.value.where


def test_content_digest_is_canonical_json():
    a = content_digest({"b": 1, "a": "风平村", "c": [1, 2]})
    assert a == content_digest({"c": [1, 2], "a": "风平村", "b": 1})
    assert a == hashlib.sha256('{"a":"风平村","b":1,"c":[1,2]}'.encode()).digest()[:16]
    assert content_digest({"a": "风平村 "}) != content_digest({"a": "风平村"})
    with pytest.raises(TypeError):
        content_digest({"day": date(2026, 1, 1)})


# --- scanner tolerance -----------------------------------------------------------------


@pytest.mark.parametrize(
    "scanned",
    [
        TEXT + "\r\n",
        "  " + TEXT + "\n",
        "\t" + TEXT + "\r",
        TEXT.lower(),
        TEXT.lower() + "\r\n",
        "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in TEXT),  # full-width from an IME
    ],
)
def test_what_handheld_scanners_do_to_the_text_is_tolerated(scanned):
    envelope = unpack(scanned)
    assert verify_envelope(envelope, PUBLIC)
    assert read_fields(envelope) == FIELDS


# --- bad scans -------------------------------------------------------------------------


def test_another_key_does_not_verify():
    envelope = unpack(TEXT)
    assert not verify_envelope(envelope, OTHER_PUBLIC)
    # a payload signed by another key that claims our key id
    forged = seal(FIELDS, key_id=key_id_for(PUBLIC), sign=OTHER_PRIVATE.sign)
    assert not verify_envelope(unpack(forged), PUBLIC)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        (" \r\n", "empty"),
        ("HC1:NCFOXN%TS3DH3ZSUZK", "not_ours"),
        ("https://example.com/verify?x=1", "not_ours"),
        ("VX1:" + TEXT[4:], "not_ours"),
        ("6901234567892", "not_ours"),
        ("VD2:" + TEXT[4:], "unsupported_version"),
        ("VD10:ABC", "unsupported_version"),
        ("VD1:", "truncated"),
        ("VD1:" + "A" * 10_000, "too_long"),
        ("A" * 10_000, "not_ours"),
        ("VD1:中文", "bad_base45"),
        ("VD1:\x00\x01\x02", "bad_base45"),
        ("\x00\x01\x02\x03", "not_ours"),
        ("VD1:GGW", "bad_base45"),
        (TEXT + "A", "bad_base45"),
        (TEXT + "000", "bad_envelope"),
    ],
)
def test_bad_text_is_malformed_with_a_chinese_reason(text, reason):
    with pytest.raises(MalformedPayload) as info:
        unpack(text)
    assert info.value.reason == reason
    assert isinstance(info.value, UserError)
    message = info.value.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert len(message) < 200  # a 10,000-character scan is not echoed back


def test_bad_base45_names_the_position_in_the_scanned_text():
    text = TEXT[:10] + "中" + TEXT[11:]
    with pytest.raises(MalformedPayload, match="第 11 个字符") as info:
        unpack(text)
    assert info.value.position == 11


@pytest.mark.parametrize("keep", [5, 10, 30, 100, len(TEXT) - 3, len(TEXT) - 2, len(TEXT) - 1])
def test_truncated_scan(keep):
    with pytest.raises(MalformedPayload) as info:
        unpack(TEXT[:keep])
    assert info.value.reason in ("truncated", "bad_base45")


def test_not_a_string():
    with pytest.raises(MalformedPayload):
        unpack(None)
    assert verify_envelope(unpack(TEXT.encode("ascii")), PUBLIC)


@settings(max_examples=300, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=len(TEXT) - 1),
    replacement=st.one_of(
        st.sampled_from(sorted(QR_ALPHANUMERIC)),
        st.sampled_from("abcxyz:;\r\n\t\x00中é𠮷ｚ："),
        st.characters(),
    ),
)
def test_one_changed_character_is_never_a_wrong_valid(position, replacement):
    changed = TEXT[:position] + replacement + TEXT[position + 1 :]
    assume(changed != TEXT)
    try:
        envelope = unpack(changed)
        valid = verify_envelope(envelope, PUBLIC)
    except MalformedPayload:
        return
    if _normalised(changed) == _normalised(TEXT):  # e.g. a letter in lower case: same payload
        assert valid and read_fields(envelope) == FIELDS
    else:
        assert not valid


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_one_changed_byte_is_never_valid(data):
    raw = bytearray(base45.decode(TEXT[len(PREFIX) :]))
    position = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    raw[position] ^= data.draw(st.integers(min_value=1, max_value=255))
    try:
        envelope = unpack(PREFIX + base45.encode(bytes(raw)))
        assert not verify_envelope(envelope, PUBLIC)
    except MalformedPayload:
        pass


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_junk_is_malformed_never_a_crash(junk):
    for text in (junk, PREFIX + junk):
        try:
            envelope = unpack(text)
        except MalformedPayload:
            continue
        assert not verify_envelope(envelope, PUBLIC)


# --- algorithms and bodies -------------------------------------------------------------


def test_an_algorithm_we_do_not_support_is_malformed_at_verification():
    sm2 = _seal(alg=SM2)  # a future county key: the envelope reads, the check says why not
    envelope = unpack(sm2)
    assert envelope.alg == SM2 and envelope.alg_name == "SM2"
    with pytest.raises(MalformedPayload, match="SM2") as info:
        verify_envelope(envelope, PUBLIC)
    assert info.value.reason == "unsupported_alg"
    raw = bytearray(base45.decode(TEXT[len(PREFIX) :]))
    raw[1] = 9
    with pytest.raises(MalformedPayload, match="编号为 9"):
        verify_envelope(unpack(PREFIX + base45.encode(bytes(raw))), PUBLIC)


def _signed_body(body: bytes) -> Envelope:
    """An envelope whose body the key really signed: what a buggy or newer issuer makes."""
    header = bytes([1, ED25519]) + key_id_for(PUBLIC) + bytes([len(body)])
    text = PREFIX + base45.encode(header + body + PRIVATE.sign(header + body))
    envelope = unpack(text)
    assert verify_envelope(envelope, PUBLIC)
    return envelope


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\x09" + bytes(40),  # unknown kind
        b"\x01" + b"\xff" * 5 + bytes(30),  # office code beyond 12 digits
        b"\x01" + bytes(5) + b"\x00" + b"\x02\xff\xfe" + bytes(40),  # number not UTF-8
        b"\x01" + bytes(5) + b"\x00" + b"\x01\x07" + bytes(40),  # control character
        b"\x01" + bytes(5) + b"\x80\x00" + bytes(40),  # non-minimal varint
        b"\x01" + bytes(5) + b"\x00" + b"\x01A\x01B\x01C" + b"\x05\xff\xff\xff" + bytes(16),  # bad packed id
        bytes(unpack(TEXT).body) + b"\x00",  # trailing byte
    ],
)
def test_a_signed_body_that_does_not_parse_is_malformed(body):
    with pytest.raises(MalformedPayload) as info:
        read_fields(_signed_body(body))
    assert info.value.reason == "bad_body"


def test_seal_refuses_programming_errors():
    with pytest.raises(ValueError):
        seal(FIELDS, key_id=b"short", sign=PRIVATE.sign)
    with pytest.raises(ValueError):
        seal(FIELDS, key_id=key_id_for(PUBLIC), sign=lambda data: b"x" * 10)
    with pytest.raises(ValueError):
        seal(FIELDS, key_id=key_id_for(PUBLIC), sign=PRIVATE.sign, alg=7)


def test_the_worked_example_of_the_format_document_is_true():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "formats" / "qr-payload.md").read_text(encoding="utf-8")
    text = doc.split("<!-- example-text -->\n```\n", 1)[1].split("\n```", 1)[0]
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert public.hex() in doc and key_id_for(public).hex() in doc
    assert base64.b64encode(public).decode() in doc  # the key file example
    envelope = unpack(text)
    assert verify_envelope(envelope, public)
    content = {"applicant": "张三", "item_code": "CN-BY-05", "number": "风平村证〔2026〕12号", "purpose": "子女入学"}
    fields = PayloadFields("certificate", "533103105201", "风平村证〔2026〕12号", "CN-BY-05", date(2026, 3, 14),
                           "张三", "533103********123X", content_digest(content))
    assert read_fields(envelope) == fields
    assert seal(fields, key_id=key_id_for(public), sign=private.sign) == text  # Ed25519 is deterministic
    for chunk in ("21fe31dfa154a261", "7c1f6bd4b1", "e14a", "533103bbbbbbbb123a", content_digest(content).hex(),
                  envelope.signature.hex()[:64], envelope.signature.hex()[64:]):
        assert chunk in doc
    assert len(text) == 234 and _qr_version(text) == 11
