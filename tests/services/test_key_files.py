"""Key files through the key service (the CLI only prints): exporting this desk's public key,
and trusting exactly the key whose fingerprint the clerk checked."""

import json

import pytest

from villagedesk.core.errors import UserError
from villagedesk.services import keys


def test_the_file_holds_the_key_without_the_fingerprint(demo_session, tmp_path):
    out = tmp_path / "风平村公钥.json"
    r = keys.export_file(demo_session, out)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert r["file"] == str(out) and r["fingerprint"] and "fingerprint" not in written
    assert written["key_id"] == r["key_id"] and written["public_key"] == r["public_key"]
    assert (out.stat().st_mode & 0o777) == 0o600


def test_an_existing_file_needs_overwrite_and_the_data_folder_is_refused(demo_session, tmp_path):
    out = tmp_path / "key.json"
    out.write_text("{}", encoding="utf-8")
    with pytest.raises(UserError, match="已存在"):
        keys.export_file(demo_session, out)
    assert keys.export_file(demo_session, out, overwrite=True)["file"] == str(out)
    with pytest.raises(UserError, match="数据文件夹"):
        keys.export_file(demo_session, demo_session.data_dir / "keys" / "x.json")
    with pytest.raises(UserError, match=r"\.json"):
        keys.export_file(demo_session, tmp_path / "key.pdf")


def test_a_key_file_swapped_after_its_fingerprint_was_checked_is_not_trusted(demo_session, tmp_path, snapshot):
    from villagedesk.services import desk as desk_service
    from villagedesk.services.session import Session

    files = {}
    for name, town, code in (("a", "风平", "533103105000"), ("b", "遮放", "533103106000")):
        with Session(tmp_path / name) as other:
            desk_service.init_desk(other, region_code=code, name=f"芒市{town}镇人民政府", level="township",
                                   short_name=f"{town}镇")
            files[name] = keys.export_file(other, tmp_path / f"{name}.json")
    shown = keys.inspect_key_file(demo_session, tmp_path / "a.json")
    assert shown["fingerprint"] == files["a"]["fingerprint"]
    (tmp_path / "a.json").write_bytes((tmp_path / "b.json").read_bytes())  # swapped before the clerk says yes
    before = snapshot(demo_session.db_path)
    with pytest.raises(UserError, match="核对指纹之后被改动"):
        keys.trust_key_file(demo_session, tmp_path / "a.json", confirmed_fingerprint=shown["fingerprint"])
    assert snapshot(demo_session.db_path) == before
    (tmp_path / "a.json").write_bytes((tmp_path / "b.json").read_bytes())
    trusted = keys.trust_key_file(demo_session, tmp_path / "b.json", confirmed_fingerprint=files["b"]["fingerprint"])
    assert trusted["fingerprint"] == files["b"]["fingerprint"]
