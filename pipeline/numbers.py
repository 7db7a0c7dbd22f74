"""Numbers as Vietnamese documents print them. Every parser returns None on junk.

Vietnamese usage: "." groups thousands and "," is the decimal mark (``1.374.306``,
``9.179,0``, ``95,5``). Converted tables mix in English habits (``1,374,306``,
``95.5``) and hybrids (``201,519.636``: a decimal comma, then a stray grouping dot).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

_GROUPED_DECIMAL_COMMA = regex.compile(r"^\d{1,3}(?:\.\d{3})*,\d+$")
_NOT_WORD = regex.compile(r"[^\p{L}\s]")
_BILLION = "tỷ"  # the largest scale word the amounts use
_CURRENCY_WORDS = regex.compile(r"\b(?:đồng|việt nam|chẵn|vnđ|vnd|./.)\b", regex.I)

SCALES = {"đồng": 1, "nghìn đồng": 1_000, "ngàn đồng": 1_000, "triệu đồng": 1_000_000, "tỷ đồng": 1_000_000_000}
_NUM = regex.compile(r"^[0-9][0-9.,]*$")
_GROUPED = regex.compile(r"^[0-9]{1,3}(?:\.[0-9]{3})+$")
_EN_GROUPED = regex.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$")


def parse_decimal(s: str | None) -> Decimal | None:
    if s is None:
        return None
    s = s.strip().replace(" ", "")
    if not s or not _NUM.match(s) or s[-1] in ".,":
        s = s.rstrip(".,")
        if not s or not _NUM.match(s):
            return None
    commas, dots = s.count(","), s.count(".")
    try:
        if commas == 0:
            if dots == 0 or _GROUPED.match(s):
                return Decimal(s.replace(".", ""))
            if dots == 1:
                return Decimal(s)  # 95.5: an English decimal point
            return None
        if commas == 1:
            whole, frac = s.split(",")
            if dots and s.rfind(".") > s.find(",") and not _GROUPED_DECIMAL_COMMA.match(s):
                # 201,519.636 — the decimal comma comes first; dots after it only group
                return Decimal(whole.replace(".", "") + "." + frac.replace(".", ""))
            return Decimal(whole.replace(".", "") + "." + frac)
        if dots == 0 and _EN_GROUPED.match(s):
            return Decimal(s.replace(",", ""))  # 1,374,306
        if dots == 1 and s.rfind(".") > s.rfind(","):
            whole, frac = s.rsplit(".", 1)
            if _EN_GROUPED.match(whole):
                return Decimal(whole.replace(",", "") + "." + frac)
    except InvalidOperation:
        return None
    return None


def parse_number(s: str | None) -> float | None:
    d = parse_decimal(s)
    return float(d) if d is not None else None


def parse_amount(s: str | None, scale: str | None = "đồng") -> int | None:
    """``parse_amount("9.179,0", "triệu đồng") == 9_179_000_000``; None on junk."""
    d = parse_decimal(s)
    if d is None:
        return None
    factor = SCALES.get((scale or "đồng").lower(), 1)
    return int((d * factor).to_integral_value())


def decimals_printed(s: str) -> int:
    """Digits after the decimal mark as printed (for rounding checks): "601,586" → 3."""
    s = s.strip()
    if "," in s:
        return len(s.rsplit(",", 1)[1].replace(".", ""))
    if s.count(".") == 1 and not _GROUPED.match(s):
        return len(s.rsplit(".", 1)[1])
    return 0


@dataclass(frozen=True)
class Reading:
    """A table figure read by its table's convention."""
    value: int | None
    alt: int | None  # the other reading where the convention leaves the figure open
    precision: int | None  # what one unit of the last printed digit is worth, in đồng


def read_table_amounts(printed: list[str], scale: str) -> list[Reading]:
    """Each figure of one table, read by the table's own separator convention rather
    than alone: where most figures print a decimal comma with three decimals
    ("601,586" triệu), a figure printed with dots only ("1.374.306") followed the same
    habit with a slipped mark, so its last dot is read as the decimal mark (1.374,306)
    and the grouped reading is kept as the alternative."""
    factor = SCALES.get(scale, 1)
    decimals = [decimals_printed(t) for t in printed if "," in t]
    habit = Counter(decimals).most_common(1)[0][0] if decimals and 2 * len(decimals) > len(printed) else 0
    out = []
    for t in printed:
        value = parse_amount(t, scale)
        tail = t.strip().rsplit(".", 1)
        if habit == 3 and value is not None and _GROUPED.match(t.strip()) and len(tail[1]) == habit:
            slipped = parse_amount(tail[0] + "," + tail[1], scale)
            out.append(Reading(slipped, value, max(1, factor // 10 ** habit)))
        else:
            out.append(Reading(value, None, max(1, factor // 10 ** decimals_printed(t)) if value is not None else None))
    return out


def words_to_number(words: str) -> int | None:
    """A count written in words ("một", "mười hai") → int; None for words that are no number."""
    from vn_numberwords import words_to_number as parse

    try:
        value = parse(" ".join(words.split()).lower())
    except Exception:  # the library raises various errors on words it does not know
        return None
    return value if isinstance(value, int) else None


def words_to_vnd(words: str) -> int | None:
    """An amount written in words ("Chín tỷ một trăm bảy mươi chín triệu đồng") → int."""
    from vn_numberwords import currency_words_to_number, words_to_number

    cleaned = _NOT_WORD.sub(" ", words)
    cleaned = _CURRENCY_WORDS.sub(" ", cleaned)
    cleaned = " ".join(cleaned.split()).lower()
    if not cleaned:
        return None
    billions, sep, rest = cleaned.rpartition(f" {_BILLION}")
    if sep and billions and " " in billions.strip():
        # the library reads "hai nghìn sáu trăm mười lăm tỷ" (thousands of billions) wrong:
        # the count of billions is a number of its own
        head, tail = words_to_vnd(billions), words_to_vnd(rest) if rest.strip() else 0
        return head * 1_000_000_000 + (tail or 0) if head else None
    for fn in (currency_words_to_number, words_to_number):
        try:
            value = fn(cleaned)
        except Exception:  # the library raises various errors on words it does not know
            continue
        if isinstance(value, int) and value > 0:
            return value
    return None
