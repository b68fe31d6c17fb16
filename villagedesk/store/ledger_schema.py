"""Tables, indexes and triggers of schema v3 for the certificate-issuance ledger.

Frozen once released: a later change is a new migration step, never an edit here.
"""

V3_LEDGER: tuple[str, ...] = ()
