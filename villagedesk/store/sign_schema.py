"""Tables of schema v4 for signboard inventories and their audit results.

Frozen once released: a later change is a new migration step, never an edit here.
"""

V4_SIGNS: tuple[str, ...] = ()
