"""Word 97-2003 (.doc) fixtures, made from .docx files by LibreOffice (Debian package
libreoffice-writer-nogui; needed only to regenerate them, never by the pipeline):

- ``plan.doc``: the second dev text, one paragraph a line (tests/test_formats.py compares
  its codes and percentages with the text's);
- ``budget.doc``: a short plan with a budget table (its rows must come through as cells).

    python -m scripts.make_doc_fixtures [--out tests/fixtures/formats]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document

ROOT = Path(__file__).resolve().parent.parent
PLAN = sorted((ROOT / "data" / "raw").glob("*.txt"))[1]
BUDGET_ROWS = [["STT", "Nội dung", "Kinh phí (triệu đồng)"],
               ["1", "Nâng cấp mạng nội bộ", "150"],
               ["2", "Phần mềm quản lý văn bản", "250"],
               ["", "Tổng cộng", "400"]]


def _plan(path: Path) -> None:
    document = Document()
    for line in PLAN.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(path)


def _budget(path: Path) -> None:
    document = Document()
    document.add_paragraph("KẾ HOẠCH Chuyển đổi số xã Tân Lập năm 2026")
    document.add_paragraph("IV. KINH PHÍ THỰC HIỆN")
    table = document.add_table(rows=len(BUDGET_ROWS), cols=3)
    for r, row in enumerate(BUDGET_ROWS):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("Bằng chữ: Bốn trăm triệu đồng.")
    document.save(path)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "formats")
    args = ap.parse_args(argv)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise SystemExit("needs LibreOffice (Debian package libreoffice-writer-nogui)")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in (("plan", _plan), ("budget", _budget)):
            make(Path(tmp) / f"{name}.docx")
            subprocess.run([office, "--headless", "--convert-to", "doc", "--outdir", str(args.out),
                            str(Path(tmp) / f"{name}.docx")], check=True, capture_output=True, timeout=300)
            print(args.out / f"{name}.doc")


if __name__ == "__main__":
    main()
