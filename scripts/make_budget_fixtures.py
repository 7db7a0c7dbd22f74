"""Budget PDF fixtures: ruled tables on one page, across two pages, with merged header
cells, with a planted arithmetic error and with a wrong amount in words.

    python -m scripts.make_budget_fixtures [--out tests/fixtures/budget]

The rows below are what each PDF prints. What the pipeline must read from them is
written by hand in tests/fixtures/budget/expected.yaml (not derived from this file),
so the test is not a round trip.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from scripts.pdfgen import new_pdf

ROOT = Path(__file__).resolve().parent.parent
BOLD = FontFace(emphasis="BOLD")


def _pdf() -> FPDF:
    pdf = new_pdf()
    pdf.add_page()
    return pdf


def _para(pdf: FPDF, text: str, bold: bool = False, align: str = "L") -> None:
    pdf.set_font("DejaVu", "B" if bold else "", 11)
    pdf.multi_cell(0, 6, text, align=align, new_x="LMARGIN", new_y="NEXT")


def _table(pdf: FPDF, widths, header_rows, rows, repeat_headings: int = 1) -> None:
    pdf.set_font("DejaVu", size=10)
    with pdf.table(col_widths=widths, headings_style=BOLD, line_height=6, text_align="LEFT",
                   num_heading_rows=len(header_rows), repeat_headings=repeat_headings) as table:
        for row in [*header_rows, *rows]:
            r = table.row()
            for cell in row:
                if isinstance(cell, tuple):  # (text, colspan, rowspan)
                    r.cell(cell[0], colspan=cell[1], rowspan=cell[2])
                else:
                    r.cell(cell)


def one_page(out: Path) -> None:
    pdf = _pdf()
    _para(pdf, "KẾ HOẠCH", bold=True, align="C")
    _para(pdf, "Ứng dụng công nghệ thông tin huyện Đơn Dương năm 2024", align="C")
    _para(pdf, "IV. KINH PHÍ THỰC HIỆN", bold=True)
    _para(pdf, "Đơn vị tính: triệu đồng", align="R")
    _table(pdf, [12, 90, 35, 40], [["STT", "Nội dung", "Kinh phí", "Nguồn vốn"]], [
        ["I", "Hạ tầng kỹ thuật", "350,5", ""],
        ["1", "Mua sắm máy tính cho cán bộ, công chức", "200,5", "Ngân sách huyện"],
        ["2", "Nâng cấp mạng LAN", "150,0", "Ngân sách huyện"],
        ["II", "Ứng dụng công nghệ thông tin", "120,0", ""],
        ["1", "Phần mềm quản lý văn bản", "120,0", "Ngân sách tỉnh"],
        ["", "Tổng cộng", "470,5", ""],
    ])
    _para(pdf, "Bằng chữ: Bốn trăm bảy mươi triệu năm trăm nghìn đồng.")
    pdf.output(str(out / "one_page.pdf"))


def two_pages(out: Path) -> None:
    pdf = _pdf()
    _para(pdf, "KẾ HOẠCH", bold=True, align="C")
    _para(pdf, "Chuyển đổi số huyện Lạc Dương năm 2024", align="C")
    for k in range(14):
        _para(pdf, f"- Nhiệm vụ {k + 1}: triển khai các nội dung chuyển đổi số theo kế hoạch của huyện.")
    _para(pdf, "V. DANH MỤC NHIỆM VỤ VÀ KINH PHÍ", bold=True)
    rows = [[str(k), f"Nhiệm vụ chuyển đổi số số {k}", "Phòng Văn hóa và Thông tin", "2024", f"{k}.000.000"]
            for k in range(1, 25)]
    rows.append(["", "Tổng cộng", "", "", "300.000.000"])
    _table(pdf, [12, 60, 50, 20, 35], [["TT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Thời gian", "Kinh phí (đồng)"]], rows)
    pdf.output(str(out / "two_pages.pdf"))


def merged_cells(out: Path) -> None:
    pdf = _pdf()
    _para(pdf, "PHỤ LỤC", bold=True, align="C")
    _para(pdf, "DỰ TOÁN KINH PHÍ BẢO ĐẢM AN TOÀN THÔNG TIN NĂM 2024", bold=True, align="C")
    _table(pdf, [12, 70, 22, 30, 30],
           [[("TT", 1, 2), ("Hạng mục", 1, 2), ("Đơn vị tính", 1, 2), ("Kinh phí (nghìn đồng)", 2, 1)],
            ["Tổng số", "Năm 2024"]],
           [["", "Tổng số", "", "95.000", "95.000"],
            ["1", "Tường lửa cho máy chủ", "Bộ", "60.000", "60.000"],
            ["2", "Bản quyền phần mềm diệt virus", "Gói", "35.000", "35.000"],
            ["", "Tổng cộng", "", "95.000", "95.000"]])
    pdf.output(str(out / "merged_cells.pdf"))


def arithmetic_error(out: Path) -> None:
    pdf = _pdf()
    _para(pdf, "DANH MỤC NHIỆM VỤ, DỰ ÁN CHÍNH QUYỀN SỐ NĂM 2024", bold=True, align="C")
    _para(pdf, "Đơn vị tính: triệu đồng", align="R")
    _table(pdf, [12, 80, 40, 35], [["TT", "Tên nhiệm vụ, dự án", "Nguồn vốn", "Tổng mức đầu tư"]], [
        ["I", "Phát triển hạ tầng số", "", "500"],
        ["1", "Trang bị máy tính", "Ngân sách huyện", "320"],
        ["2", "Thuê đường truyền", "Ngân sách huyện", "180"],
        ["II", "Phát triển ứng dụng", "", "300"],
        ["1", "Hệ thống họp trực tuyến", "Ngân sách huyện", "200"],
        ["2", "Cổng thông tin điện tử", "Ngân sách huyện", "80"],
        ["", "Tổng cộng", "", "800"],
    ])
    _para(pdf, "Bằng chữ: Tám trăm triệu đồng.")
    pdf.output(str(out / "arithmetic_error.pdf"))


def wrong_words(out: Path) -> None:
    pdf = _pdf()
    _para(pdf, "KINH PHÍ THỰC HIỆN KẾ HOẠCH", bold=True, align="C")
    _table(pdf, [12, 40, 80, 40], [["STT", "Nguồn kinh phí", "Nội dung", "Số tiền (đồng)"]], [
        ["", "", "Tổng số", "1.250.000.000"],
        ["1", "Ngân sách tỉnh", "Số hóa hồ sơ thủ tục hành chính", "750.000.000"],
        ["2", "Ngân sách huyện", "Tập huấn kỹ năng số", "500.000.000"],
        ["", "", "Tổng cộng", "1.250.000.000"],
    ])
    _para(pdf, "(Bằng chữ: Một tỷ hai trăm năm mươi lăm triệu đồng)")
    pdf.output(str(out / "wrong_words.pdf"))


def assignments(out: Path) -> None:
    """Not a budget: a ruled table of tasks with lead and partner columns (for units)."""
    pdf = _pdf()
    _para(pdf, "PHỤ LỤC PHÂN CÔNG NHIỆM VỤ", bold=True, align="C")
    _table(pdf, [12, 70, 40, 45], [["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp"]], [
        ["1", "Số hóa hồ sơ thủ tục hành chính", "Văn phòng HĐND và UBND huyện", "Phòng Nội vụ; UBND các xã, thị trấn"],
        ["2", "Bảo đảm an toàn thông tin mạng", "Phòng Văn hóa và Thông tin", "Công an huyện"],
        ["3", "Phát triển thương mại điện tử", "Phòng Kinh tế và Hạ tầng", "Các doanh nghiệp viễn thông"],
    ])
    pdf.output(str(out / "assignments.pdf"))


# A state budget form (Mẫu biểu): five amount columns under a two-level header, nested
# groups A > I > 1 > 1.1 > a, "Trong đó" parts, a memo row, and one figure that does not
# add up (A in 2027: printed 1.350, its parts give 1.300).
FORM_TITLE = "DỰ TOÁN CHI NGÂN SÁCH ĐỊA PHƯƠNG GIAI ĐOẠN 03 NĂM 2026 - 2028"
FORM_HEADER = [[("STT", 1, 2), ("Nội dung", 1, 2), ("Năm 2025", 2, 1), ("Dự kiến 03 năm kế hoạch", 3, 1)],
               ["Dự toán", "Ước thực hiện", "Năm 2026", "Năm 2027", "Năm 2028"]]
FORM_ROWS = [
    ["A", "TỔNG CHI NGÂN SÁCH ĐỊA PHƯƠNG", "1.000", "1.100", "1.200", "1.350", "1.400"],
    ["I", "CHI CÂN ĐỐI NGÂN SÁCH ĐỊA PHƯƠNG", "700", "800", "850", "900", "1.000"],
    ["", "Trong đó: Chi cân đối tính tỷ lệ điều tiết", "650", "750", "800", "850", "950"],
    ["1", "Chi đầu tư phát triển", "300", "350", "350", "400", "450"],
    ["1.1", "Chi đầu tư xây dựng cơ bản", "200", "250", "230", "260", "300"],
    ["a", "Vốn trong nước", "120", "150", "130", "160", "180"],
    ["b", "Vốn nước ngoài", "80", "100", "100", "100", "120"],
    ["1.2", "Chi đầu tư khác", "100", "100", "120", "140", "150"],
    ["2", "Chi thường xuyên", "400", "450", "500", "500", "550"],
    ["", "Trong đó:", "", "", "", "", ""],
    ["-", "Sự nghiệp giáo dục - đào tạo", "150", "160", "170", "180", "190"],
    ["-", "Sự nghiệp khoa học, công nghệ và chuyển đổi số", "20", "25", "30", "35", "40"],
    ["B", "CHI TỪ NGUỒN BỔ SUNG CÓ MỤC TIÊU", "300", "300", "350", "400", "400"],
    ["1", "Chi đầu tư thực hiện các chương trình", "200", "180", "200", "250", "250"],
    ["2", "Chi thực hiện các chế độ, chính sách", "100", "120", "150", "150", "150"],
    ["C", "BỘI CHI NGÂN SÁCH ĐỊA PHƯƠNG", "10", "12", "0", "15", "20"],
]
FORM_INTRO = ["Mẫu biểu số 04", FORM_TITLE, "(Kèm theo Kế hoạch số 15/KH-UBND ngày 10/11/2025 của UBND tỉnh Phú Thọ)",
              "Đơn vị: Triệu đồng"]


def budget_form(out: Path) -> None:
    """The form on a PDF page, late enough that the table runs on to the next page."""
    pdf = _pdf()
    _para(pdf, "KẾ HOẠCH TÀI CHÍNH - NGÂN SÁCH NHÀ NƯỚC 03 NĂM 2026 - 2028", bold=True, align="C")
    for k in range(24):
        _para(pdf, f"- Nội dung {k + 1}: thực hiện dự toán theo quy định của Luật Ngân sách nhà nước.")
    for line in FORM_INTRO:
        _para(pdf, line, bold=line == FORM_TITLE, align="C")
    _table(pdf, [12, 68, 20, 20, 20, 20, 20], FORM_HEADER, FORM_ROWS)
    pdf.output(str(out / "budget_form.pdf"))


def budget_form_texts(out: Path) -> None:
    """The same form as a web page copies it ("|" lines between cells) and as markdown."""
    pipes = [*FORM_INTRO, "|"]
    for row in [[c[0] for c in FORM_HEADER[0]], FORM_HEADER[1], *FORM_ROWS]:
        for cell in row:
            pipes += [cell, "|"] if cell else ["|"]
        pipes.append("|")
    (out / "budget_form_pipes.txt").write_text("\n".join(pipes[:-1]) + "\n", encoding="utf-8")
    top = ["STT", "Nội dung", "Năm 2025", "Năm 2025", *["Dự kiến 03 năm kế hoạch"] * 3]
    markdown = [*FORM_INTRO, "", _md_row(top), _md_row(["---"] * 7), _md_row(["", "", *FORM_HEADER[1]]),
                *(_md_row(r) for r in FORM_ROWS)]
    (out / "budget_form_markdown.md").write_text("\n".join(markdown) + "\n", encoding="utf-8")


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "budget")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for make in (one_page, two_pages, merged_cells, arithmetic_error, wrong_words, assignments, budget_form):
        make(args.out)
        print(args.out / f"{make.__name__}.pdf")
    budget_form_texts(args.out)


if __name__ == "__main__":
    main()
