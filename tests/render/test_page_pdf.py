"""The one-page documents written as bytes by render/page_pdf.py (issue #10 item 8): the same
document gives the same bytes (in this process and in a fresh one, so `cert reprint` is the
first print), nothing of one document reaches the next, the page's text reads as it did when
reportlab wrote the file, the font subset is reportlab's own bytes, and the QR modules are
qrcode's for the same mask."""

import io
import json
import random
import subprocess
import sys
import zlib
from pathlib import Path

import pypdf
import pytest

from tests.render.test_acceptance_receipt import receipt
from tests.render.test_certificate import PAYLOAD, family_hardship, residence
from tests.render.test_refusal_notice import notice
from villagedesk.render import font_subset, fonts, page_pdf, qr, qr_encoder
from villagedesk.render.acceptance_receipt import render_acceptance_receipt, render_acceptance_receipt_bytes
from villagedesk.render.certificate import render_certificate, render_certificate_bytes
from villagedesk.render.pdf_meta import CONTENT_KEY, KEY, read_signed
from villagedesk.render.pdf_text import first_page_text
from villagedesk.render.refusal_notice import render_refusal_notice, render_refusal_notice_bytes

ROOT = Path(__file__).resolve().parents[2]
OTHER_PAYLOAD = "VD1:" + "Q8XZ7-4/ABCD$%*+0123456789:.EFGHIJ" * 6
SIGNED = {"number": "风平村证〔2026〕12号", "subject_name": "王𬌗", "subject_id": "533103198503120018"}


def li_ming() -> dict:
    """A second certificate differing in every variable part."""
    return residence(
        number="风平村证〔2026〕99号", addressee="瑞丽市教育局", handler="段玉", phone="0692-7654321",
        paragraphs=["兹证明李明，女，1990年8月出生，公民身份号码533102199008080026，系本村村民。",
                    "经核实，李明现居住在芒市风平镇风平村七组9号，情况属实。"],
        date_text="二〇二七年一月五日", qr_payload=OTHER_PAYLOAD, signed_content={**SIGNED, "subject_name": "李明"})


def text(data: bytes) -> str:
    return "".join(first_page_text(data)[0].split())


def reportlab_written(render, doc, monkeypatch) -> bytes:
    """The same page written by reportlab's canvas.save(), as before issue #10."""
    from villagedesk.render.pdf_meta import set_payload

    def save(c, width, height, info):
        values = dict(info)
        c.setTitle(values["Title"])
        c.setAuthor(values["Author"])
        c.setSubject(values["Subject"])
        c.setCreator(page_pdf.CREATOR)
        if KEY in values:
            set_payload(c, values[KEY], json.loads(values[CONTENT_KEY]) if CONTENT_KEY in values else None)
        c.showPage()
        c.save()
        return c._filename.getvalue()

    monkeypatch.setattr(page_pdf, "page_bytes", save)
    return render(doc)


DOCS = [
    ("certificate", render_certificate_bytes, residence(signed_content=SIGNED)),
    ("attested", render_certificate_bytes, family_hardship()),
    ("demo", render_certificate_bytes, residence(demo=True, reissue_of="风平村证〔2026〕11号")),
    ("voided", render_certificate_bytes, residence(voided="2026年11月24日作废：门牌号有误")),
    ("a5", render_certificate_bytes, residence(paper="A5")),
    ("notice", render_refusal_notice_bytes, notice()),
    ("voided notice", render_refusal_notice_bytes, notice(voided="2026年11月24日作废：重复出具")),
    ("receipt", render_acceptance_receipt_bytes, receipt()),
    ("demo receipt", render_acceptance_receipt_bytes, receipt(demo=True, voided="作废：申请人撤回")),
]


