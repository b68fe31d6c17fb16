"""`villagedesk cert|ledger|verify|key`: certificates, the issuance ledger and verification."""

from __future__ import annotations

COMMANDS = ("cert", "ledger", "verify", "key")


def add_parsers(sub, common, parser_class) -> None:
    pass


def run(args) -> int:
    raise NotImplementedError(args.command)
