"""The bundled Song face: reportlab embeds it and the text comes back out of the PDF."""

import io

from villagedesk.render import fonts


def test_pdf_embeds_the_font_and_text_round_trips(tmp_path):
    from pypdf import PdfReader
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    name = fonts.register()
    path = tmp_path / "t.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(name, 14)
    c.drawString(72, 760, "居住证明 芒市风平镇风平村民委员会 〔2026〕")
    c.save()
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    page = reader.pages[0]
    assert "居住证明 芒市风平镇风平村民委员会" in page.extract_text()
    ours = [f.get_object() for f in page["/Resources"]["/Font"].values()
            if "VillageDeskSerifSC" in f.get_object()["/BaseFont"]]
    assert ours
    assert all("/FontFile2" in f["/FontDescriptor"] for f in ours)  # embedded TrueType, not STSong-Light


def test_missing_chars_names_what_would_print_as_a_hole():
    assert fonts.missing_chars("风平村 张三 𬌗") == []
    assert fonts.missing_chars("𠀾") == ["𠀾"]


def test_characters_outside_the_bmp_copy_out_as_themselves(tmp_path):
    """A villager's name may use a standard character of plane 2 (𬌗 is in the 8,105)."""
    from pypdf import PdfReader
    from reportlab.pdfgen import canvas

    name = fonts.register()
    path = tmp_path / "b.pdf"
    c = canvas.Canvas(str(path))
    c.setFont(name, 14)
    c.drawString(72, 760, "王𬌗 李𠙶明")
    c.save()
    assert "王𬌗 李𠙶明" in PdfReader(io.BytesIO(path.read_bytes())).pages[0].extract_text()