@pytest.mark.parametrize("name, render, doc", DOCS, ids=[d[0] for d in DOCS])
def test_the_same_document_gives_the_same_bytes_and_the_same_page_text_as_reportlab(name, render, doc, monkeypatch):
    data = render(doc)
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    assert render(doc) == data  # a reprint in the same process
    assert b"/CreationDate" not in data and b"/ModDate" not in data  # no clock in the file
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) == 1
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        assert "VillageDeskSerifSC" in font["/BaseFont"] and "/FontFile2" in font["/FontDescriptor"]
        embedded = font["/FontDescriptor"]["/FontFile2"].get_object()
        assert len(embedded.get_data()) == embedded["/Length1"]
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/PrintScaling"] == "/None"
    old = reportlab_written(render, doc, monkeypatch)
    assert text(data) == text(old)
    new_meta, old_meta = pypdf.PdfReader(io.BytesIO(data)).metadata, pypdf.PdfReader(io.BytesIO(old)).metadata
    for key in ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", f"/{KEY}", f"/{CONTENT_KEY}"):
        assert (new_meta.get(key) or None) == (old_meta.get(key) or None), key  # reportlab wrote an empty Keywords


def test_the_file_functions_write_the_bytes_functions_bytes(tmp_path):
    for write, render, doc in ((render_certificate, render_certificate_bytes, residence()),
                               (render_refusal_notice, render_refusal_notice_bytes, notice()),
                               (render_acceptance_receipt, render_acceptance_receipt_bytes, receipt())):
        out = tmp_path / "x.pdf"
        assert write(doc, out) == {"file": str(out), "pages": 1}
        assert out.read_bytes() == render(doc)


def test_a_fresh_process_gives_the_same_bytes_as_this_one():
    """`cert reprint` on another day, in another run of the program: the same file."""
    script = (
        "import sys, hashlib\n"
        "from tests.render.test_page_pdf import DOCS\n"
        "for name, render, doc in DOCS:\n"
        "    print(hashlib.sha256(render(doc)).hexdigest())\n")
    import hashlib

    mine = [hashlib.sha256(render(doc)).hexdigest() for _, render, doc in DOCS]
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"})
    assert done.stdout.split() == mine


def test_alternating_certificates_keep_their_own_content():
    """Caches hold font and QR tables only: issuing A, B, A, B gives each its own page."""
    wang, li = residence(signed_content=SIGNED), li_ming()
    first = {"wang": render_certificate_bytes(wang), "li": render_certificate_bytes(li)}
    for _ in range(3):
        for key, doc in (("wang", wang), ("li", li)):
            assert render_certificate_bytes(doc) == first[key]
    wang_text, li_text = text(first["wang"]), text(first["li"])
    assert "王𬌗" in wang_text and "533103198503120018" in wang_text and "李芳" in wang_text
    assert "李明" not in wang_text and "533102199008080026" not in wang_text and "段玉" not in wang_text
    assert "李明" in li_text and "533102199008080026" in li_text and "段玉" in li_text and "瑞丽市教育局" in li_text
    assert "王𬌗" not in li_text and "533103198503120018" not in li_text and "芒市教育局" not in li_text
    for data, payload, name in ((first["wang"], PAYLOAD, "王𬌗"), (first["li"], OTHER_PAYLOAD, "李明")):
        meta = pypdf.PdfReader(io.BytesIO(data)).metadata
        assert meta[f"/{KEY}"] == payload and json.loads(meta[f"/{CONTENT_KEY}"])["subject_name"] == name
        other = OTHER_PAYLOAD if payload == PAYLOAD else PAYLOAD
        assert other.encode() not in data


def test_alternating_pages_decode_their_own_qr_code(tmp_path):
    """Decoded as `verify --image` reads a scan (render/qr_scan.py), at 150 dpi."""
    import pypdfium2 as pdfium

    from villagedesk.render.qr_scan import read_qr_texts, read_qr_texts_from_image

    docs = ((residence(), PAYLOAD), (li_ming(), OTHER_PAYLOAD), (notice(), notice()["qr_payload"]),
            (residence(voided="作废：测试", demo=True), PAYLOAD))
    for i, (doc, payload) in enumerate(docs):
        render = render_refusal_notice_bytes if "applicant" in doc else render_certificate_bytes
        image = pdfium.PdfDocument(render(doc))[0].render(scale=150 / 72).to_pil().convert("L")
        assert read_qr_texts_from_image(image) == [payload]
        scan = tmp_path / f"scan{i}.png"
        image.save(scan)
        assert read_qr_texts(scan) == [payload]


