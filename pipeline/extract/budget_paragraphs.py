"""Budget paragraphs: a sum stated in running text, with its parts (GUIDELINES §6).

"Tổng kinh phí … là 4,25 tỷ đồng (Bằng chữ: …). Trong đó: ngân sách tỉnh 1,5 tỷ đồng;
ngân sách huyện 2,35 tỷ đồng" — the parts after "Trong đó", in the same paragraph or in
the list items below it, are the items of that total: they add up to it and are audited.
A yearly figure times the years ("1.500.000.000 đồng/năm x 05 năm = 7.500.000.000
đồng") states the product. A paragraph counts when it has parts or its amount in words.
The sentences around a table are read here too: the total a paragraph states right after
it (``trailing_total``) and the amount in words below it (``words_in_lines``).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import regex

from ..mtext import MText
from ..numbers import words_to_vnd
from ..segment import Block, Segmented
from .budget_outline import Amount, TableRow

_MAX_PART_BLOCKS = 12
_FIGURE_FIRST = regex.compile(r"^\d")


@dataclass(frozen=True)
class Paragraph:
    title: str
    scale: str
    start: int
    end: int
    rows: list[TableRow]
    words: tuple[int | None, int | None, int | None]


def scale_word(word: str) -> str:
    w = word.lower()
    return "đồng" if w in ("đ", "vnđ", "đồng") else w.replace("ngàn", "nghìn")


def paragraphs(seg: Segmented, rx: dict, skip: Callable[[int], bool]) -> Iterator[Paragraph]:
    blocks = seg.blocks
    for i, block in enumerate(blocks):
        text = block.text.text
        opener = next((m for r in rx["paragraph_openers"] for m in [r.search(text)] if m), None)
        if opener is None or skip(block.text.span(opener.start())[0]):
            continue
        total = _amount_at(text, opener.end(), rx)
        if total is None:
            continue
        label = text[_label_start(block):opener.end()].strip(" :")
        rows = [_row(block.text, total, label, is_total=True)]
        of_which = rx["of_which_inline"].search(text, total.end())
        if of_which:
            rows += _parts(block.text, of_which.end(), rx, None)
        for part, text in _part_texts(blocks[i + 1:i + 1 + _MAX_PART_BLOCKS], block):
            lead = part.body.text.split(":", 1)[0].strip() if ":" in part.body.text else None
            rows += _parts(text, len(part.marker), rx, lead)
        words = _words(block.text, opener.start(), rx)
        if len(rows) < 2 and words[0] is None:
            continue
        a, b = block.text.span()
        yield Paragraph(label, scale_word(total.group("scale")), a, b, rows, words)


def _label_start(block: Block) -> int:
    """Where the paragraph's own words begin: after its marker, and after a heading in
    capitals that the paragraph was joined to ("V. KINH PHÍ THỰC HIỆN Kinh phí dự kiến …")."""
    first = block.lines[0].text.text if block.lines else ""
    if len(block.lines) > 1 and first.isupper():
        return len(first) + 1
    return len(block.marker)


def _amount_at(text: str, pos: int, rx: dict) -> regex.Match | None:
    """The amount a sum's wording leads to: the product of a yearly figure, or the figure."""
    return rx["product"].match(text, pos) or rx["with_scale"].match(text, pos)


def _row(text: MText, m: regex.Match, label: str, is_total: bool = False) -> TableRow:
    a, b = text.span(m.start("num"), m.end("num"))
    amount = Amount(None, m.group("num"), a, b, scale_word(m.group("scale")))
    return TableRow(None, label, a, b, (amount,), None, is_total)


def _part_texts(blocks: list[Block], opener: Block) -> list[tuple[Block, MText]]:
    """The list items under the paragraph, each with the text of its own, joined with a
    figure that wrapped onto a line of its own ("- Thu và phân tích mẫu:" / "1.364.329.243
    đồng/năm.")."""
    out: list[tuple[Block, list[MText]]] = []
    for block in blocks:
        if _is_part(block, opener):
            out.append((block, [block.text]))
        elif out and block.marker_kind is None and _FIGURE_FIRST.match(block.text.text):
            out[-1][1].append(block.text)
        else:
            break
    return [(block, MText.join(" ", texts)) for block, texts in out]


def _is_part(part: Block, opener: Block) -> bool:
    """A list item under the paragraph: a dash or plus item, or an item deeper than a
    numbered opener."""
    if part.marker_kind in ("dash", "plus"):
        return True
    return bool(part.marker_kind and opener.marker_kind and part.level > opener.level)


def _parts(text: MText, pos: int, rx: dict, lead: str | None) -> list[TableRow]:
    """Each amount after pos, labelled by the words before it ("Cấp huyện: 500.000.000đ")."""
    s = text.text
    rows, last = [], pos
    spans = [m for m in rx["product"].finditer(s, pos)]
    taken = [(m.start(), m.end()) for m in spans]
    spans += [m for m in rx["with_scale"].finditer(s, pos) if not any(a <= m.start() < b for a, b in taken)]
    for m in sorted(spans, key=lambda m: m.start()):
        before = s[last:m.start()].rstrip(" :")
        own = before.split(";")[-1].split(":")[-1].strip(" -+.,")
        label = f"{lead} - {own}" if lead and own and own != lead else (own or lead or "")
        rows.append(_row(text, m, label))
        last = m.end()
    return rows


def _words(text: MText, pos: int, rx: dict) -> tuple[int | None, int | None, int | None]:
    for w in rx["words"]:
        m = w.search(text.text, pos)
        if m:
            value = words_to_vnd(m.group("words"))
            if value:
                a, b = text.span(m.start("words"), m.end("words"))
                return value, a, b
    return None, None, None


def trailing_total(seg: Segmented, end: int, rx: dict) -> list[TableRow]:
    """A total stated in the paragraph right after the table ("Tổng kinh phí ... là ...")."""
    for ln in seg.lines[end:end + 3]:
        s = ln.text.text
        pm = rx["total_par"].search(s)
        if not pm:
            continue
        am = rx["with_scale"].search(s, pm.end() - 1)
        if not am:
            return []
        para = " ".join(x.text.text for x in seg.lines[end:end + 5])
        src = next((" ".join(m.group(0).split()) for r in rx["sources"] for m in [r.search(para)] if m), None)
        a, b = ln.text.span(am.start("num"), am.end("num"))
        amount = Amount(None, am.group("num"), a, b, scale_word(am.group("scale")))
        return [TableRow(None, s[:pm.end()].strip(" :"), a, b, (amount,), src, True)]
    return []


def words_in_lines(seg: Segmented, start: int, stop: int, rx: dict) -> tuple[int | None, int | None, int | None]:
    """The amount in words on lines[start:stop] (read over three lines at a time, as it
    wraps)."""
    text_lines = seg.lines[start:stop]
    for k, ln in enumerate(text_lines):
        joined = " ".join(x.text.text for x in text_lines[k:k + 3])
        for w in rx["words"]:
            m = w.search(joined)
            if m and m.start() < len(ln.text.text):
                value = words_to_vnd(m.group("words"))
                if value:
                    a, b = ln.text.span(min(m.start("words"), len(ln.text.text) - 1))
                    return value, a, b
    return None, None, None
