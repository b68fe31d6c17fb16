"""Small-order Ed25519 public keys are refused: for them a forged signature verifies."""

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from villagedesk.core.ed25519_checks import is_weak_public_key
from villagedesk.core.key_fingerprint import fingerprint

# the eight points of order 1, 2, 4 and 8 (canonical encodings; as listed by libsodium's
# blocklist and "Taming the many EdDSAs", Chalkias et al. 2020) ...
SMALL_ORDER = [
    "0100000000000000000000000000000000000000000000000000000000000000",  # identity (order 1)
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # order 2 (y = -1)
    "0000000000000000000000000000000000000000000000000000000000000000",  # order 4 (all zeros)
    "0000000000000000000000000000000000000000000000000000000000000080",  # order 4, other sign
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",  # order 8
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",  # order 8
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",  # order 8
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",  # order 8
]
# ... and non-canonical encodings of small-order points (y ≥ p, or x = 0 with the sign bit)
NON_CANONICAL = [
    "0100000000000000000000000000000000000000000000000000000000000080",  # identity, sign bit set
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # y = p + 1 ≡ 1: identity
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # y = p ≡ 0: order 4
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",  # order 2, sign bit set
]
IDENTITY = bytes.fromhex(SMALL_ORDER[0])


def _eightfold_is_identity(hex_key: str) -> bool:
    """Independent check through our own arithmetic: 8·P is the identity."""
    from villagedesk.core import ed25519_checks as e

    point = e._decode(bytes.fromhex(hex_key))
    assert point is not None
    for _ in range(3):
        point = e._double(point)
    return point == (0, 1)


@pytest.mark.parametrize("hex_key", SMALL_ORDER + NON_CANONICAL)
def test_small_order_keys_are_weak_and_really_forgeable(hex_key):
    raw = bytes.fromhex(hex_key)
    assert is_weak_public_key(raw)
    # OpenSSL loads the key; the forged signature R = identity, S = 0 verifies for some of the
    # first messages (for the identity: every one): why we must refuse these keys ourselves
    key = Ed25519PublicKey.from_public_bytes(raw)
    forged = 0
    for n in range(64):
        try:
            key.verify(IDENTITY + bytes(32), b"any content %d" % n)
            forged += 1
        except InvalidSignature:
            pass
    assert forged > 0


@pytest.mark.parametrize("hex_key", SMALL_ORDER)
def test_the_eight_canonical_points_have_order_dividing_eight(hex_key):
    assert _eightfold_is_identity(hex_key)


def test_ordinary_keys_pass_and_junk_is_weak():
    for _ in range(50):
        raw = Ed25519PrivateKey.generate().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        assert not is_weak_public_key(raw)
    assert is_weak_public_key(b"\x01" * 31)  # wrong length
    assert is_weak_public_key(bytes.fromhex("02" + "00" * 31))  # y = 2 is not on the curve


def test_fingerprint_is_short_groups_and_stable():
    raw = bytes.fromhex(SMALL_ORDER[4])
    text = fingerprint(raw)
    groups = text.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567-")
    assert fingerprint(raw) == text and fingerprint(bytes.fromhex(SMALL_ORDER[5])) != text
