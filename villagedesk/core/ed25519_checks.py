"""Refuse Ed25519 public keys of small order before trusting or verifying with them.

A public key whose point P has 8·P = identity (the identity itself, all zeros, and the
other small-order points, in canonical and non-canonical encodings) lets anyone "sign":
for such a key a signature R = identity, S = 0 verifies for many messages, and the
identity key for every message. OpenSSL (through `cryptography`) loads these keys and does
not refuse them, so we check the point ourselves: decode the 32 bytes (RFC 8032 §5.1.3),
refuse non-canonical encodings (a key made by a real key generator is always canonical),
and multiply by the cofactor 8. Pure Python ints: three doublings, microseconds.
"""

from __future__ import annotations

from functools import lru_cache

P = 2**255 - 19
D = (-121665 * pow(121666, -1, P)) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _decode(public_key: bytes) -> tuple[int, int] | None:
    """The affine point (x, y) of an encoding, or None when it is not a canonical point."""
    if len(public_key) != 32:
        return None
    n = int.from_bytes(public_key, "little")
    sign, y = n >> 255, n & ((1 << 255) - 1)
    if y >= P:
        return None  # non-canonical y (y + p)
    y2 = y * y % P
    x2 = (y2 - 1) * pow(D * y2 + 1, -1, P) % P
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P:
        return None  # not on the curve
    if x == 0 and sign:
        return None  # non-canonical: x = 0 has no negative
    if x & 1 != sign:
        x = P - x
    return x, y


def _double(point: tuple[int, int]) -> tuple[int, int]:
    # twisted Edwards addition (a = -1), complete for Ed25519 because d is not a square
    x, y = point
    t = D * x * x * y * y % P
    return (2 * x * y * pow(1 + t, -1, P) % P, (y * y + x * x) * pow(1 - t, -1, P) % P)


def is_weak_public_key(public_key: bytes) -> bool:
    """True for any 32 bytes that are not a canonical point of order greater than 8."""
    return _weak(bytes(public_key))


@lru_cache(maxsize=256)  # ~0.2 ms per key; a verifier sees the same few keys again and again
def _weak(public_key: bytes) -> bool:
    point = _decode(public_key)
    if point is None:
        return True
    for _ in range(3):
        point = _double(point)
    return point == (0, 1)
