"""Legal references: one record per mention of a cited document.

Candidates come from the ``patterns`` of ``rules/legal_refs.yaml``; a code with no type
word before it takes the type of the list it stands in ("các Quyết định số 1/QĐ-UBND,
2/QĐ-UBND") or the one its symbol implies; date and issuer are read after the code.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterator

import regex

from ..model import LegalRef
from ..mtext import MText
from ..rules import FLAGS, RuleSet
from ..segment import Segmented
from ..units import trim_place, unit_at_start

_CODE_PARTS = regex.compile(r"[/-]")
_UPPER = regex.compile(r"\p{Lu}")
_SPACE = regex.compile(r"\s+")

NAME = "legal_refs"
ORDER = 10

_SENTENCE_END = regex.compile(r"\.\s+\p{Lu}|\.\s*$", FLAGS)
_LIST_GLUE = regex.compile(r"^\s*(?:[,;]|và|,\s*và)\s*(?:số\s*)?$", FLAGS)
# between two members of a list: glue, and the next member's type word ("và Thông tư số")
_LIST_GLUE_TYPED = regex.compile(r"\s*(?:[,;]|và|,\s*và)\s*(?:\p{Lu}\p{Ll}*(?:\s+\p{Ll}+){0,3}\s+)?(?:số\s*)?$", FLAGS)
_DMY = regex.compile(r"(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4})")
_WORDS = regex.compile(r"(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})")


def parse_date(s: str | None) -> dt.date | None:
    """``19/01/2022``, ``19-01-2022``, ``ngày 21 tháng 4 năm 2022`` → date; None on junk."""
    if not s:
        return None
    m = _WORDS.search(s) or _DMY.search(s)
    if not m:
        return None
    day, month, year = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@functools.cache
def _compiled(rules: RuleSet) -> dict:
    lr = rules.legal_refs
    canon = {d.name.lower(): d.name for d in lr.doc_types}
    for d in lr.doc_types:
        canon.update({a.lower(): d.name for a in d.aliases})
    stops = "|".join(regex.escape(s) for s in sorted(lr.issuer_stop, key=len, reverse=True))
    date = rules.fragment("legal_refs", "date").pattern
    return {
        "canon": canon,
        "type_before": regex.compile(r"(?:" + rules.fragment("legal_refs", "doc_type").pattern
                                     + r")\s*(?:số|Số)?\s*:?\s*$", FLAGS | regex.I),
        "of": regex.compile(r"^\s*,?\s*(?:của|do)\s+", FLAGS),
        "issuer": regex.compile(
            r"^\s*,?\s*(?:của|do)\s+(?P<issuer>.+?)(?=\s+(?:" + stops + r")(?!\p{L})|\s*[,;:.()“\"]|\s*$)",
            FLAGS),
        "date_after": regex.compile(r"^\s*,?\s*(?:ban hành\s+)?(?:ngày|Ngày)\s*(?P<date>" + date + ")", FLAGS),
        "blank": [rules.rx(r) for r in lr.not_a_reference],
        "number_after": regex.compile(r"\s*,?\s*(?:số|Số)?\s*:?\s*(?:" + rules.fragment("legal_refs", "code").pattern
                                      + ")", FLAGS),
    }


def _symbol_type(code: str, rules: RuleSet) -> str | None:
    parts = _CODE_PARTS.split(code)
    symbols = [p for p in parts[1:] if p and not p.isdigit()]
    types = rules.legal_refs.symbol_types
    if not symbols:
        return None
    # ND 30/2020: a công văn's symbol is only its issuer's ("1283/UBND-TH"), no type part
    # a session number is not part of the symbol: "QH15" is QH (a law of the 15th Quốc hội)
    return types.get(symbols[0], None) or types.get(symbols[0].rstrip("0123456789"), "Công văn")


def parse_issuer(text: str, rules: RuleSet) -> str | None:
    """The issuer named at the start of text: a state or party body of `issuers`, or a
    unit (rules/units.yaml), with its place checked against the real ones."""
    best = ""
    for r in rules.legal_refs.issuers:
        m = rules.rx(r).match(text)
        if m and r.id == "minister":
            rest = parse_issuer(text[m.end():].lstrip(), rules)
            if rest:
                return m.group(0) + " " + rest
        elif m and len(m.group(0)) > len(best):
            best = m.group(0)
    unit = unit_at_start(text[:160], rules)
    if unit is not None and unit.start == 0 and len(unit.text) > len(best):
        best = unit.text
    best = trim_place(" ".join(_cut_at_clause(text, best, rules).split()))
    return best or None


@functools.cache
def _clause_start(rules: RuleSet) -> regex.Pattern[str]:
    """Where the text after an issuer's name begins: an issuer_stop word (a phrase of two
    words in any case: "Kết luận", "Triển khai"), a document type, or "và" before one of
    those or a lower-case word ("UBND tỉnh và các sở"; not "Thể thao và Du lịch")."""
    lr = rules.legal_refs
    # "số" ends a name before a number only: "Ban Chỉ đạo Chuyển đổi số tỉnh"
    words = [regex.escape(w) for w in lr.issuer_stop if " " not in w and w not in ("và", "số")] + [r"số(?=\s*\d)"]
    phrases = [regex.escape(w) for w in lr.issuer_stop if " " in w]
    types = [regex.escape(d.name) for d in lr.doc_types]
    return regex.compile(
        r"\s+(?:(?:" + "|".join(words) + r")|(?i:" + "|".join(phrases) + r")|(?:" + "|".join(types)
        + r")|và(?=\s+(?:(?:" + "|".join(types) + r")(?!\p{L})|\p{Ll})))(?!\p{L})", FLAGS)


def _cut_at_clause(text: str, name: str, rules: RuleSet) -> str:
    """``name`` opens ``text``. Read by a unit pattern, it may run on into the subject of
    the citation ("Văn phòng Chính phủ Kết luận Phiên họp"): it ends where a clause begins."""
    second = text.find(" ", text.find(" ") + 1)  # the first two words always stand
    m = _clause_start(rules).search(text, second, len(name) + 40) if second > 0 else None
    return name[:m.start()] if m and m.start() < len(name) else name


def _issuer(after: str, c: dict, rules: RuleSet) -> str | None:
    m = c["of"].match(after)
    if not m:
        return None
    found = parse_issuer(after[m.end():], rules)
    if found:
        return found
    m = c["issuer"].match(after)  # an issuer no rule knows: up to the words that end one
    if not m:
        return None
    words = m.group("issuer").split()
    if not words or len(words) > 8 or not _UPPER.match(words[0]):
        return None
    return " ".join(words)


def _issuer_before(s: str, pos: int, rules: RuleSet) -> str | None:
    """An issuer named before the citation (or before the list it opens)."""
    window = s[max(0, pos - 160):pos]
    for r in rules.legal_refs.issuer_before:
        m = rules.rx(r).search(window)
        if m:
            text = m.group("issuer")
            # the issuer is the last one named in that text
            for k in range(len(text)):
                if k == 0 or not text[k - 1].isalnum():
                    found = parse_issuer(text[k:], rules)
                    if found and k + len(found) >= len(text.rstrip()) - 1:
                        return found
    return None


def extract(seg: Segmented, rules: RuleSet) -> Iterator[LegalRef]:
    c = _compiled(rules)
    doc_id = seg.doc.doc_id
    aliases: dict[str, LegalRef] = {}  # short name defined in the text → the citation it names
    for block in seg.blocks:
        refs = list(_in_text(block.text, doc_id, rules, c, seg.context.get("own_codes", frozenset())))
        refs += _alias_mentions(block.text, refs, aliases, rules)
        for ref in refs:
            yield dataclasses.replace(ref, issuer_resolved=resolve_issuer(ref, seg.context, rules))


def _alias_mentions(text: MText, refs: list[LegalRef], aliases: dict[str, LegalRef], rules: RuleSet) -> list[LegalRef]:
    """Learn "(sau đây gọi tắt là Nghị quyết 09)" after a citation; a later mention of
    "Nghị quyết 09" cites the same document."""
    s = text.text
    found: list[LegalRef] = []
    taken = [(r.char_start, r.char_end) for r in refs]
    for r in rules.legal_refs.short_names:
        for m in rules.rx(r).finditer(s):
            src = text.span(m.start(), m.end())[0]
            before = [ref for ref in refs if ref.char_end <= src and ref.code]
            if before:
                aliases[" ".join(m.group("alias").split())] = before[-1]
    for alias, ref in aliases.items():
        for m in _alias_rx(alias).finditer(s):
            a, b = text.span(m.start(), m.end())
            if any(x <= a < y for x, y in taken) or _inside_definition(s, m.start(), rules):
                continue
            found.append(dataclasses.replace(ref, char_start=a, char_end=b))
    return found


@functools.lru_cache(maxsize=4096)
def _alias_rx(alias: str) -> regex.Pattern[str]:
    return regex.compile(r"(?<!\p{L})" + regex.escape(alias) + r"(?![\p{L}\d/-])")


def _inside_definition(s: str, pos: int, rules: RuleSet) -> bool:
    return any(m.start() <= pos < m.end() for r in rules.legal_refs.short_names for m in rules.rx(r).finditer(s))


_BARE_LEVEL = regex.compile(r"(?:^|\s)(huyện|tỉnh|thị xã|thành phố|huyện ủy|tỉnh ủy|Huyện ủy|Tỉnh ủy)$", FLAGS)


def resolve_issuer(ref: LegalRef, context: dict, rules: RuleSet) -> str | None:
    """The issuer with its place: a bare "UBND huyện" in a Ninh Sơn plan is UBND huyện
    Ninh Sơn; no issuer but a symbol that names one (NĐ-CP) gives that one."""
    issuer = ref.issuer
    if issuer is None and ref.code:
        last = _CODE_PARTS.split(ref.code)[-1]
        issuer = rules.legal_refs.symbol_issuers.get(last)
    if issuer is None:
        return None
    m = _BARE_LEVEL.search(issuer)
    if m:
        level = m.group(1).lower()
        place = context.get("district") if level.startswith(("huyện", "thị xã", "thành phố")) else (
            context.get("province") or context.get("province_inferred"))
        if place:
            return f"{issuer} {place}"
    return issuer


_MAY_CITE = regex.compile(r"\d|Luật|[Đđ]ề án", FLAGS)  # every pattern needs one of these


def _in_text(text: MText, doc_id: str, rules: RuleSet, c: dict, own_codes=frozenset()) -> Iterator[LegalRef]:
    s = text.text
    if not _MAY_CITE.search(s):
        return
    blanks = [m.span() for rx in c["blank"] for m in rx.finditer(s)]
    prev_end, prev_type = -1, None
    found: list[tuple[int, int, LegalRef]] = []
    for rule in rules.legal_refs.patterns:
        rx = rules.rx(rule)
        for m in rx.finditer(s):
            a, b = m.span()
            if any(x <= a < y for x, y in blanks):
                continue
            if rule.value == "coded":
                ref, prev_end, prev_type = _coded(m, s, text, doc_id, rules, c, prev_end, prev_type)
            else:
                ref = _named(m, s, text, doc_id, c, rules)
            if ref is not None:
                found.append((a, b, ref))
    kept = [t for t in _resolve_overlaps(found, s, c) if t[2].code not in own_codes]
    yield from _share_context_issuer(s, kept, rules)


def _resolve_overlaps(found, s: str, c: dict):
    """Every coded mention stands. A named one gives way to a longer named one around it
    (the laws inside an amending law's name), to a coded one it lies in, and to its own
    number ("Luat Dat dai so 31/2024/QH15" is keyed by its code)."""
    coded = [(a, b) for a, b, ref in found if ref.code]
    named = sorted(((a, b, ref) for a, b, ref in found if not ref.code), key=lambda t: (t[0], -(t[1] - t[0])))
    kept = [t for t in found if t[2].code]
    last_end = -1
    for a, b, ref in named:
        if a < last_end or any(x <= a < y for x, y in coded) or c["number_after"].match(s, b):
            continue
        last_end = b
        kept.append((a, b, ref))
    return sorted(kept, key=lambda t: t[0])


def _share_context_issuer(s: str, refs, rules: RuleSet):
    """A list of citations after "của UBND tỉnh tại: ..." or "UBND huyện đã ban hành: ..."
    shares that issuer, up to the end of the sentence; so does "A và B của Bộ Tài chính"
    with the issuer named after its last member."""
    refs = list(_share_forward(s, refs, rules))
    for i in range(len(refs) - 2, -1, -1):
        a, b, ref = refs[i]
        nxt = refs[i + 1][2]
        if ref.issuer is None and nxt.issuer and ref.code and nxt.code and _LIST_GLUE_TYPED.match(s, b, refs[i + 1][0]):
            refs[i] = (a, b, dataclasses.replace(ref, issuer=nxt.issuer))
    yield from (ref for _a, _b, ref in refs)


def _share_forward(s: str, refs, rules: RuleSet):
    context: tuple[str, int] | None = None
    for a, b, ref in refs:
        before = _issuer_before(s, a, rules) if ref.issuer is None else None
        if ref.issuer is None and before is None and context and not _SENTENCE_END.search(s[context[1]:a]):
            ref = dataclasses.replace(ref, issuer=context[0])
        elif before is not None:
            ref = dataclasses.replace(ref, issuer=before)
            context = (before, b)
        yield a, b, ref


def _coded(m, s, text, doc_id, rules, c, prev_end, prev_type):
    code = _SPACE.sub("", m.group("code"))
    type_word = m.group("type")
    if type_word:
        ref_type = c["canon"].get(type_word.lower(), type_word)
    elif prev_end >= 0 and _LIST_GLUE.match(s[prev_end:m.start("code")]) and prev_type:
        ref_type = prev_type
    else:
        before = c["type_before"].search(s[max(0, m.start("code") - 40):m.start("code")])
        ref_type = c["canon"].get(before.group(0).split()[0].lower()) if before else None
        ref_type = ref_type or _symbol_type(code, rules)
    after = s[m.end():m.end() + 200]
    date_text = m.group("date")
    issuer = _issuer(after, c, rules)
    if not date_text:
        dm = c["date_after"].match(after)
        if dm:
            date_text = dm.group("date")
            issuer = issuer or _issuer(after[dm.end():], c, rules)
        elif issuer:
            im = c["of"].match(after)
            rest = after[im.end() + len(issuer):] if im else ""
            dm = c["date_after"].match(rest)
            date_text = dm.group("date") if dm else None
    start, end = text.span(m.start("code"), m.end("code"))
    ref = LegalRef(doc_id, start, end, ref_type, code, None, parse_date(date_text), issuer)
    return ref, m.end(), ref_type


def _named(m, s, text, doc_id, c, rules):
    name = " ".join(m.group("name").split())
    name = name[:1].upper() + name[1:]
    ref_type = "Luật" if "Luật" in name.split()[:2] else name.split()[0] + (
        " " + name.split()[1] if len(name.split()) > 1 and name.split()[1] == "án" else "")
    after = s[m.end():m.end() + 200]
    issuer = _issuer(after, c, rules)
    dm = c["date_after"].match(after)
    start, end = text.span(m.start("name"), m.end("name"))
    return LegalRef(doc_id, start, end, ref_type, None, name, parse_date(dm.group("date")) if dm else None, issuer)
