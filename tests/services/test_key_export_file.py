"""keys.export_file: the public key file written by the key service (the CLI only prints)."""

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
