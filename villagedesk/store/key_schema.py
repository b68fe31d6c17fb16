"""Tables of schema v3 for the desk's signing keys and the offices it trusts.

Frozen once released: a later change is a new migration step, never an edit here.
"""

V3_KEYS: tuple[str, ...] = ()
