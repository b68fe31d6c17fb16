"""The fast paths of USB sync give exactly what the plain ones gave (issue #11 speed budgets):
a bundle's entries rehashed column by column hash as core.ledger does for every kind of
value, payloads decoded in batches travel as one by one, and a chain stored in one pass has
the state rows the clerk's own desk wrote entry by entry."""

import json

import pytest

from tests.store.test_ledger_store import SIGNER, add, cert
from villagedesk.core import ledger as rules
from villagedesk.core.errors import UserError
from villagedesk.services import desk as desk_service
from villagedesk.services.session import Session
from villagedesk.store import ledger_store as L
from villagedesk.sync import ledger_section as S

VILLAGE = "533103105202"  # the demo desk: 风平村
_NULLABLE = {"series", "number", "due_on", "year", "seq", "refers_to", "replaces"}


def _entry(i: int, prev: str, **values) -> rules.Entry:
    row = {c: None if c in _NULLABLE else f"值{i}" for c in rules.HASHED_COLUMNS}
    row.update(id=i, prev_hash=prev, key_id="0123456789abcdef", payload="")
    row.update(values)
    h = rules.hash_of_values([row[c] for c in rules.HASHED_COLUMNS])
    return rules.Entry(**row, entry_hash=h, entry_sig="")


ODD_TEXTS = ['引号"与反斜杠\\', "换行\n制表\t回车\r", "控制\x01\x1f\x7f", "表情😀𠀀", "</script>&<>", "", " ", "\u2028\u2029",
             "ascii only", "混合 mixed ≠ ½"]


def _odd_chain(prev: str) -> list[rules.Entry]:
    out = []
    for i, text in enumerate(ODD_TEXTS * 3, 1):
        out.append(_entry(i, out[-1].entry_hash if out else prev, body=text, applicant=text[::-1], note=text * 2,
                          year=None if i % 2 else 2**52 + i, seq=i if i % 3 else None, number=None if i % 4 else text,
                          refers_to=None if i % 5 else 0, replaces=i * 7 if i % 6 == 0 else None,
                          payload=["", "VD1:", "VD1:0", "VD1:000", "VD1:%69 VD", "VD1:é00", "x"][i % 7]))
    return out


@pytest.mark.parametrize("prev", [rules.ZERO_HASH, "a" * 64, '"' * 32 + "\\" * 32, "中" * 64])
def test_a_section_rehashes_every_kind_of_value_as_core_ledger_does(prev):
    chain = _odd_chain(prev)
    doc, payloads = S.pack(chain)
    back = S.unpack(doc, payloads, first=1, prev_hash=prev)
    assert [e.entry_hash for e in back] == [e.entry_hash for e in chain]
    assert [e[:-1] for e in back] == [e[:-1] for e in chain]  # every value, the payloads included
    # a position further on hashes its `id` as that number
    later = S.unpack(doc, payloads, first=1_000_000, prev_hash=prev)
    assert later[0].entry_hash == rules.hash_of_values(later[0])


def test_payloads_decoded_together_are_those_decoded_one_by_one():
    texts = ["", "VD1:", "VD1:0", "VD1:00", "VD1:000", "VD1:GGW", "VD1:FGW", "VD1:ZZ", "VD1:aaa", "VD1:é00", "VD1:00ZZ",
             "X", "VD1:" + "A" * 30 + "~", "VD1:%69 VD", "vd1:%69 VD", "VD1:" + "0" * 3000]
    for shift in range(len(texts)):
        batch = texts[shift:] + texts[:shift]
        assert S._payloads_bytes(batch) == [S._payload_bytes(t) for t in batch]
        assert S._payloads_bytes([t for t in batch if t.startswith("VD1:0")]) == [
            S._payload_bytes(t) for t in batch if t.startswith("VD1:0")]
    assert S._payloads_bytes([]) == []


def test_a_payload_that_is_the_prefix_alone_travels_as_text():
    chain = [_entry(1, rules.ZERO_HASH, payload="VD1:")]
    doc, payloads = S.pack(chain)
    assert json.loads(doc)["payload_text"] == {"0": "VD1:"}
    assert S.unpack(doc, payloads, first=1, prev_hash=rules.ZERO_HASH)[0].payload == "VD1:"


def _doc(chain, **change) -> bytes:
    doc, _ = S.pack(chain)
    d = json.loads(doc)
    for k, v in change.items():
        d[k] = v
    return json.dumps(d, ensure_ascii=True).encode()


