"""Keys and trust travel by USB: a village's key enrols through the township to the county,
the county's signed trust list comes down (its key pinned once the officer confirmed the
fingerprint), and from then on bundles are accepted without any key trusted by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sync.conftest import issue
from villagedesk.core.errors import UserError
from villagedesk.services import sync, trust, verification
from villagedesk.sync import container


def _fp(path: str) -> str:
    from villagedesk.core.key_fingerprint import fingerprint

    return fingerprint(container.read(container.read_file(Path(path))).manifest.public_key)


def test_enrolment_up_trust_list_down_then_ledgers_flow_without_hand_trust(village, township, county, tmp_path, stick):
    issued = issue(village, tmp_path, 2)
    enrol = sync.export_bundle(village, stick, kinds=["enrolment"])
    got = sync.import_bundle(township, enrol["file"])  # an enrolment alone needs no trusted key
    assert got["enrolments"][0]["office_code"] == "533103105201"
    up = sync.export_bundle(township, stick, kinds=["enrolment"])
    got = sync.import_bundle(county, up["file"])
    offices = {e["office_code"] for e in trust.enrolments(county, "pending")}
    assert offices == {"533103105201", "533103105000"}
    for e in trust.enrolments(county, "pending"):
        trust.decide_enrolment(county, e["key_id"], accept=True, note="电话核对")
    trust.publish_trust_list(county)
    down = sync.export_bundle(county, stick)
    assert "trust-list" in down["kinds"]
    with pytest.raises(UserError, match="核对密钥指纹"):
        sync.preview_import(township, down["file"])
    county_print = _fp(down["file"])
    preview = sync.preview_import(township, down["file"], county_fingerprint=county_print)
    assert preview["trust_list"]["needs_pin"] and preview["trust_list"]["serial"] >= 1
    assert sync.import_bundle(township, down["file"], county_fingerprint=county_print)["status"] == "applied"
    # the township passes the county's list down; the village pins the same county key
    to_villages = sync.export_bundle(township, stick, down=True)
    assert sync.import_bundle(village, to_villages["file"], county_fingerprint=county_print)["status"] == "applied"
    # now the village's ledger is accepted by the trust list alone
    ledger = sync.export_bundle(village, stick)
    done = sync.import_bundle(township, ledger["file"])
    assert done["added"] == 2 and done["signer"]["via"] == "trust-list"
    answer = verification.verify_text(township, issued[1]["payload"])
    assert answer["status"] == "valid" and "信任清单" in answer["explanation"]
    # and the township passes every village's chain up to the county
    to_county = sync.export_bundle(township, stick)
    assert sync.import_bundle(county, to_county["file"])["added"] == 2
