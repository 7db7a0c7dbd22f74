"""segment: normalized text → lines, blocks (headings, list items, paragraphs with
hard line wraps joined) and sentences, each keeping its source span.

A block ends where the next line opens with a marker (I., 1., 1.1., a), -, +), or the
line before ends a sentence and the next one starts like a new one. A blank line ends a
paragraph only in a text that uses blank lines so: a PDF converter that puts one after
every line says nothing by it (``blank_lines_break``). A "|" line (a web copy's cell
separator) is a block of its own.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from .model import SourceDoc
from .mtext import MText
from .rules import FirstMatch, RuleSet

LEVELS = {"part": 0, "roman": 1, "arabic": 2, "dotted": 3, "letter": 5, "dash": 6, "plus": 7}
HEADING_KINDS = {"part", "roman", "arabic", "dotted", "letter"}
_LIST_ITEM_KINDS = {"dash", "plus", "letter"}
_HEADING_WORDS = 4  # a heading's first line with fewer words (marker included) is wrapped
_STARTS_NEW = regex.compile(r"^[\p{Lu}\d\"“(]")
# the punctuation first and the match (the spacing) after it (\K): a lookbehind first
# is tried at every position of every block, a literal class first is found fast (3x)
_MARKER_ONLY = regex.compile(r"\s*(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[a-zđ])[.)]\s*$")
_SENT_SPLIT = regex.compile(r"[.;!?]\K\s+(?=[\p{Lu}\d\"“(-])|;\K\s+")


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs 4x, and a plan has thousands of lines
class Line:
    index: int  # position among the document's non-blank lines
    source_line: int  # 1-based line number in the source text
    text: MText


@dataclass
class Block:
    index: int
    marker_kind: str | None  # a key of LEVELS, or None for a plain paragraph
    marker: str
    text: MText  # the whole block, marker included, wrapped lines joined
    lines: list[Line]
    section: tuple[Block, ...] = ()  # enclosing headings, outermost first
    intro: Block | None = None  # the sentence that introduces the list this item is in ("… như sau:")
    _sentences: list[MText] | None = field(default=None, repr=False)
    # what extractors learn of a heading once and ask of every block under it
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def level(self) -> int:
        return LEVELS.get(self.marker_kind or "", 9)

    @property
    def is_heading(self) -> bool:
        return self.marker_kind in HEADING_KINDS

    @functools.cached_property
    def body(self) -> MText:
        """The text after the marker."""
        return self.text[len(self.marker):].strip() if self.marker else self.text

    @functools.cached_property
    def title(self) -> str:
        """A heading's name: the body up to its first colon."""
        body = self.body.text
        return body.split(":", 1)[0].strip()

    @functools.cached_property
    def own_line(self) -> str:
        """A heading's first line. A heading the converter ran into its paragraph
        ("I. TÌNH HÌNH THỰC HIỆN … đã phân công nhiệm vụ …") says what it is there."""
        if not self.lines:
            return self.title
        # a web copy wraps even short headings ("II. MỤC" / "TIÊU"): a first line of a few
        # words takes the lines after it until the heading has words enough to say what it is
        own = self.lines[0].text.text
        for line in self.lines[1:]:
            if len(own.split()) >= _HEADING_WORDS:
                break
            own += " " + line.text.text
        return own

    def section_titles(self) -> list[str]:
        return [b.title for b in self.section]

    def sentences(self) -> list[MText]:
        if self._sentences is None:
            self._sentences = split_sentences(self.text)
        return self._sentences


@dataclass
class Segmented:
    doc: SourceDoc
    norm: MText
    lines: list[Line]
    blocks: list[Block]
    # what earlier extractors learned that later ones may use (metadata sets "district")
    context: dict = field(default_factory=dict)
    _line_starts: list[int] | None = field(default=None, repr=False)

    def line_starts(self) -> list[int]:
        """The source offset of each line's first character (for bisecting), listed once."""
        if self._line_starts is None:
            self._line_starts = [ln.text.starts[0] for ln in self.lines]
        return self._line_starts


@functools.cache
def _markers(rules: RuleSet) -> FirstMatch:
    return rules.first_match(rules.segment.markers)


def find_marker(text: str, rules: RuleSet) -> tuple[str | None, str]:
    hit = _markers(rules)(text)
    if hit is None:
        return None, ""
    rule, m = hit
    return rule.value or rule.id, m.group(0)


def split_lines(norm: MText, doc: SourceDoc) -> list[Line]:
    """The non-blank lines, stripped. The strings are cut first and an offset view is
    made only for a line with text: half the lines of a converted plan are blank."""
    lines: list[Line] = []
    starts, ends = norm.starts, norm.ends
    pos = 0
    for raw in norm.text.split("\n"):
        text = raw.strip()
        if text:
            a = pos + len(raw) - len(raw.lstrip())
            b = a + len(text)
            piece = MText.from_views(text, starts[a:b], ends[a:b])
            lines.append(Line(len(lines), doc.line_of(starts[a]), piece))
        pos += len(raw) + 1
    return lines


