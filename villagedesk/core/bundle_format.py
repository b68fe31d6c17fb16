"""The sync bundle's rules (docs/formats/bundle.md): the manifest, its checks, the member
names and limits, who a bundle may be addressed to. Pure: the container (a zip file) is
sync/container.py's, the records are the services'.

A bundle is one file a desk writes for another office: a zip holding `manifest.json`, its
Ed25519 signature `manifest.sig` by the source desk's key, and members the manifest names
with their SHA-256 and size, so the signature covers every byte. The manifest is checked
before any member is read, and every member against the manifest before anything is applied.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from datetime import UTC, datetime

from villagedesk.core.errors import UserError
from villagedesk.core.payload import key_id_for
from villagedesk.core.text import control_chars

FORMAT = "villagedesk-bundle"
VERSION = 1
SUFFIX = ".vdbundle"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"

# what a bundle may carry (`kinds`), in the order they are applied
KINDS = ("enrolment", "trust-list", "catalogue", "ledger", "refused", "audits", "acks")
KIND_NAMES = {"enrolment": "密钥登记", "trust-list": "信任清单", "catalogue": "目录", "ledger": "证明台账",
              "refused": "拒绝的部门事项", "audits": "牌子摸排", "acks": "回执"}
UP_KINDS = ("ledger", "refused", "audits", "enrolment")  # village → township → county
DOWN_KINDS = ("catalogue", "trust-list", "acks")  # county → township → village

# limits: a FAT32 stick holds files below 4 GiB; a member may not unpack to more than this,
# nor more than MAX_RATIO times its packed size (a zip bomb packs 1,000:1 and more)
FAT32_MAX = 4 * 1024 ** 3 - 1
MAX_MANIFEST = 4 * 1024 ** 2
MAX_MEMBER = 1024 ** 3
MAX_TOTAL = 2 * 1024 ** 3
MAX_RATIO = 200
MAX_MEMBERS = 4096
MEMBER_NAME = re.compile(r"(?:[a-z]+(?:-[a-z]+)*)(?:-[0-9]{1,6})?\.(?:json|bin)")
_OFFICE = re.compile(r"[0-9]{12}")
_HEX16 = re.compile(r"[0-9a-f]{16}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
# FAT32 and Windows refuse these in a name; a bundle's name is plain ASCII anyway
_UNSAFE_NAME = re.compile(r'[\x00-\x1f"*/:<>?\\|]')


class BundleRefused(UserError):
    """A bundle refused whole; `reason` is what is wrong, without the frame the message puts
    around it (a batch's table shows the frame once, as the file's status)."""

    def __init__(self, reason: str):
        super().__init__(f"不能导入：{reason}（没有导入任何内容）", where="同步包")
        self.reason = reason


def bundle_error(reason: str) -> BundleRefused:
    return BundleRefused(reason)


@dataclass(frozen=True)
class Manifest:
    """A checked manifest: `raw` is the parsed JSON, the rest its parts the import needs."""

    raw: dict
    bundle_id: str
    kinds: tuple[str, ...]
    created_at: str
    source_office: str
    source_name: str
    source_level: str
    desk_id: str
    key_id: str
    public_key: bytes
    addressee: str
    members: dict[str, dict]  # name → {"sha256", "size"}
    full: bool

    def section(self, kind: str) -> list[dict]:
        return list(self.raw.get("sections", {}).get(kind, []))


def manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    """What the signature covers: the manifest as stored (compact JSON, keys sorted, UTF-8)."""
    return json.dumps(manifest, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def parse_manifest(data: bytes) -> Manifest:
    """Check a manifest's shape, format and version; Chinese reasons naming the field."""
    if len(data) > MAX_MANIFEST:
        raise bundle_error("清单（manifest）过大，不是村务桌面写出的同步包")
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise bundle_error("清单（manifest）不是有效的 JSON：文件已损坏或被改动") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise bundle_error("不是村务桌面的同步包（清单格式不对）")
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise bundle_error("清单缺少格式版本号")
    if version > VERSION:
        raise bundle_error(f"这是更新版本的村务桌面写出的同步包（格式第 {version} 版，本程序认识第 {VERSION} 版）：请先升级村务桌面")
    if version < 1:
        raise bundle_error(f"格式版本号不对：{version}")

    def text(obj: Any, key: str, label: str, pattern: re.Pattern | None = None, limit: int = 200) -> str:
        value = obj.get(key) if isinstance(obj, dict) else None
        if not isinstance(value, str) or len(value) > limit or (pattern is not None and not pattern.fullmatch(value)):
            raise bundle_error(f"清单中的{label}缺失或格式不对")
        if control_chars(value):  # a name shown in every window and report: no ESC, no U+202E reordering it
            raise bundle_error(f"清单中的{label}含有不可见的控制字符")
        return value

    source = raw.get("source")
    addressee = raw.get("addressee")
    kinds = raw.get("kinds")
    if not isinstance(kinds, list) or not kinds or any(k not in KINDS for k in kinds) or len(set(kinds)) != len(kinds):
        raise bundle_error(f"清单中的内容种类不对：{kinds!r}"[:200])
    try:
        public_key = base64.b64decode(text(source, "public_key", "来源公钥"), validate=True)
    except (binascii.Error, ValueError):
        raise bundle_error("清单中的来源公钥不是有效的 Base64") from None
    if len(public_key) != 32:
        raise bundle_error("清单中的来源公钥长度不对")
    key_id = text(source, "key_id", "来源密钥编号", _HEX16)
    if key_id_for(public_key).hex() != key_id:
        raise bundle_error("清单中的密钥编号与公钥不符")
    members_raw = raw.get("members")
    if not isinstance(members_raw, list) or len(members_raw) > MAX_MEMBERS:
        raise bundle_error("清单中的文件列表不对")
    members: dict[str, dict] = {}
    for m in members_raw:
        name = text(m, "name", "文件名", MEMBER_NAME, 64)
        sha = text(m, "sha256", "文件哈希", _HEX64)
        size = m.get("size")
        if isinstance(size, bool) or not isinstance(size, int) or not 0 <= size <= MAX_MEMBER or name in members:
            raise bundle_error(f"清单中「{name}」的大小不对或重复")
        members[name] = {"sha256": sha, "size": size}
    if sum(m["size"] for m in members.values()) > MAX_TOTAL:
        raise bundle_error("同步包的内容过大")
    sections = raw.get("sections", {})
    if not isinstance(sections, dict) or any(k not in kinds or not isinstance(v, list) for k, v in sections.items()):
        raise bundle_error("清单中的分节不对")
    for kind, parts in sections.items():
        for part in parts:
            for key in ("member", "payloads", "signatures"):
                if key in part and part[key] not in members:
                    raise bundle_error(f"清单的「{KIND_NAMES[kind]}」分节指向不存在的文件")
    return Manifest(
        raw=raw, bundle_id=text(raw, "bundle_id", "包编号", limit=64), kinds=tuple(kinds),
        created_at=text(raw, "created_at", "写出时间", limit=40),
        source_office=text(source, "office", "来源单位代码", _OFFICE), source_name=text(source, "name", "来源单位名称"),
        source_level=text(source, "level", "来源单位级别", limit=20), desk_id=text(source, "desk_id", "来源电脑编号", limit=64),
        key_id=key_id, public_key=public_key, addressee=text(addressee, "office", "收件单位代码", _OFFICE),
        members=members, full=bool(raw.get("full")),
    )