def test_a_lone_surrogate_or_an_odd_signature_key_is_refused_as_a_bad_bundle():
    chain = _odd_chain(rules.ZERO_HASH)
    _, payloads = S.pack(chain)
    doc = json.loads(S.pack(chain)[0])
    doc["columns"]["body"][3] = "\ud800"
    with pytest.raises(UserError, match="无效的字符"):
        S.unpack(json.dumps(doc).encode(), payloads, first=1, prev_hash=rules.ZERO_HASH)
    for key in ("²", "01x", "-1", "99"):
        with pytest.raises(UserError, match="签名列表"):
            S.unpack(_doc(chain, signatures={key: "ab"}), payloads, first=1, prev_hash=rules.ZERO_HASH)
    # a null where a payload text would be is ignored, as before; a number is refused
    assert S.unpack(_doc(chain, payload_text={"0": None}), payloads, first=1, prev_hash=rules.ZERO_HASH)
    with pytest.raises(UserError, match="二维码数据不对"):
        S.unpack(_doc(chain, payload_text={"1": 5}), payloads, first=1, prev_hash=rules.ZERO_HASH)
    # "01" is not position 1: it is ignored, as before
    back = S.unpack(_doc(chain, signatures={"01": "ab"}), payloads, first=1, prev_hash=rules.ZERO_HASH)
    assert [e.entry_sig for e in back] == [""] * len(chain)


@pytest.fixture
def village(demo_session):
    db = demo_session.db
    first = add(db, cert(applicant="王一"))[0]
    accept = add(db, cert(applicant="李二"), dict(kind="accept", applicant="张三", item_code="CN-BY-05",
                                              item_title="居（租）住证明", due_on="2030-01-10"))[1]
    add(db, dict(kind="void", refers_to=first["id"], reason="写错"), cert(applicant="王一", replaces=first["id"]))
    add(db, cert(applicant="张三", refers_to=accept["id"]))
    second = add(db, cert(applicant="赵四"))[0]
    add(db, dict(kind="void", refers_to=second["id"], reason="重复"))
    return demo_session


def _states(db, stream: int) -> list[tuple]:
    base = L.row_id(stream, 0)
    lo, hi = L.row_id(stream, 1), L.row_id(stream, (1 << 40) - 1)
    return [(r[0] - base, r[1], r[2] and r[2] - base, r[3] and r[3] - base, r[4]) for r in db.execute(
        "SELECT entry_id, status, closed_by, replaced_by, updated_at FROM ledger_state WHERE entry_id BETWEEN ? AND ? "
        "ORDER BY entry_id", [lo, hi]).fetchall()]


@pytest.mark.parametrize("cut", [0, 1, 3, 5, 7])
def test_a_chain_stored_in_one_pass_has_the_state_rows_the_village_wrote_one_by_one(village, tmp_path, cut):
    chain = list(L.walk(village.db))
    want = _states(village.db, 0)
    assert any(s[1] == "voided" for s in want) and any(s[1] == "reissued" for s in want)
    assert any(s[1] == "issued" for s in want)
    with Session(tmp_path / "township") as township:
        desk_service.init_desk(township, region_code="533103105000", name="芒市风平镇人民政府", level="township",
                               short_name="风平镇", handler="岩香")
        desk_id = village.require_desk().desk_id
        if cut:  # the later run's voids and decisions change rows stored by the earlier one
            L.append_stream(township.db, office=VILLAGE, desk_id=desk_id, entries=chain[:cut])
        L.append_stream(township.db, office=VILLAGE, desk_id=desk_id, entries=chain[cut:], hashed=True)
        assert _states(township.db, 1) == want
        assert L.verify(township.db, check_signature=SIGNER.check, stream=1)["ok"]
        assert township.db.execute("PRAGMA cache_size").fetchone()[0] == village.db.execute(
            "PRAGMA cache_size").fetchone()[0]


def test_base45_of_pairs_in_lanes_is_the_table_for_every_pair():
    every = b"".join(n.to_bytes(2, "big") for n in range(65536))
    assert S._b45_pairs(every) == "".join(S._ENC2)
    assert S._b45_pairs(every[::-1]) == "".join(S._ENC2[int.from_bytes(every[::-1][i:i + 2], "big")]
                                                  for i in range(0, len(every), 2))
    assert S._b45_pairs(b"") == ""
