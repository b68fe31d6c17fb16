"""The schema's migration steps, one module per version, each frozen once released.

As Electrum's wallet upgrades: a step carries its own SQL and Python and never calls
today's store code (catalogue_store, ledger_store…), because today's code assumes today's
schema, and a desk of schema v1 must upgrade the same way in ten years as it did the day
v2 shipped. A step module may import only core (pure rules), `villagedesk.files` (private
files), `store.key_file` (the key file format, v6) and earlier steps' frozen constants —
tests/test_layering.py checks it.

Each module has `upgrade(db)`, run by `store/migrations.migrate` inside the transaction that
also sets `PRAGMA user_version`. Adding a version is one new module and one line below.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

STEPS = (  # the module that brings the file to version n is STEPS[n - 1]
    "v1_desk_and_catalogues",
    "v2_search_index",
    "v3_ledger_and_keys",
    "v4_signboards",
    "v5_ledger_amendments",
    "v6_private_key_out",
    "v7_refused_requests",
    "v8_many_offices",
    "v9_sync",
    "v10_desk_seat",
)
LATEST = len(STEPS)


def upgrade_to(version: int) -> Callable:
    """The `upgrade(db)` that brings a file from `version - 1` to `version`."""
    return importlib.import_module(f"{__name__}.{STEPS[version - 1]}").upgrade
