"""Print the applicable catalogues for the wall (目录上墙), as a PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from villagedesk.core.errors import UserError
from villagedesk.core.lists import LISTS
from villagedesk.services import catalogue as catalogue_service
from villagedesk.services.desk import info as desk_info
from villagedesk.services.session import Session


def print_catalogue(session: Session, out: Path, *, list_name: str | None = None, overwrite: bool = False) -> dict:
    from villagedesk.files import check_output

    out = check_output(out, suffix=".pdf", data_dir=session.data_dir, overwrite=overwrite)
    about = desk_info(session)
    key = catalogue_service.resolve_list(list_name)
    sections = []
    for kind in LISTS:
        if key and kind.key != key:
            continue
        items = catalogue_service.list_items(session, kind.key)
        if items:
            sections.append((kind.key, kind.name, items))
    if not sections:
        raise UserError("没有可打印的事项")
    from villagedesk.render import fonts
    from villagedesk.render.catalogue_sheet import render_catalogue_sheet

    text = "".join(i["title"] + i["basis"] + i["clause"] for _, _, items in sections for i in items)
    missing = fonts.missing_chars(text + about["desk"]["name"])
    if missing:
        raise UserError("内置字体缺少这些字，打印会留空，已停止：" + "、".join(missing[:10]))
    subtitle = f"适用目录：{about['catalogue_summary']} · {date.today():%Y年%m月%d日}"
    pages = render_catalogue_sheet(out, office=about["desk"]["name"] + " 村级组织工作事务、机制牌子和证明事项目录",
                                   subtitle=subtitle, sections=sections)
    return {"file": str(out), "pages": pages, "items": sum(len(s[2]) for s in sections),
            "lists": [s[1] for s in sections]}
