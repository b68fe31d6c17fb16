"""One database holds many offices' ledgers (issue #10 item 2): a township desk keeps each
village's chain as a stream beside its own; the rules replay any stream, and a list of
entries before it touches a database; this desk's own views never show another office's."""

import pytest

from tests.store.test_ledger_store import SIGNER, add, cert
from villagedesk.core import ledger as rules
from villagedesk.core.errors import UserError
from villagedesk.services import desk as desk_service
from villagedesk.services.session import Session
from villagedesk.store import ledger_store as L

VILLAGE = "533103105202"  # the demo desk: 风平村


@pytest.fixture
def village(demo_session):
    db = demo_session.db
    first = add(db, cert(applicant="王一"))[0]
    add(db, cert(applicant="李二"), dict(kind="accept", applicant="张三", item_code="CN-BY-05", item_title="居（租）住证明",
                                     due_on="2030-01-10"))
    add(db, dict(kind="void", refers_to=first["id"], reason="写错"), cert(applicant="王一", replaces=first["id"]))
    return demo_session


@pytest.fixture
def township(tmp_path):
    with Session(tmp_path / "township") as session:
        desk_service.init_desk(session, region_code="533103105000", name="芒市风平镇人民政府", level="township",
                               short_name="风平镇", handler="岩香")
        yield session


def _chain(session) -> list[tuple]:
    return list(L.walk(session.db))


def _desk_id(session) -> str:
    return session.require_desk().desk_id


def test_a_village_chain_is_kept_beside_the_township_own_and_verifies_there(village, township):
    chain = _chain(village)
    got = L.append_stream(township.db, office=VILLAGE, desk_id=_desk_id(village), entries=chain)
    assert got == {"stream": 1, "added": 5}
    assert L.verify(township.db, check_signature=SIGNER.check, stream=1) == {"ok": True, "entries": 5, "first_bad": None}
    # the township's own ledger is still empty and its searches never meet the village's entries
    assert L.head(township.db)["entries"] == 0 and L.count(township.db) == 0 and L.search(township.db, text="王一") == []
    assert L.verify(township.db, check_signature=None) == {"ok": True, "entries": 0, "first_bad": None}
    number = chain[0][rules.COLUMN["number"]]
    assert L.get_by_number(township.db, number) is None
    theirs = L.get_by_number(township.db, number, office=VILLAGE)
    assert theirs["status"] == "reissued" and theirs["id"] == (1 << 40) | 1
    assert [s["office"] for s in L.streams(township.db)] == ["533103105000", VILLAGE]


def test_importing_the_same_or_an_overlapping_chain_again_adds_nothing(village, township):
    chain = _chain(village)
    L.append_stream(township.db, office=VILLAGE, desk_id=_desk_id(village), entries=chain[:3])
    assert L.append_stream(township.db, office=VILLAGE, desk_id=_desk_id(village), entries=chain)["added"] == 2
    assert L.append_stream(township.db, office=VILLAGE, desk_id=_desk_id(village), entries=chain)["added"] == 0
    assert L.verify(township.db, check_signature=SIGNER.check, stream=1)["ok"]


def test_a_tampered_or_conflicting_chain_is_refused_and_nothing_is_written(village, township):
    chain = _chain(village)
    at = rules.COLUMN["applicant"]
    forged = [list(r) for r in chain]
    forged[2][at] = "李鬼"
    with pytest.raises(UserError, match="内容与哈希不符") as err:
        L.append_stream(township.db, office=VILLAGE, desk_id=_desk_id(village), entries=[tuple(r) for r in forged])
    assert "没有写入" in err.value.message
    assert township.db.execute("SELECT count(*) FROM ledger_entries").fetchone()[0] == 0
    L.append_stream(township.db, office=VILLAGE, desk_id=_desk_id(village), entries=chain[:3])
    other = list(chain[2])
    other[rules.COLUMN["entry_hash"]] = "f" * 64
    with pytest.raises(UserError, match="两个版本"):
        L.append_stream(township.db, office=VILLAGE, desk_id=_desk_id(village), entries=[tuple(other)])
    assert township.db.execute("SELECT count(*) FROM ledger_entries").fetchone()[0] == 3


def test_a_chain_claiming_the_desks_own_office_is_refused(village, township):
    with pytest.raises(UserError, match="本机自己的办公室"):
        L.append_stream(township.db, office="533103105000", desk_id="x", entries=_chain(village))


def test_the_same_number_may_exist_in_two_offices(village, tmp_path):
    """Two villages both called 新村 number their certificates alike; each number is unique in its office."""
    with Session(tmp_path / "other") as other:
        desk_service.init_desk(other, region_code="533103106201", name="芒市遮放镇风平村民委员会", level="village",
                               short_name="风平村", handler="玉香")
        mine = add(other.db, cert(applicant="岩温"))[0]
        theirs = _chain(village)
        assert theirs[0][rules.COLUMN["number"]] == mine["number"]
        assert L.append_stream(other.db, office=VILLAGE, desk_id=_desk_id(village), entries=theirs)["added"] == 5
        assert L.get_by_number(other.db, mine["number"])["applicant"] == "岩温"
        assert L.get_by_number(other.db, mine["number"], office=VILLAGE)["applicant"] == "王一"
        # another stream held here: this desk's own searches are bounded to its own chain
        assert [e["applicant"] for e in L.search(other.db, text="")] == ["岩温"]
        assert L.verify(other.db, check_signature=SIGNER.check)["ok"]


def test_the_rules_replay_a_list_of_entries_before_any_database(village):
    chain = _chain(village)
    replay = rules.Replay()
    assert replay.feed_all(chain) is None and replay.count == 5
    assert [cp.entry_id for cp in replay.checkpoints] == [5]
    cut = chain[:1] + chain[2:]  # an entry taken out of a bundle
    problem = rules.Replay().feed_all(cut)
    assert problem.entry_id == 3 and "接不上" in problem.problem
    bad = [list(r) for r in chain]
    bad[4][rules.COLUMN["replaces"]] = 2  # a reissue pointing at a certificate still valid
    bad[4][rules.COLUMN["entry_hash"]] = rules.hash_of_values(bad[4])
    problem = rules.Replay().feed_all([tuple(r) for r in bad])
    assert problem.entry_id == 5 and "不合规则" in problem.problem


def test_malformed_entries_from_a_bundle_are_refused_in_chinese_and_nothing_is_written(village, township):
    chain = _chain(village)
    assert isinstance(chain[0], rules.Entry) and chain[0].id == 1 and chain[0].kind == "issue"
    for bad in ([chain[0][:-1]], [chain[0]._replace(id="1")], [chain[0]._replace(id=0)]):
        with pytest.raises(UserError, match="没有写入"):
            L.append_stream(township.db, office=VILLAGE, desk_id=_desk_id(village), entries=bad)
    assert township.db.execute("SELECT count(*) FROM ledger_entries").fetchone()[0] == 0
