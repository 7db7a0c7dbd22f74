"""ingest, for documents that are neither text nor PDF: Word (.docx) and web pages (.html)
become plain text, one paragraph a line, every table a run of markdown rows
(``| a | b |``), so that the text-table reader (``pipeline/text_tables.py``) gets their
cells back. The text made here is the document's text: offsets point into it, and the
runner stores it in ``document_text``, as for a PDF.

Web pages: the parts of a site around the document (navigation, menus, header, footer,
scripts, forms) are dropped, and so is any element whose class or id names one of them.
"""
from __future__ import annotations

import io
import zipfile

import regex

from . import errors

DOCX_MAGIC = b"PK\x03\x04"
_SPACE = regex.compile(r"\s+")
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
        for cell in row.cells:
            if cell._tc is last:  # a cell merged across columns comes back once per column
                continue
            last = cell._tc
            cells.append(cell.text)
        rows.append(markdown_row(cells))
    if rows:  # the first row is the header: a rule under it, as markdown writes it
        rows.insert(1, markdown_row(["---"] * (rows[0].count(" | ") + 1)))
    return rows


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
        rows = [[_one_line(c.text_content()) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
                for tr in el.iter("tr")]
        rows = [r for r in rows if any(r)]
        if rows:
            lines.append(markdown_row(rows[0]))
            lines.append(markdown_row(["---"] * len(rows[0])))
            lines.extend(markdown_row(r) for r in rows[1:])
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


def _tail(el, lines: list[str], current: list[str]) -> None:
    if el.tail:
        current[0] += el.tail


def _flush(lines: list[str], current: list[str]) -> None:
    if current[0].strip():
        lines.append(current[0])
    current[0] = ""
