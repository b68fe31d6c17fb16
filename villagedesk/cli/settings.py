"""`villagedesk settings show|set`: the desk's settings (handler, font scale, language…)."""

from __future__ import annotations

from villagedesk.cli.common import EXIT_OK, Parser, desk_session, print_result


def add_parsers(sub, common) -> None:
    st = sub.add_parser("settings", parents=[common], help="查看或修改设置（如经办人、字体缩放）")
    sts = st.add_subparsers(dest="action", metavar="操作", parser_class=Parser, required=True)
    sts.add_parser("show", parents=[common], help="显示全部设置")
    st_set = sts.add_parser("set", parents=[common], help="修改一项设置，如 handler 张丽、font-scale 1.25")
    st_set.add_argument("key")
    st_set.add_argument("value")


def cmd_settings(args) -> int:
    from villagedesk.services import settings

    session = desk_session(args)
    # the language may be chosen before the first-run form, so that the form speaks it too
    if not (args.action == "set" and args.key.replace("-", "_") == "language"):
        session.require_desk()
    result = settings.get_settings(session) if args.action == "show" else settings.set_setting(session, args.key, args.value)
    print_result(args, result, lambda r: "\n".join(f"{k.replace('_', '-')} = {v}" for k, v in r.items()
                                                   if k not in settings.OLD_KEYS))
    return EXIT_OK


COMMANDS = {"settings": cmd_settings}