# Line ends tested on the string's last characters: a regex anchored at the end ($) is
# still tried from every position of every line.
def _ends_sentence(text: str) -> bool:
    """The line ends with . ; ! ? : (or "./."), spacing after it aside."""
    tail = text.rstrip()
    return bool(tail) and tail[-1] in ".;!?:"


def _cut_tight(text: str) -> bool:
    """The line ends in a - or / right after a character (a code or compound cut)."""
    return len(text) > 1 and text[-1] in "-/" and not text[-2].isspace()


def _continues(prev: Line, line: Line, kind: str | None) -> bool:
    if kind is not None:
        return False
    text = line.text.text
    if text == "|" or prev.text.text == "|":
        return False  # a web copy's line between two table cells: no paragraph goes across it
    if _ends_sentence(prev.text.text) and _STARTS_NEW.match(text):
        # a value wrapped after its label inside a parenthesis ("(Trong đó: VNPT:" /
        # "25 trạm, …)") goes on: a parenthesis never spans two blocks
        before = prev.text.text
        return before.rstrip().endswith(":") and text[:1].isdigit() and before.count("(") > before.count(")")
    return True


# share of lines followed by a blank one from which blank lines are a converter's spacing
# (the dev plans: 0.94-0.99; the web copies of dev2: 0.0-0.36)
_BLANK_AFTER_EVERY_LINE = 0.85


def blank_lines_break(lines: list[Line]) -> bool:
    """Whether a blank line ends a paragraph. A PDF converter that puts a blank line
    after every line (nine lines in ten or more) says nothing by it; text typed or copied
    from a web page puts one between paragraphs only (a third of lines or fewer in the
    samples; a short text of one-line paragraphs more)."""
    if len(lines) < 2:
        return False
    gaps = sum(1 for a, b in zip(lines, lines[1:], strict=False) if b.source_line > a.source_line + 1)
    return gaps / (len(lines) - 1) < _BLANK_AFTER_EVERY_LINE


def _after_blank(group: tuple[str | None, str, list[Line]], line: Line) -> bool:
    """A blank line stands between the group and the line, and the group is more than a
    lone marker ("2." alone on its line goes on with the text after the blank)."""
    _kind, marker, lines = group
    lone_marker = len(lines) == 1 and lines[0].text.text.strip() == marker.strip()
    return line.source_line > lines[-1].source_line + 1 and not lone_marker


def segment(doc: SourceDoc, norm: MText, rules: RuleSet) -> Segmented:
    lines = split_lines(norm, doc)
    paragraphs = blank_lines_break(lines)
    groups: list[tuple[str | None, str, list[Line]]] = []
    for line in lines:
        kind, marker = find_marker(line.text.text, rules)
        if groups and paragraphs and _after_blank(groups[-1], line):
            groups.append((kind, marker, [line]))
        elif groups and _continues(groups[-1][2][-1], line, kind):
            groups[-1][2].append(line)
        else:
            groups.append((kind, marker, [line]))
    blocks: list[Block] = []
    stack: list[Block] = []
    intro: Block | None = None
    for kind, marker, group in groups:
        block = Block(len(blocks), kind, marker, join_lines(group), group)
        level = block.level
        if block.is_heading:
            while stack and stack[-1].level >= level:
                stack.pop()
            block.section = tuple(stack)
            stack.append(block)
        else:
            block.section = tuple(stack)
        if kind in _LIST_ITEM_KINDS:
            block.intro = intro
        elif block.text.text.rstrip().endswith(":"):
            intro = block  # it introduces the items after it
        else:
            intro = None
        blocks.append(block)
    return Segmented(doc, norm, lines, blocks)


def join_lines(lines: list[Line]) -> MText:
    """Join hard-wrapped lines: with a space, or tight after a trailing - or /
    (a code or compound cut at the line end: ``85/2016/NĐ-`` + ``CP``)."""
    if len(lines) == 1:
        return lines[0].text  # most blocks: the line itself, no copy of its offsets
    parts = []
    for k, line in enumerate(lines):
        last = k == len(lines) - 1
        sep = "" if last or _cut_tight(line.text.text) else " "
        parts.append((line.text, sep))
    return MText.concat(parts)


def split_sentences(text: MText) -> list[MText]:
    """Sentences of a block: cut after . ; ! ? before what starts a new sentence. Each
    piece is stripped on the string and sliced once (an offset view per sentence)."""
    s = text.text
    # a cut right after an outline marker ("1. Các cơ quan …") is none: the marker opens the sentence
    cuts = [(m.start(), m.end()) for m in _SENT_SPLIT.finditer(s) if not _MARKER_ONLY.match(s, 0, m.start())]
    out = []
    for a, b in zip([0, *(end for _start, end in cuts)], [*(start for start, _end in cuts), len(s)], strict=True):
        piece = s[a:b]
        stripped = piece.strip()
        if stripped:
            a += len(piece) - len(piece.lstrip())
            out.append(text[a:a + len(stripped)])
    return out