def test_read_signed_reads_the_payload_and_content_back(tmp_path):
    out = tmp_path / "c.pdf"
    render_certificate(residence(signed_content=SIGNED), out)
    signed = read_signed(out)
    assert signed["payload"] == PAYLOAD and json.loads(signed["content"]) == SIGNED


def test_more_than_256_characters_make_two_subsets_that_read_back():
    """reportlab puts 256 codes in a subset font; a page with more distinct characters has two."""
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(fonts.register()).face
    rng = random.Random(5)
    chars = [chr(c) for c in sorted(face.charToGlyph) if 0x4E00 <= c <= 0x9FFF]
    body = "".join(rng.sample(chars, 300))
    data = render_certificate_bytes(residence(paragraphs=[body[:150], body[150:]]))
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert len(page["/Resources"]["/Font"]) == 2
    assert body[:150] in text(data) and body[150:] in text(data)


def test_the_embedded_subset_is_reportlabs_own_font_file():
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(fonts.register()).face
    cjk = [c for c in sorted(face.charToGlyph) if c > 0x3000]
    rng = random.Random(3)
    subsets = [
        [0] + rng.sample(cjk, 31) + list(range(32, 128)) + rng.sample(cjk, 120),  # reportlab's first subset
        [0] + [32] * 32 + rng.sample(cjk, 40),  # a later one
        rng.sample(cjk, 200),
        [0] + list(range(1, 32)) + list(range(32, 128)),  # codes the font lacks map to .notdef
    ]
    for subset in subsets:
        stream, length = font_subset.font_file(face, subset)
        assert zlib.decompress(stream) == face.makeSubset(subset)
        assert length == len(face.makeSubset(subset))


def test_a_composite_glyph_takes_reportlabs_path(monkeypatch):
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(fonts.register()).face
    prepared = font_subset._prepared(face)
    subset = [0x738B, 0x6587]  # 王 文
    monkeypatch.setattr(prepared, "composite", frozenset({face.charToGlyph[0x6587]}))
    stream, length = font_subset.font_file(face, subset)
    assert zlib.decompress(stream) == face.makeSubset(subset) and length == len(face.makeSubset(subset))


def test_text_strings_of_the_document_information():
    assert page_pdf.text_string("VD1:ABC (x) \\") == b"(VD1:ABC \\(x\\) \\\\)"
    assert page_pdf.text_string("王𬌗") == b"<FEFF" + "王𬌗".encode("utf-16-be").hex().upper().encode() + b">"


@pytest.mark.parametrize("seed", range(6))
def test_qr_modules_are_qrcodes_for_the_same_mask(seed):
    import qrcode
    from qrcode.util import MODE_ALPHA_NUM, QRData

    rng = random.Random(seed)
    for _ in range(25):
        n = rng.randint(1, 330)
        text_ = "".join(rng.choice(qr_encoder.ALPHANUMERIC) for _ in range(n))
        version = qr_encoder.version_for(text_)
        if version > qr.MAX_VERSION:
            continue
        ref = qrcode.QRCode(version=version, error_correction=qrcode.constants.ERROR_CORRECT_Q,
                            mask_pattern=qr_encoder.MASK, border=0)
        ref.add_data(QRData(text_, mode=MODE_ALPHA_NUM))
        ref.make(fit=False)
        assert qr_encoder.rows(text_, version) == ["".join("1" if m else "0" for m in row) for row in ref.modules]
        assert version == qr._alphanumeric_version(text_)


def test_qr_encoder_refuses_what_it_cannot_encode():
    assert qr_encoder.rows("lower case", 5) is None
    assert qr_encoder.rows("", 1) is None
    assert qr_encoder.rows("A" * 100, 1) is None  # does not fit version 1


