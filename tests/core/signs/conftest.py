"""Rule sets and the demo office for the signboard tests (compiled once, as the app does)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "signs"


@pytest.fixture(scope="session")
def load():
    from villagedesk.services.signs import load_rules

    return load_rules


@pytest.fixture(scope="session")
def dehong(load):
    return load("yunnan-dehong")


@pytest.fixture(scope="session")
def office() -> dict:
    from villagedesk import resources

    return resources.read_json("demo", "desk.json")


@pytest.fixture
def party_spec() -> dict:
    return json.loads((FIXTURES / "dehong-party-strip.json").read_text(encoding="utf-8"))


@pytest.fixture
def check(dehong, office):
    """check(spec_dict, rules=dehong) → the checker's answer for the demo office."""
    from villagedesk.core.signs.checker import check_sign
    from villagedesk.core.signs.spec import spec_from_dict

    def run(data: dict, rules=None, **kw):
        rules = rules or dehong
        kw.setdefault("office", office)
        return check_sign(spec_from_dict(data, rules), rules, **kw)

    return run
