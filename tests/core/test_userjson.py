"""core/userjson: every JSON file a user hands us fails in Chinese, never as an internal error."""

from __future__ import annotations

import pytest

from villagedesk.core.errors import UserError
from villagedesk.core.userjson import MAX_DEPTH, parse_user_json
from villagedesk.files import read_user_json


@pytest.mark.parametrize("text, words", [
    ("[" * 100_000, "嵌套"),  # json.loads: RecursionError
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), f"嵌套超过 {MAX_DEPTH} 层"),  # parses, too deep to use
    ('{"a": ' + "9" * 5000 + "}", "位数过多"),  # Python's int limit: ValueError
    ("[NaN]", "不是有效的 JSON"),
    ("[Infinity]", "不是有效的 JSON"),
    ('{"a": 1', "第 1 行"),
])
def test_hostile_json_is_a_chinese_error_naming_the_file(text, words):
    with pytest.raises(UserError, match=words) as exc:
        parse_user_json(text, what="牌子规格文件", name="spec.json")
    assert "牌子规格文件" in exc.value.text() and "spec.json" in exc.value.text()


def test_ordinary_json_passes_unchanged():
    text = '{"name": "风平村", "size": [60, 200], "nested": {"a": [{"b": 1.5}]}, "big": ' + "9" * 4000 + "}"
    value = parse_user_json(text)
    assert value["nested"]["a"][0]["b"] == 1.5 and value["big"] == int("9" * 4000)


def test_file_size_is_capped_before_reading_it_whole(tmp_path):
    path = tmp_path / "key.json"
    path.write_text("[" + "1," * 40_000 + "1]", encoding="utf-8")
    with pytest.raises(UserError, match="公钥文件过大（最多 64 KB）"):
        read_user_json(path, what="公钥文件", max_bytes=64 * 1024)


@pytest.mark.parametrize("content, words", [(b"\xff\xfe{}", "UTF-8"), (None, "找不到")])
def test_unreadable_files(tmp_path, content, words):
    path = tmp_path / "x.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UserError, match=words):
        read_user_json(path, what="牌子清单文件")
    with pytest.raises(UserError, match="这是一个文件夹"):
        read_user_json(tmp_path, what="牌子清单文件")  # a folder
