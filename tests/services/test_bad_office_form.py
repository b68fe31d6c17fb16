"""One wrong form file in <data>/表单/ is skipped with a warning (issue 9, part 6), instead
of stopping every certificate at the desk."""

from __future__ import annotations

import json
import shutil

from villagedesk import resources
from villagedesk.services import cert_requests, certificates, desk


def _office_forms(demo_dir):
    folder = demo_dir / cert_requests.OFFICE_FORMS
    folder.mkdir()
    shutil.copy(resources.forms_dir() / "residence.toml", folder / "residence.toml")  # a good override
    (folder / "broken.toml").write_text('id = "broken"\ntitle = \n', encoding="utf-8")
    (folder / "poor_student.toml").write_bytes(b"id = \"poor_student\"\xff\xfe\n")
    return folder


def test_a_bad_form_file_is_skipped_and_named_everywhere(demo_dir):
    from villagedesk.services.session import Session

    _office_forms(demo_dir)
    with Session(demo_dir) as session:
        warnings = cert_requests.office_form_warnings(session)
        assert [w.split("有误")[0] for w in warnings] == ["表单文件 broken.toml ", "表单文件 poor_student.toml "]
        assert all("已跳过：" in w for w in warnings) and "UTF-8" in warnings[1]
        prepared = certificates.prepare(session, "generic")  # certificate work goes on
        assert prepared["form"]["id"] == "generic" and prepared["form_warnings"] == warnings
        assert desk.info(session)["form_warnings"] == warnings
        assert "residence" in cert_requests.forms_for(session)


def test_the_cli_shows_the_warning_in_info_and_cert_form(cli, demo_dir):
    _office_forms(demo_dir)
    info = cli("info", data_dir=demo_dir, check_exit=0)
    assert "※ 表单文件 broken.toml 有误，已跳过：" in info.stdout
    form = cli("cert", "form", "generic", data_dir=demo_dir, check_exit=0)
    assert "※ 表单文件 poor_student.toml 有误，已跳过：" in form.stdout
    doc = json.loads(cli("--json", "info", data_dir=demo_dir, check_exit=0).stdout)
    assert len(doc["form_warnings"]) == 2


def test_the_program_s_own_forms_still_fail_loudly(tmp_path):
    import pytest

    from villagedesk.core.forms import FormFileError
    from villagedesk.services.form_files import load_forms

    (tmp_path / "x.toml").write_text("id = ", encoding="utf-8")
    with pytest.raises(FormFileError):
        load_forms(tmp_path)
    skipped: list[str] = []
    assert load_forms(tmp_path, skipped=skipped) == {} and skipped[0].startswith("表单文件 x.toml 有误，已跳过：")


def test_the_form_whose_own_file_is_wrong_is_refused_not_replaced_by_the_built_in_one(demo_dir):
    import pytest

    from villagedesk.core.errors import UserError
    from villagedesk.services.session import Session

    folder = _office_forms(demo_dir)
    with Session(demo_dir) as session:
        with pytest.raises(UserError, match="表单文件 poor_student.toml 有误，已跳过") as exc:
            cert_requests.form_by_id("poor_student", session)
        assert "改正前不能使用这个表单" in exc.value.text()
        (folder / "poor_student.toml").unlink()
        assert cert_requests.form_by_id("poor_student", session).id == "poor_student"  # the built-in one again


def test_hostile_form_files_are_form_errors_not_crashes(tmp_path):
    import pytest

    from villagedesk.core.forms import MAX_FORM_BYTES, FormFileError
    from villagedesk.services.form_files import load_form

    cases = {"deep.toml": "a = " + "[" * 50_000, "digits.toml": "a = " + "9" * 5000,
             "huge.toml": "# " + "x" * (MAX_FORM_BYTES + 10)}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(FormFileError, match="嵌套过深|位数过多|文件过大"):
            load_form(tmp_path / name)