@pytest.mark.parametrize("version", [1, 7, 9, 12, 13])
def test_the_qr_path_covers_exactly_the_dark_modules(version):
    import re

    rng = random.Random(version)
    capacity = max(n for n in range(1, 400) if qr_encoder.version_for("A" * n) <= version)
    text_ = "".join(rng.choice(qr_encoder.ALPHANUMERIC) for _ in range(capacity))
    got_version, rows = qr._rows(text_)
    assert got_version == version
    n = len(rows)
    grid = [[0] * n for _ in range(n)]
    for x, y, w in re.findall(r"(\d+) (\d+) (\d+) 1 re", qr.qr_path(rows)):
        for c in range(int(x), int(x) + int(w)):
            grid[n - 1 - int(y)][c] += 1
    assert ["".join(map(str, row)) for row in grid] == rows


@pytest.mark.parametrize("render, doc, where", [
    (render_certificate_bytes, residence(title=""), "证明名称"),
    (render_certificate_bytes, residence(paragraphs=["王\ue000"]), "正文第1段"),
    (render_refusal_notice_bytes, notice(applicant=""), "申请人"),
    (render_acceptance_receipt_bytes, receipt(working_days=-1), "办理时限"),
])
def test_the_bytes_functions_refuse_bad_documents_in_chinese(render, doc, where):
    from villagedesk.core.errors import UserError

    with pytest.raises(UserError) as err:
        render(doc)
    assert err.value.where == where or any(p.where == where for p in err.value.problems)


def test_the_fixed_tables_deflated_once_end_every_subsets_font_file():
    """'name' and 'post' are the same in every subset: deflated once, still reportlab's file."""
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(fonts.register()).face
    assert font_subset._prepared(face).tail is not None
    cjk = [c for c in sorted(face.charToGlyph) if c > 0x3000]
    for seed in range(5):
        subset = random.Random(seed).sample(cjk, 20 + 40 * seed)
        stream, length = font_subset.font_file(face, subset)
        assert zlib.decompress(stream) == face.makeSubset(subset) and length == len(face.makeSubset(subset))


def _document_id(data: bytes) -> list:
    return pypdf.PdfReader(io.BytesIO(data)).trailer["/ID"]


def test_the_document_id_tells_pages_and_font_versions_apart(monkeypatch):
    """The ID hashes the body with the embedded font file standing in as its face's fingerprint."""
    first, second = render_certificate_bytes(residence()), render_certificate_bytes(li_ming())
    assert _document_id(first) != _document_id(second)
    assert _document_id(render_certificate_bytes(residence())) == _document_id(first)
    monkeypatch.setattr(font_subset, "fingerprint", lambda face: b"another version of the face")
    again = render_certificate_bytes(residence())
    assert _document_id(again) != _document_id(first) and again.replace(b"/ID", b"") != first.replace(b"/ID", b"")


def test_the_first_subsets_ascii_run_is_written_as_every_other_code():
    """ToUnicode lines and widths of codes 32-126, joined once, are those written code by code."""
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(fonts.register()).face
    cjk = [c for c in sorted(face.charToGlyph) if c > 0x3000]
    rng = random.Random(5)
    for subset in ([0] + rng.sample(cjk, 31) + list(range(32, 127)) + rng.sample(cjk, 60),
                   [0] + rng.sample(cjk, 31) + list(range(32, 127)),
                   [0] + rng.sample(cjk, 200), [0, 32, 33]):
        lines = [f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>" for i, v in enumerate(subset)]
        assert page_pdf._bfchar_lines(subset) in (lines, [*lines[:32], "\n".join(lines[32:127]), *lines[127:]])
        assert "\n".join(page_pdf._bfchar_lines(subset)) == "\n".join(lines)
        assert page_pdf._widths(face, subset) == " ".join(page_pdf._number(face.getCharWidth(v)) for v in subset)


@pytest.mark.parametrize("size", [0, 1, 1196, 0xFFFF, 0xFFFF + 1, 150_000])
def test_stored_blocks_inflate_to_their_data(size):
    data = random.Random(size).randbytes(size)
    assert zlib.decompressobj(-15).decompress(font_subset._stored(data) + font_subset._FINAL_BLOCK) == data
