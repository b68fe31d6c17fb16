"""Reading certificate form files (forms/*.toml of the program, an office's 表单/*.toml) from
disk and handing their bytes to core/forms.py, which parses and checks them: core reads no
file (tests/test_layering.py).

A file is read only up to core.forms.MAX_FORM_BYTES + 1 bytes (a huge file is refused
without reading it all); a file that cannot be read is a FormFileError naming it.
"""

from __future__ import annotations

from pathlib import Path

from villagedesk.core.errors import UserError
from villagedesk.core.forms import MAX_FORM_BYTES, Form, FormFileError, duplicate_form, parse_form_bytes


def load_forms(directory: str | Path, *, skipped: list[str] | None = None) -> dict[str, Form]:
    """Every *.toml form in the folder, by id. Without `skipped` any wrong file stops the
    load (the program's own forms/ must all be right); with it, as for the county's forms in
    the data folder, a wrong file is left out and a Chinese warning naming it is appended,
    so that one bad file does not stop all certificate work."""
    folder = Path(directory)
    if not folder.is_dir():
        raise UserError(f"找不到表单文件夹 {folder}", where="forms")
    forms: dict[str, Form] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            form = load_form(path)
            clash = duplicate_form(form, forms)
            if clash is not None:
                raise clash
        except UserError as exc:
            if skipped is None:
                raise
            skipped.append(f"表单文件 {path.name} 有误，已跳过：{exc.message}"
                           + "".join(f"；{p.text()}" for p in exc.problems[:3]))
            continue
        forms[form.id] = form
    return forms


def load_form(path: str | Path) -> Form:
    """One form file; its folder and name are how every error names it."""
    path = Path(path)
    shown = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FORM_BYTES + 1)
    except OSError as exc:
        raise FormFileError(shown, "", f"无法读取文件：{exc.strerror or exc}") from None
    return parse_form_bytes(data, shown)
