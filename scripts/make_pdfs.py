"""Make PDFs from the dev texts, each with a ruled budget table, into data/raw/.

    python -m scripts.make_pdfs [--out data/raw]

The text pages are the dev text's lines as printed; the budget table is drawn with
ruling lines (fpdf2's table), from rows written here by hand after the dev text's own
appendix, so `make run` exercises PDF text and PDF tables. Needs fpdf2 (a dev
dependency) and the DejaVu font shipped in tests/fixtures/fonts.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from fpdf.fonts import FontFace

from scripts.pdfgen import new_pdf

ROOT = Path(__file__).resolve().parent.parent
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"

# (source text, output name, last source line of the body, table title, scale, header, rows, words)
BINH_SON_ROWS = [
    ["", "HUYỆN BÌNH SƠN", "", "", "12.779,0"],
    ["1", "Chi phí hoạt động Trang thông tin điện tử huyện", "2022", "NS cấp huyện", "200,0"],
    ["2", "Phầm mềm diệt virus Bkav Pro Internet Security", "2022", "NS cấp huyện", "9,0"],
    ["3", "Thiết bị chống sét cho mạng LAN cho các xã, thị trấn", "2022", "NS cấp huyện", "65,0"],
    ["4", "Hệ thống Hội nghị truyền hình Huyện và 22 xã", "2022", "NS cấp huyện", "6.000,0"],
    ["5", "Hệ thống phòng họp không giấy Ecabinet", "2022", "NS cấp huyện", "1.700,0"],
    ["6", "Trang thiết bị cho phòng họp số", "2022", "NS cấp huyện", "550,0"],
    ["7", "Đầu tư thiết bị sao lưu dữ liệu (backup) các xã, thị trấn", "2022", "NS cấp huyện", "345,0"],
    ["8", "Bố sung thiết bị tại một cửa hiện đại tại huyện", "2022", "NS cấp huyện", "310,0"],
    ["9", "Nâng cấp hệ thống mạng truyền số liệu chuyên dùng", "2022", "VNPT hỗ trợ", ""],
    ["", "TỔNG", "", "", "9.179,0"],
]
DUC_THO_ROWS = [
    ["1", "Sửa chữa, mua sắm các thiết bị công nghệ thông tin", "179.360.000"],
    ["2", "Hỗ trợ thực hiện đề án 06", "160.000.000"],
    ["3", "Đường truyền mạng", "75.940.000"],
    ["4", "Đào tạo tập huấn", "50.000.000"],
    ["5", "Thông tin tuyên truyền, duy trì hoạt động cổng thông tin điện tử", "100.000.000"],
    ["", "Tổng cộng", "565.300.000"],
]
DOCS = [
    {
        "source": "001_0c422011ef2b1f6d.txt", "out": "gen_binhson_chinhquyenso_2022.pdf", "body_lines": 795,
        "title": "DANH MỤC NỘI DUNG, NHIỆM VỤ PHÁT TRIỂN CHÍNH QUYỀN SỐ HUYỆN BÌNH SƠN NĂM 2022",
        "scale": "Đơn vị tính: triệu đồng",
        "header": ["TT", "Danh mục nội dung, nhiệm vụ", "Giai đoạn", "Cấp ngân sách", "Kinh phí năm 2022"],
        "widths": [8, 50, 12, 18, 16], "rows": BINH_SON_ROWS,
        "words": "Tổng kinh phí dự kiến của Kế hoạch năm 2022 là 9.179,0 triệu đồng (Bằng chữ: Chín tỷ một "
                 "trăm bảy mươi chín triệu đồng Việt Nam).",
    },
    {
        "source": "003_282b1dbe3f5ddbfb.txt", "out": "gen_ductho_chuyendoiso_2023.pdf", "body_lines": 438,
        "title": "9. Kinh phí thực hiện", "scale": "Đơn vị tính: đồng",
        "header": ["TT", "Tên nhiệm vụ, dự án", "Tổng kinh phí thực hiện"],
        "widths": [8, 70, 26], "rows": DUC_THO_ROWS, "words": "",
    },
]


def render(spec: dict, source_dir: Path, out_dir: Path) -> Path:
    lines = (source_dir / spec["source"]).read_text(encoding="utf-8").splitlines()[: spec["body_lines"]]
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    for line in lines:
        if line.strip():
            pdf.multi_cell(0, 6, line.strip(), new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, spec["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=10)
    pdf.cell(0, 6, spec["scale"], align="R", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=spec["widths"], headings_style=FontFace(emphasis="BOLD"),
                   line_height=6, text_align="LEFT") as table:
        for row in [spec["header"], *spec["rows"]]:
            r = table.row()
            for cell in row:
                r.cell(cell)
    if spec["words"]:
        pdf.ln(4)
        pdf.multi_cell(0, 6, spec["words"], new_x="LMARGIN", new_y="NEXT")
    path = out_dir / spec["out"]
    pdf.output(str(path))
    return path


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "raw")
    ap.add_argument("--sources", type=Path, default=ROOT / "data" / "raw")
    args = ap.parse_args(argv)
    for spec in DOCS:
        print(render(spec, args.sources, args.out))


if __name__ == "__main__":
    main()
