"""Images a verifier is handed (issue 9, part 6): only the formats we name are opened, by
content, and a pixel bomb is refused before it is decoded."""

from __future__ import annotations

import subprocess

import pytest

from villagedesk.core.errors import UserError
from villagedesk.render.qr_scan import read_qr_texts

from tests.render.test_sign_proof import _png_header


def test_an_eps_named_png_never_reaches_ghostscript(tmp_path, monkeypatch):
    def no_ghostscript(*args, **kwargs):
        raise AssertionError("Ghostscript must not be started")

    monkeypatch.setattr(subprocess, "Popen", no_ghostscript)
    path = tmp_path / "scan.png"
    path.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nshowpage\n")
    with pytest.raises(UserError, match="不是能识别的图片"):
        read_qr_texts(path)


def test_a_png_declaring_ten_billion_pixels_is_refused_unread(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header(100_000, 100_000))
    with pytest.raises(UserError, match="像素"):
        read_qr_texts(path)
