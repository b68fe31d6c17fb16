"""The migration steps are frozen modules (store/migration_steps/): one per version, each with
its own SQL and Python, adding a version is one line; what they build is what the live store
reads (the v2 index rows equal the ones catalogue_store.index_items makes today)."""

import ast
import sqlite3
from pathlib import Path

import pytest

from villagedesk.store import catalogue_store, migration_steps, migrations
from villagedesk.store.db import connect, schema_version

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
STEPS_DIR = Path(migration_steps.__file__).parent


def _restore(sql_file: Path, target: Path) -> Path:
    conn = sqlite3.connect(target)
    conn.executescript(sql_file.read_text(encoding="utf-8"))
    conn.close()
    return target


def test_one_module_per_version_in_order_each_with_its_upgrade():
    assert migration_steps.LATEST == len(migration_steps.STEPS) == migrations.LATEST
    for version, name in enumerate(migration_steps.STEPS, start=1):
        assert name.startswith(f"v{version}_") and (STEPS_DIR / f"{name}.py").is_file()
        assert callable(migration_steps.upgrade_to(version))
    assert migrations.MIGRATIONS == [migration_steps.upgrade_to(v) for v in range(1, migrations.LATEST + 1)]
    on_disk = {p.stem for p in STEPS_DIR.glob("v*.py")}
    assert on_disk == set(migration_steps.STEPS), "every step module is listed in STEPS, and only those"


@pytest.mark.parametrize("name", migration_steps.STEPS)
def test_a_step_never_imports_today_s_store_code(name):
    tree = ast.parse((STEPS_DIR / f"{name}.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    ours = {m for m in imported if m.startswith("villagedesk")}
    allowed = ("villagedesk.core", "villagedesk.files", "villagedesk.store.migration_steps")
    assert {m for m in ours if not m.startswith(allowed) and m != "villagedesk.store"} == set()
    # `from villagedesk.store import key_file` is the only store module a step may use (the key file format, v6)
    store_names = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "villagedesk.store"
                   for a in n.names}
    assert store_names <= {"key_file"}


def test_the_frozen_v2_index_equals_the_live_one_on_an_upgraded_v1_desk(tmp_path):
    db = connect(_restore(FIXTURES / "desk_v1.sql", tmp_path / "desk.sqlite3"))
    tables = ("item_search", "item_pinyin", "item_chars")
    by_step = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}
    fts_by_step = sorted(db.execute("SELECT rowid, title, other, initials, pinyin, kw_pinyin FROM item_fts").fetchall())
    assert by_step["item_search"], "the fixture has catalogue items to index"
    ids = [r[0] for r in db.execute("SELECT id FROM catalogue_items ORDER BY id").fetchall()]
    with db.conn:
        for t in (*tables, "item_fts"):
            db.execute(f"DELETE FROM {t}")
        catalogue_store.index_items(db, ids)
    # active marks are the live store's business after the upgrade (refresh_active): compare the rest
    live = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}
    assert [r[:1] + r[2:] for r in live["item_search"]] == [r[:1] + r[2:] for r in by_step["item_search"]]
    assert live["item_pinyin"] == by_step["item_pinyin"] and live["item_chars"] == by_step["item_chars"]
    assert sorted(db.execute("SELECT rowid, title, other, initials, pinyin, kw_pinyin FROM item_fts").fetchall()) == fts_by_step
    db.conn.close()


def test_a_fresh_desk_runs_every_step_once(tmp_path):
    db = connect(tmp_path / "desk.sqlite3")
    assert schema_version(db) == migration_steps.LATEST
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
    assert {"desk", "catalogue_items", "item_search", "ledger_entries", "signing_keys", "key_revocations",
            "sign_audits", "refused_requests"} <= names
    assert "private_key" not in {r[1] for r in db.execute("PRAGMA table_info(signing_keys)").fetchall()}
    db.conn.close()
