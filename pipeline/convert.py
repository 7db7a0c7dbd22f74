"""ingest, for documents that are neither text nor PDF: Word (.docx; the older binary
.doc through antiword, a Debian tool) and web pages (.html) become plain text, one paragraph a line, every table a run of markdown rows
(``| a | b |``), so that the text-table reader (``pipeline/text_tables.py``) gets their
cells back. The text made here is the document's text: offsets point into it, and the
runner stores it in ``document_text``, as for a PDF.

Web pages: the parts of a site around the document (navigation, menus, header, footer,
scripts, forms) are dropped, and so is any element whose class or id names one of them.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile

import regex

from . import errors

DOCX_MAGIC = b"PK\x03\x04"
DOC_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: Word 97-2003 and its kin
_ANTIWORD_TABLE_ROW = regex.compile(r"^\|(.*)\|\s*$")
_SPACE = regex.compile(r"\s+")
_FIGURE = regex.compile(r"^\d[\d.,]*$")
# elements that are a site's frame, not the document
_FRAME_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "iframe",
               "svg", "template", "select", "menu"}
_FRAME_NAMES = regex.compile(r"(?i)(?:^|[\s_-])(?:nav|navbar|menu|header|footer|breadcrumbs?|sidebar|banner|"
                             r"cookie|share|social|related)(?:$|[\s_-])")
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "body", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2",
               "h3", "h4", "h5", "h6", "blockquote", "pre", "center", "address", "figure", "figcaption", "td",
               "th", "caption"}


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def markdown_row(cells: list[str]) -> str:
    """A table row as markdown: a "|" inside a cell is escaped, a cell's lines joined."""
    return "| " + " | ".join(_one_line(c).replace("|", "\\|") for c in cells) + " |"


# ------------------------------------------------------------------ Word

def docx_text(path, data: bytes) -> str:
    """The paragraphs and tables of a .docx in document order."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise errors.BrokenDocument(f"{path}: not a readable Word document ({type(exc).__name__}: {exc})") from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            lines.extend(_docx_table(Table(child, document)))
    return "\n".join(lines) + "\n"


def _docx_table(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        last = None
        for cell in row.cells:  # a cell merged across columns comes back once per column
            cells.append(_spanned(cell.text) if cell._tc is last else cell.text)
            last = cell._tc
        rows.append(cells)
    return _markdown_table(rows)


def _spanned(text: str) -> str:
    """What a merged cell shows in a column it spans beyond its first: its words (a
    header "Năm 2025" over two columns names both), but not a figure, which must not be
    counted twice."""
    return "" if _FIGURE.match(text.strip()) else text


def _markdown_table(rows: list[list[str]]) -> list[str]:
    """Rows of cells as markdown: the first row is the header, with a rule under it."""
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    lines = [markdown_row(r + [""] * (width - len(r))) for r in rows]
    lines.insert(1, markdown_row(["---"] * width))
    return lines


def doc_text(path, data: bytes) -> str:
    """A Word 97-2003 .doc through antiword (Debian package antiword): its text in UTF-8,
    paragraphs unwrapped; antiword prints a table row as ``|a |b |``, made markdown rows
    here."""
    if shutil.which("antiword") is None:
        raise errors.ConverterUnavailable(f"{path}: a Word 97-2003 .doc needs antiword: install the Debian "
                                          "package antiword (make setup does, as root)")
    with tempfile.NamedTemporaryFile(suffix=".doc") as tmp:
        tmp.write(data)
        tmp.flush()
        try:
            done = subprocess.run(["antiword", "-m", "UTF-8.txt", "-w", "0", tmp.name], capture_output=True,
                                  timeout=120, check=False)
        except subprocess.TimeoutExpired:
            raise errors.BrokenDocument(f"{path}: antiword took over 120 s") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", errors="replace").strip().splitlines()[-1:] or ["no message"]
        raise errors.BrokenDocument(f"{path}: not a readable Word 97-2003 document (antiword: {reason[0]})")
    out: list[str] = []
    table: list[list[str]] = []
    for line in [*done.stdout.decode("utf-8", errors="replace").splitlines(), ""]:
        m = _ANTIWORD_TABLE_ROW.match(line)
        if m:
            table.append(m.group(1).split("|"))
            continue
        out.extend(_markdown_table(table))
        table = []
        out.append(line.strip())
    text = "\n".join(out).strip()
    if not text:
        raise errors.NoText(f"{path}: the Word document has no text")
    return text + "\n"


# ------------------------------------------------------------------ web pages

def html_text(path, data: bytes) -> str:
    """The text of a saved web page: its document, without the site's frame."""
    import lxml.html

    try:  # a page saved as UTF-8 without a charset in its head is read as UTF-8, not Latin-1
        markup: str | bytes = data.decode("utf-8")
    except UnicodeDecodeError:
        markup = data  # lxml reads the charset the page declares
    try:
        root = lxml.html.document_fromstring(markup)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise errors.NoText(f"{path}: no readable HTML ({exc})") from None
    for el in list(root.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions: their tail is read
            continue
        names = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}"
        if el.tag in _FRAME_TAGS or _FRAME_NAMES.search(names):
            if el.getparent() is not None:
                el.drop_tree()
    lines: list[str] = []
    _html_lines(root.find("body") if root.find("body") is not None else root, lines, [""])
    text = "\n".join(line for line in (_one_line(x) for x in lines) if line)
    if not text.strip():
        raise errors.NoText(f"{path}: the page holds no text once its menus and footer are left out")
    return text + "\n"


def _html_lines(el, lines: list[str], current: list[str]) -> None:
    """Walk the tree: a block element ends the line, a table becomes markdown rows."""
    if el.tag == "table":
        _flush(lines, current)
        lines.extend(_markdown_table(_html_grid(el)))
        _tail(el, lines, current)
        return
    block = el.tag in _BLOCK_TAGS
    if block or el.tag == "br":
        _flush(lines, current)
    if el.text and el.tag != "br":
        current[0] += el.text
    for child in el:
        if isinstance(child.tag, str):
            _html_lines(child, lines, current)
        elif child.tail:  # the text after a comment
            current[0] += child.tail
    if block:
        _flush(lines, current)
    _tail(el, lines, current)


def _html_grid(table) -> list[list[str]]:
    """A table's rows on its grid: a cell spanning columns (colspan) or rows (rowspan)
    stands in every position it covers (its words; a figure only in its first)."""
    grid: list[list[str]] = []
    below: dict[tuple[int, int], str] = {}  # (row, column) → what a rowspan from above puts there
    for r, tr in enumerate(table.iter("tr")):
        row: list[str] = []
        for cell in (c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")):
            while (r, len(row)) in below:
                row.append(below.pop((r, len(row))))
            text = _one_line(cell.text_content())
            across, down = _span(cell, "colspan"), _span(cell, "rowspan")
            for k in range(across):
                row.append(text if k == 0 else _spanned(text))
                for d in range(1, down):
                    below[(r + d, len(row) - 1)] = _spanned(text)
        while (r, len(row)) in below:
            row.append(below.pop((r, len(row))))
        grid.append(row)
    return grid


def _span(cell, attribute: str) -> int:
    try:
        return max(1, min(int(cell.get(attribute, "1")), 50))
    except ValueError:
        return 1


def _tail(el, lines: list[str], current: list[str]) -> None:
    if el.tail:
        current[0] += el.tail


def _flush(lines: list[str], current: list[str]) -> None:
    if current[0].strip():
        lines.append(current[0])
    current[0] = ""
