"""`villagedesk catalogue search` with a villager's whole sentence, through a real subprocess:
the item first, the words that decided it in the text and in --json (keys added, none renamed)."""

import json


def test_a_sentence_finds_the_item_and_says_why(cli, tmp_path):
    d = tmp_path / "desk"
    cli("init", "--demo", data_dir=d, check_exit=0)
    doc = json.loads(cli("catalogue", "search", "我单身，要开未婚证明", "--json", data_dir=d, check_exit=0).stdout)
    top = doc["results"][0]
    assert top["title"] == "婚姻状况证明" and top["rank"] == 4 and "未婚" in "".join(top["matched"])
    assert {"code", "title", "list_key", "rank"} <= set(top)
    human = cli("catalogue", "search", "孩子上学要开居住证明", data_dir=d, check_exit=0).stdout
    assert human.splitlines()[0].split()[0] == "533103-BL-01" and "（按：" in human.splitlines()[0]
    nothing = cli("catalogue", "search", "😀😀😀😀😀😀", data_dir=d, check_exit=0).stdout
    assert "没有找到" in nothing
    long = cli("catalogue", "search", "还活着" * 100, data_dir=d)
    assert long.returncode == 2 and "过长" in long.stderr
