"""What the certificate and ledger services hand back, typed (issue #10 item 5).

The window reads attributes; the CLI prints `to_dict()`, whose keys and order are the
documented `--json` shapes (README, docs) and never change: a new fact is a new key. One
fact has one name here (the entry's row id is `entry_id`, its number `number`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any


class Result:
    """A service result: `to_dict()` gives the JSON shape (fields in declared order, optional
    ones left out while they are None)."""

    _optional: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]  # every subclass is a dataclass
            value = getattr(self, f.name)
            if f.name in self._optional and value is None:
                continue
            out[f.name] = value
        return out

    # reading a result by its JSON key, as callers written against the dict shape do (tests,
    # older scripts); new code reads the attributes
    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.to_dict().get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self.to_dict()


@dataclass(frozen=True)
class IssueRequest:
    """One certificate to issue: what the clerk filled in and chose (cert issue, 出具证明)."""

    item_code: str
    values: dict[str, Any]
    materials: tuple[str, ...] | list[str] = ()
    handler: str = ""
    reviewer: str = ""
    recipient: str = ""
    note: str = ""
    out: Any = None  # a path the clerk chose, else 证明/<year>/<number>.pdf
    accept_number: str | None = None  # issue on an accepted request (受理号)
    verification: str = ""
    major: bool = False
    legal_risk: bool = False
    decision_record: str = ""
    today: date | None = None
    replaces_number: str | None = None  # 作废并重新出具: the certificate voided and replaced
    void_reason: str = ""
    pdf: bool = True
    overwrite: bool = False


@dataclass(frozen=True)
class Issued(Result):
    """A numbered document entered in the ledger: a certificate, a refusal notice or an
    acceptance, with its PDF (None when none was drawn)."""

    number: str
    entry_id: int
    kind: str
    payload: str
    pdf: str | None
    issued_on: str
    subject_name: str
    item_code: str
    item_title: str


@dataclass(frozen=True)
class Certificate(Issued):
    replaces: str | None = None


@dataclass(frozen=True)
class Accepted(Issued):
    due_on: str = ""
    working_days: int = 0
    warning: str | None = None


@dataclass(frozen=True)
class Refused(Issued):
    reason: str = ""
    channel: Any = None
    department: Any = None
    clauses: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Voided(Result):
    voided: str  # the number of the certificate voided
    entry_id: int
    reason: str
    issued_on: str


@dataclass(frozen=True)
class Reprinted(Result):
    number: str
    pdf: str
    status: str
    kind: str
    voided: bool
    void_notice: str


@dataclass(frozen=True)
class Amended(Result):
    number: str
    entry_id: int
    kind: str
    changed: list[str]
    reason: str
    issued_on: str
    values: dict[str, Any]
    materials: list[str]
    due_on: str


@dataclass(frozen=True)
class LedgerCheck(Result):
    """`ledger verify`: whether the chain holds, how many entries, the first that does not."""

    _optional = ("message", "mode")

    ok: bool
    entries: int
    first_bad: dict[str, Any] | None
    message: str | None = None
    mode: str | None = None
