"""The catalogues printed for the wall: a real PDF, parsed back."""

import io

import pytest

from villagedesk.core.errors import UserError
from villagedesk.services.catalogue_print import print_catalogue


def _text(path):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_all_applicable_lists_print_with_their_basis(demo_session, tmp_path):
    result = print_catalogue(demo_session, tmp_path / "wall.pdf")
    assert result["lists"] == ["依法自治事项", "协助政府工作事项", "负面清单", "机制牌子保留目录", "保留出具证明事项",
                               "不应出具证明事项"]
    reader, text = _text(tmp_path / "wall.pdf")
    assert len(reader.pages) == result["pages"] >= 2
    assert "芒市风平镇风平村民委员会" in text
    assert "无犯罪记录证明" in text and "拆迁拆违" in text and "调解民间纠纷（示范）" in text
    assert "民发〔2020〕20号" in text
    assert "延吉" not in text.replace("延边", "")  # only the catalogues that apply to this desk


def test_one_list_only(demo_session, tmp_path):
    result = print_catalogue(demo_session, tmp_path / "neg.pdf", list_name="负面")
    assert result["lists"] == ["负面清单"] and result["pages"] == 1
    _, text = _text(tmp_path / "neg.pdf")
    assert "行政执法" in text and "无犯罪记录证明" not in text


def test_bad_output_names_are_refused(demo_session, tmp_path):
    with pytest.raises(UserError, match=".pdf"):
        print_catalogue(demo_session, tmp_path / "wall.docx")
    with pytest.raises(UserError, match="不存在"):
        print_catalogue(demo_session, tmp_path / "no" / "wall.pdf")
    assert not list(tmp_path.glob("*.pdf"))
