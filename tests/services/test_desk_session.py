"""Opening a desk the way the CLI and the window both do (services/desk_session.open_session)."""

import os

import pytest

from villagedesk.core.errors import UserError
from villagedesk.services.desk_session import open_session
from villagedesk.services.session import resolve_data_dir


def test_a_demo_desk_is_set_up_on_first_use_and_kept_after(tmp_path):
    folder = tmp_path / "demo"
    with open_session(folder, demo=True) as session:
        assert session.data_dir == folder and session.desk().demo
        first = session.desk().desk_id
    with open_session(folder, demo=True) as session:
        assert session.desk().desk_id == first  # opened again, not set up again


def test_a_real_folder_is_never_given_the_demo(tmp_path):
    with open_session(tmp_path / "office") as session:
        assert session.desk() is None
        with pytest.raises(UserError, match="villagedesk init"):
            session.require_desk()


def test_the_folder_is_found_as_the_cli_finds_it(tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGEDESK_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(None) == tmp_path / "env"
    assert resolve_data_dir(None, demo=True) == tmp_path / "env" / "demo"
    with open_session(None) as session:
        assert session.data_dir == tmp_path / "env"


def test_read_only_writes_nothing_and_sets_up_no_demo(demo_dir, snapshot):
    leftover = demo_dir / ".tmp" / f"{2 ** 22 + 5}-0123456789ab.pdf"  # a dead process's temp file
    leftover.parent.mkdir(exist_ok=True)
    leftover.write_bytes(b"%PDF")
    before = snapshot(demo_dir / "desk.sqlite3")
    with open_session(demo_dir, read_only=True) as session:
        assert session.require_desk().short_name == "风平村"
        with pytest.raises(Exception, match="readonly|只读|read-only|attempt to write"):
            with session.db.conn:
                session.db.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    assert leftover.exists() and snapshot(demo_dir / "desk.sqlite3") == before
    empty = demo_dir.parent / "nothing"
    with open_session(empty, demo=True, read_only=True) as session:
        assert session.desk() is None and not os.path.exists(empty / "desk.sqlite3")
        with pytest.raises(UserError, match="只读"):
            assert session.db is None  # never reached: opening refuses


def test_the_window_asks_the_service_whether_a_background_check_is_due(demo_session, monkeypatch):
    from villagedesk.services import backup
    from villagedesk.store import backup as store_backup

    assert backup.needs_background_check(demo_session) is False
    monkeypatch.setattr(store_backup, "START_CHECK_MAX", 1)
    assert backup.needs_background_check(demo_session) is True
