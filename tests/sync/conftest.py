"""Desks for the sync tests: the demo village (风平村), a second village, their township
(风平镇) and the county (芒市), each a real SQLite desk; certificates issued for real."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.services.test_certificates import RESIDENCE, TODAY, residence_values
from villagedesk.core.key_fingerprint import fingerprint
from villagedesk.services import certificates, desk
from villagedesk.services.session import Session
from villagedesk.store import desk_seat
from villagedesk.sync import container

TOWNSHIP = "533103105000"
COUNTY = "533103000000"


@pytest.fixture
def stick(tmp_path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


@pytest.fixture
def village(demo_template, tmp_path):
    target = tmp_path / "village"
    shutil.copytree(demo_template, target)
    with Session(target) as session:
        yield session


@pytest.fixture
def township(tmp_path):
    with Session(tmp_path / "township") as session:
        desk.init_desk(session, region_code=TOWNSHIP, name="芒市风平镇人民政府", level="township", short_name="风平镇",
                       jurisdiction="yunnan-dehong")
        yield session


@pytest.fixture
def second_pc(monkeypatch):
    """Run the block as a second PC (another machine id), then come back to the first."""
    class PC:
        def __enter__(self):
            monkeypatch.setenv(desk_seat.ENV, "second-pc-0001")

        def __exit__(self, *exc):
            monkeypatch.delenv(desk_seat.ENV, raising=False)
    return PC()


@pytest.fixture
def county(tmp_path):
    with Session(tmp_path / "county") as session:
        desk.init_desk(session, region_code=COUNTY, name="芒市民政局", level="county", short_name="芒市",
                       jurisdiction="yunnan-dehong")
        yield session


def issue(session, tmp_path, n: int = 1, **more) -> list[dict]:
    out = []
    for _ in range(n):
        name = f"c{len(list(tmp_path.glob('c*.pdf')))}.pdf"
        out.append(certificates.issue(session, item_code=RESIDENCE, values=residence_values(**more),
                                      materials=["申请人居民身份证", "户口簿或居住证"], handler="张丽", today=TODAY,
                                      out=tmp_path / name))
    return out


def key_print(path) -> str:
    """The fingerprint of the key that signed a bundle (what the clerk reads over the phone)."""
    return fingerprint(container.read(container.read_file(Path(path))).manifest.public_key)
