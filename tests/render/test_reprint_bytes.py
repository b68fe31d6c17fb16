"""`cert reprint` gives the first print's file byte for byte (issue #10 item 8): a certificate,
a refusal notice and a 受理回执, reprinted in the same process and by the CLI in a fresh one;
and two certificates issued one after the other each carry only their own content."""

from datetime import date

import pypdf

from tests.conftest import run_cli
from villagedesk.render.pdf_text import first_page_text
from villagedesk.services import certificates
from villagedesk.services.session import Session

TODAY = date(2026, 11, 23)
RESIDENCE = "533103-BL-01"
HARDSHIP = "533103-BL-02"


def values(name: str, id_number: str, address: str) -> dict:
    return {"subject_name": name, "subject_id": id_number, "purpose": "子女入学", "addressee": "芒市教育体育局",
            "address": address, "residence_type": "租住", "since": "2019-03", "owner": "李四"}


HARDSHIP_VALUES = {"subject_name": "赵六", "subject_id": "11010519491231002X", "purpose": "申请助学金",
                   "address": "风平镇风平村三组12号", "household_size": "4", "annual_income": "12000",
                   "hardship_reason": "因病", "hardship_details": "家中老人长期患病"}
WANG = values("王𬌗", "11010519491231002X", "风平镇风平村三组12号")
LI = values("李明", "533102199008080021", "风平镇风平村七组9号")


def page_text(path) -> str:
    return "".join(first_page_text(path.read_bytes())[0].split())


def test_reprints_are_the_first_prints_byte_for_byte_here_and_in_a_fresh_process(demo_dir, tmp_path):
    with Session(demo_dir) as session:
        cert = certificates.issue(session, item_code=RESIDENCE, values=WANG, materials=["申请人居民身份证"],
                                  handler="张丽", today=TODAY, out=tmp_path / "cert.pdf")
        notice = certificates.refuse(session, item_code="CN-BY-08", applicant="李四", handler="张丽", today=TODAY,
                                     out=tmp_path / "notice.pdf")
        materials = list(certificates.prepare(session, HARDSHIP)["materials"])[:2]
        accepted = certificates.accept(session, item_code=HARDSHIP, materials=materials, handler="张丽", today=TODAY,
                                       values=HARDSHIP_VALUES, out=tmp_path / "receipt.pdf")
        firsts = {r["number"]: r["pdf"] for r in (cert, notice, accepted)}
        for number, first in firsts.items():
            again = certificates.reprint(session, number, out=tmp_path / "same-process.pdf", overwrite=True)
            assert open(again["pdf"], "rb").read() == open(first, "rb").read(), number
    for i, (number, first) in enumerate(firsts.items()):
        out = tmp_path / f"fresh-{i}.pdf"
        run_cli("cert", "reprint", number, "--out", str(out), data_dir=demo_dir, check_exit=0)
        assert out.read_bytes() == open(first, "rb").read(), number


def test_two_certificates_issued_alternately_each_carry_only_their_own_content(demo_session, tmp_path):
    pdfs = {}
    for i in range(2):
        for key, v in (("wang", WANG), ("li", LI)):
            r = certificates.issue(demo_session, item_code=RESIDENCE, values=v, materials=["申请人居民身份证"],
                                   handler="张丽", today=TODAY, out=tmp_path / f"{key}{i}.pdf")
            pdfs[f"{key}{i}"] = r
    for key, own, other in (("wang", WANG, LI), ("li", LI, WANG)):
        for i in range(2):
            path = tmp_path / f"{key}{i}.pdf"
            text = page_text(path)
            assert own["subject_name"] in text and own["subject_id"] in text and own["address"] in text
            assert other["subject_name"] not in text and other["subject_id"] not in text and other["address"] not in text
            meta = pypdf.PdfReader(path).metadata
            assert meta["/VillageDeskPayload"] == pdfs[f"{key}{i}"]["payload"]
            assert own["subject_name"] in meta["/VillageDeskContent"]
            assert other["subject_name"] not in meta["/VillageDeskContent"]
            others = [pdfs[k]["payload"] for k in pdfs if k != f"{key}{i}"]
            assert not any(p.encode() in path.read_bytes() for p in others)
