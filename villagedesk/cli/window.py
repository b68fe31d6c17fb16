"""`villagedesk` with no command, or `villagedesk gui`: the window (never without a display)."""

from __future__ import annotations

import sys

from villagedesk.cli.common import EXIT_BAD_INPUT

NO_DISPLAY = "无法打开窗口：没有图形显示（DISPLAY 未设置）。请在桌面环境中运行，或使用命令行子命令，见 villagedesk --help"


def add_parsers(sub, common) -> None:
    sub.add_parser("gui", parents=[common], help="打开窗口")


def missing_display(environ=None, platform: str | None = None) -> bool:
    """On Linux (and other X11 systems) a window needs an X or Wayland display: without one Qt's
    xcb plugin aborts with an English message and a core dump. QT_QPA_PLATFORM set to anything
    but xcb/wayland (offscreen, vnc…) brings its own display."""
    import os

    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return False
    qpa = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if qpa and not qpa.startswith(("xcb", "wayland")):
        return False
    has_x, has_wayland = bool(environ.get("DISPLAY")), bool(environ.get("WAYLAND_DISPLAY"))
    if qpa.startswith("xcb"):
        return not has_x
    if qpa.startswith("wayland"):
        return not has_wayland
    return not (has_x or has_wayland)


def cmd_gui(args) -> int:
    if missing_display():
        sys.stderr.write(NO_DISPLAY + "\n")
        return EXIT_BAD_INPUT
    from villagedesk.ui.app import run

    return run(data_dir=getattr(args, "data_dir", None), demo=getattr(args, "demo", False))


COMMANDS = {"gui": cmd_gui}
