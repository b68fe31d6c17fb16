"""`villagedesk sign check|audit|spec|proof`: the signboard checker on the command line."""

from __future__ import annotations

COMMANDS = ("sign",)


def add_parsers(sub, common, parser_class) -> None:
    pass


def run(args) -> int:
    raise NotImplementedError(args.command)
