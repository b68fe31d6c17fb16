"""Bundles made by an insider: someone who holds a genuine, trusted desk key (a dishonest
village clerk, a township desk relaying bundles up) and signs whatever they like with it.

The tests build the manifest and members themselves and sign them with the key the fixture
desk really holds, so every outsider check (signature, hashes, names) passes and only the
import's judgement of the content stands between the bundle and the database.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import db_snapshot
from villagedesk.core import bundle_format as fmt
from villagedesk.core.errors import UserError
from villagedesk.services import sync
from villagedesk.services.session import Session
from villagedesk.store import key_store
from villagedesk.sync import container, ledger_section


def signer_of(session: Session):
    d = session.require_desk()
    return key_store.own_signer(session.db, office_code=d.region_code, office_name=d.name)


def craft(session: Session, folder: Path, *, kinds: list[str], sections: dict[str, list], members: dict[str, bytes],
          addressee: str, name: str = "crafted", source: dict | None = None, **manifest: Any) -> Path:
    """A bundle signed by `session`'s own genuine key, with whatever manifest and members."""
    d = session.require_desk()
    signer = signer_of(session)
    doc: dict[str, Any] = {
        "format": fmt.FORMAT, "version": fmt.VERSION, "bundle_id": str(uuid.uuid4()),
        "created_at": "2026-12-05T10:00:00+08:00", "kinds": kinds, "full": False,
        "source": {"office": d.region_code, "name": d.name, "short_name": d.short_name, "level": d.level,
                   "desk_id": d.desk_id, "key_id": signer.key_id_hex, "alg": "Ed25519",
                   "public_key": sync._b64(signer.public_key), **(source or {})},
        "addressee": {"office": addressee, "name": ""}, "sections": sections,
        "counts": {k: sum(int(p.get("count", 0)) for p in v) for k, v in sections.items()}, **manifest,
    }
    path = Path(folder) / f"{name}-{uuid.uuid4().hex[:8]}.vdbundle"
    path.write_bytes(container.pack(doc, members, signer.sign))
    return path


def opened(path: Path | str) -> tuple[dict, dict[str, bytes]]:
    """A genuine bundle's manifest (without its member list) and members, to change and re-sign."""
    b = container.read(container.read_file(Path(path)))
    manifest = json.loads(json.dumps(b.manifest.raw))
    manifest.pop("members")
    return manifest, dict(b.members)


def resign(session: Session, folder: Path, manifest: dict, members: dict[str, bytes], name: str = "resigned",
           *, recount: bool = True) -> Path:
    """The (changed) manifest and members signed again with `session`'s genuine key; with
    `recount`, the manifest's counts made to agree with its parts first (as a careful forger would)."""
    if recount:
        manifest["counts"] = {k: sum(int(p.get("count", 0)) for p in v) for k, v in manifest["sections"].items()}
    path = Path(folder) / f"{name}-{uuid.uuid4().hex[:8]}.vdbundle"
    path.write_bytes(container.pack(manifest, members, signer_of(session).sign))
    return path


def columns(members: dict[str, bytes], part: dict) -> dict:
    return json.loads(members[part["member"]])


def rehash(members: dict[str, bytes], part: dict, doc: dict, signer: Session | None = None) -> None:
    """Put a changed columns document back and make the part's range and head agree with it,
    as a relay recomputing the hashes would; with `signer`, its genuine key signs the new
    checkpoints too (what the village that owns the chain can do, and nobody else)."""
    def put() -> list:
        members[part["member"]] = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return ledger_section.unpack(members[part["member"]], members[part["payloads"]],
                                     first=part["from"], prev_hash=part["prev_hash"])
    try:
        entries = put()
    except UserError:  # a value the import refuses before any hash: leave the rest as it was
        return
    if signer is not None:
        sign = signer_of(signer).sign
        doc["signatures"] = {str(i): sign(bytes.fromhex(entries[i].entry_hash)).hex()
                             for i in ledger_section.checkpoints(entries)}
        entries = put()
    count = len(entries)
    part.update(to=part["from"] + count - 1, count=count, head_hash=entries[-1].entry_hash)


def payload_blob(members: dict[str, bytes], part: dict) -> list[bytes]:
    return ledger_section._payloads(members[part["payloads"]], len(columns(members, part)["columns"]["kind"]))


def set_payloads(members: dict[str, bytes], part: dict, blobs: list[bytes]) -> None:
    members[part["payloads"]] = b"".join(ledger_section._varint(len(b)) + b for b in blobs)


def content(snapshot: str) -> str:
    """The desk's content without the log of bundles (a refusal is recorded there)."""
    return "\n".join(line for line in snapshot.splitlines() if "sync_bundles" not in line)


def refused(session: Session, path: Path, match: str, **kw) -> UserError:
    """The import refuses with a Chinese reason matching `match`, and nothing else changes."""
    before = content(db_snapshot(session.db_path))
    with pytest.raises(UserError, match=match) as caught:
        sync.import_bundle(session, path, **kw)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)
    assert content(db_snapshot(session.db_path)) == before
    return caught.value


def test_a_crafted_copy_of_a_genuine_bundle_imports_like_the_original(village, township, tmp_path, stick):
    """The helper itself: re-signing a genuine bundle unchanged gives a bundle the township takes."""
    from tests.sync.conftest import issue, key_print

    issue(village, tmp_path, 2)
    genuine = sync.export_bundle(village, stick)["file"]
    manifest, members = opened(genuine)
    copy = resign(village, tmp_path, manifest, members)
    done = sync.import_bundle(township, copy, trust_fingerprint=key_print(copy))
    assert done["status"] == "applied" and done["added"] == 2
