"""Print the text tables (text_tables) a document gives: layout, header, rows of cells.
Usage: python -m scripts.show_tables FILE"""
from __future__ import annotations

import sys
from pathlib import Path

from pipeline.ingest import read_source
from pipeline.normalize import normalize
from pipeline.rules import default_rules
from pipeline.segment import segment
from pipeline.text_tables import text_tables


def main(path: str) -> None:
    rules = default_rules()
    doc = read_source(Path(path))
    seg = segment(doc, normalize(doc.text, rules, doc.nfc_text()), rules)
    for t in text_tables(seg):
        print(f"== {t.layout} table, lines {t.body_lines.start}-{t.end_line}")
        print("   header:", " | ".join(c.text for c in t.header))
        for r in t.rows:
            print(f"   {r.line}:", " | ".join(c.text[:30] for c in r.cells))


if __name__ == "__main__":
    main(sys.argv[1])