# ---------------------------------------------------------------- offices and addressees
# GB/T 2260 + 统计用区划代码: 2 province, 2 city, 2 county, 3 township, 3 village digits


def parent_office(code: str, level: str) -> str:
    """Where a desk's bundles go up: a village's to its township, a township's to its county."""
    if level == "village":
        return code[:9] + "000"
    if level == "township":
        return code[:6] + "000000"
    raise UserError("县级办公室没有上级收件单位：请写明收件单位代码", where="收件单位")


def region_prefix(code: str) -> str:
    """The digits an office's region shares with every office inside it (533103000000 → 533103)."""
    for width in (6, 9, 12):
        if code[width:].strip("0") == "":
            return code[:width]
    return code


def addressed_to(kinds: tuple[str, ...], addressee: str, office: str) -> bool:
    """A bundle addressed to an office reaches that office. One that only goes down (catalogue,
    trust list, acknowledgements) and is addressed to a township or county reaches every office
    inside it; a ledger going up reaches only its addressee, never a neighbouring village."""
    if office == addressee:
        return True
    return all(k in DOWN_KINDS for k in kinds) and office.startswith(region_prefix(addressee))


def safe_file_name(name: str) -> bool:
    return 0 < len(name) <= 120 and name.isascii() and not _UNSAFE_NAME.search(name) and not name.startswith(".")


def bundle_file_name(office: str, kind: str, stamp: str) -> str:
    """A name every stick takes (FAT32: ASCII, no reserved characters, short):
    VD-533103105201-up-20261205-093000.vdbundle."""
    name = f"VD-{office}-{kind}-{stamp}{SUFFIX}"
    assert safe_file_name(name)
    return name


def written_at(created_at: str) -> datetime:
    """A manifest's created_at as an instant, to order two bundles of one desk (written to the
    microsecond since stop 18, to the second before; an offset-less or unreadable time counts
    as the earliest). Strings are not compared: the PC's time zone may have changed between."""
    try:
        when = datetime.fromisoformat(created_at)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=UTC)
    return when if when.tzinfo is not None else datetime.min.replace(tzinfo=UTC)
