"""Document metadata: title, kind, district, province, plan year, own number and date,
signer and signer title; from the header, the title block, the closing sentence and
the signature block (rules/metadata.yaml)."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

import regex

from ..model import DocMeta
from ..places import central_city, known_place, province_2025, province_of_district
from ..rules import RuleSet
from ..segment import Segmented
from .legal_refs import parse_date

NAME = "metadata"
ORDER = 0

_NAME_LINE = regex.compile(r"^(?:\p{Lu}\p{Ll}*)(?:\s+\p{Lu}\p{Ll}*){1,4}$")
_SPACE = regex.compile(r"\s+")
_LOWER = regex.compile(r"\p{Ll}")
_RULE_LINE = regex.compile(r"^-{3,}$")
_COLUMNS = regex.compile(r"\s{3,}")  # a two-column layout's gap
_NOT_NAME = regex.compile(r"Nơi nhận|Lưu|Kính gửi|Ủy ban|UBND|Sở|Phòng|Huyện|Tỉnh", regex.I)


def extract(seg: Segmented, rules: RuleSet) -> Iterator[DocMeta]:
    md = rules.metadata
    lines = [ln.text.text for ln in seg.lines]
    source_lines = seg.doc.nfc_text().splitlines()  # NFC never joins across a line end
    source_head = "\n".join(source_lines[:60])
    full = seg.norm.text
    title = _title(lines, rules)
    closing = next((c for b in seg.blocks if "Trên đây" in b.text.text
                    for c in [_first_group(md.title, "closing_sentence", b.text.text, rules)] if c), None)
    plan_kind = _plan_kind(title, closing, full, rules)
    issuer = _header_places(source_head, rules)
    if "district" in issuer:
        district = issuer["district"]
    elif "province" in issuer:
        district = None  # a provincial body's document: the districts it names are not its own
    else:
        district = _place(title or "", "district", rules) or _most_common_place(full, "district", rules)
    province = issuer.get("province") or _most_common_place(full, "province", rules)
    own = _own_numbers(lines, full, rules)
    doc_number, number_date = own[0] if own else (None, None)
    issue_date = _issue_date(source_head, rules) or number_date
    signer_title, signer = _signature(source_lines, rules)
    inferred = province_of_district(district)
    seg.context.update(district=district, province=province, province_inferred=inferred,
                       own_codes=frozenset(code for code, _date in own))
    yield DocMeta(
        seg.doc.doc_id, 0, 0, title=title, plan_kind=plan_kind, district=district, province=province,
        plan_year=_plan_year(title, closing, full, rules),
        doc_number=doc_number, issue_date=issue_date,
        signer=signer, signer_title=signer_title, province_inferred=inferred,
        province_2025=province_2025(district, province or inferred))


_LEAD_LINES = 5  # a web page's lead: the lines above the body that may name the issuing decision


def _own_numbers(lines: list[str], full: str, rules: RuleSet) -> list[tuple[str, dt.date | None]]:
    """The document's own number and date as each rule finds it, best first: the header's
    "Số:", the issuing decision of a page's lead, appendix captions ("Kèm theo ...")."""
    texts = {"header": "\n".join(lines[:40]), "lead": "\n".join(lines[:_LEAD_LINES]), "caption": full}
    found = []
    for r in rules.metadata.doc_number:
        for m in rules.rx(r).finditer(texts[r.value]):
            date = parse_date(m.groupdict().get("date"))
            found.append((_SPACE.sub("", m.group("code")), date))
            if r.value != "caption":
                break
    return found


def _header_places(source_head: str, rules: RuleSet) -> dict[str, str]:
    """district / province named by the issuer block (the lines above the kind heading),
    read as one text: web copies break "ỦY BAN NHÂN DÂN / THÀNH PHỐ HỒ CHÍ MINH" over lines."""
    heading, decision = _title_rule("plan_heading", rules), _title_rule("decision_heading", rules)
    body_start = _title_rule("body_start", rules)
    motto = [rules.rx(r) for r in rules.metadata.header if r.value == "motto"]
    header = []
    for line in source_head.splitlines()[:25]:
        if heading.match(line) or decision.match(line) or body_start.match(line.strip()):
            break
        for rx in motto:
            line = rx.sub(" ", line)
        header.append(line)
    text = " ".join(" ".join(header).split())
    found: dict[str, str] = {}
    for r in rules.metadata.header:
        m = rules.rx(r).search(text) if r.value in ("district", "province", "city") else None
        if m is None:
            continue
        level = r.value
        if level == "city":
            city = central_city(m.group("name"))
            level, place = ("province", city) if city else ("district", known_place(m.group("name")))
        else:
            place = known_place(m.group("name"))
        if place and level not in found:
            found[level] = place.title() if place.isupper() else place
    return found


def _first_group(rule_list, rule_id, text, rules, group="title"):
    for r in rule_list:
        if rule_id and r.id != rule_id:
            continue
        m = rules.rx(r).search(text)
        if m and m.groupdict().get(group):
            return " ".join(m.group(group).split())
    return None


def _title(lines: list[str], rules: RuleSet) -> str | None:
    rx, body_start = _title_rule("plan_heading", rules), _title_rule("body_start", rules)
    for i, line in enumerate(lines[:60]):
        if rx.match(line):
            parts = []
            for nxt in lines[i + 1:i + 6]:
                caps_title = parts and parts[-1].isupper() and nxt.isupper() and not nxt.startswith("PHẦN")
                if parts and ((not _LOWER.match(nxt) and not caps_title) or body_start.match(nxt)):
                    break
                if _RULE_LINE.match(nxt.strip()):
                    break
                if not parts and body_start.match(nxt):
                    return None
                parts.append(nxt.strip())
                if nxt.rstrip().endswith("."):
                    break
            title = " ".join(" ".join(parts).split()).rstrip(" .")
            return title or None
    return _decision_title(lines, rules) or _first_group(
        rules.metadata.title, "lead_issues_plan", "\n".join(lines[:_LEAD_LINES]), rules)


def _title_rule(rule_id: str, rules: RuleSet) -> regex.Pattern[str]:
    return rules.rx(next(r for r in rules.metadata.title if r.id == rule_id))


def _decision_title(lines: list[str], rules: RuleSet) -> str | None:
    """A decision's title block runs from "QUYẾT ĐỊNH" to the line that names who decides.
    Where it issues or approves a plan, scheme or programme, the title is that one's name."""
    heading, authority = _title_rule("decision_heading", rules), _title_rule("authority_line", rules)
    body_start = _title_rule("body_start", rules)
    start = next((i for i, ln in enumerate(lines[:25]) if heading.match(ln)), None)
    if start is None:
        return None
    parts = []
    for line in lines[start + 1:start + 8]:
        if authority.match(line) or body_start.match(line):
            break
        if line.strip(" |-"):
            parts.append(line.strip())
    block = " ".join(" ".join(parts).split())
    if not block:
        return None
    return _first_group(rules.metadata.title, "issues_plan", block, rules) or block


def _plan_kind(title, closing, full, rules) -> str:
    for text in (title, closing):
        if text:
            for r in rules.metadata.plan_kinds:
                if rules.rx(r).search(text):
                    return r.value
    counts = Counter()
    lower = full.lower()
    for r in rules.metadata.plan_kinds:
        counts[r.value] = rules.count(r, full, lower)
    per_10k = 10_000 / max(1, len(full))
    best = [k for k, n in counts.most_common() if n * per_10k >= rules.metadata.plan_kind_density]
    return best[0] if best else "other"


def _place(text: str, kind: str, rules: RuleSet) -> str | None:
    for r in rules.metadata.place:
        if r.value == kind:
            for m in rules.rx(r).finditer(text):
                place = _clean_place(m.group("name"))
                if place:
                    return place
    return None


def _clean_place(name: str) -> str | None:
    """The known place that opens ``name``, stopping before a capitalised word that
    begins a new phrase (UBND, Kế hoạch); None when it names no place."""
    words = name.split()
    out = []
    for w in words:
        if w.isupper() and len(w) > 1 and not all(x.isupper() for x in words):
            break
        out.append(w)
    s = known_place(" ".join(out))
    return s.title() if s and s.isupper() else s


def _most_common_place(text: str, kind: str, rules: RuleSet) -> str | None:
    counts: Counter[str] = Counter()
    for r in rules.metadata.place:
        if r.value == kind:
            for m in rules.rx(r).finditer(text):
                place = _clean_place(m.group("name"))
                if place:
                    counts[place] += 1
    if not counts:
        return None
    # prefer the shortest name among those that extend each other (Ninh Sơn vs Ninh Sơn Về)
    best, n = counts.most_common(1)[0]
    for name, k in counts.items():
        if best.startswith(name + " ") and k >= n * 0.5:
            best = name
    return best


def _issue_date(head: str, rules: RuleSet) -> dt.date | None:
    for r in rules.metadata.issue_date:
        m = rules.rx(r).search(head)
        if m:
            try:
                return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                return None
    return None


def _plan_year(title, closing, full, rules) -> int | None:
    md = rules.metadata
    by_id = {r.id: r for r in md.plan_year}
    texts = {"title": title, "closing": closing, "full": full}
    for step in md.plan_year_order:
        for rule_id in step.rules:
            for where in step.texts:
                m = texts[where] and rules.rx(by_id[rule_id]).search(texts[where])
                if m:
                    return int(m.group("year"))
    return None


def _signature(source_lines: list[str], rules: RuleSet) -> tuple[str | None, str | None]:
    """The signature block: the last title line (CHỦ TỊCH, KT. CHỦ TỊCH / PHÓ CHỦ TỊCH, ...)
    and the name below it. Read from the source lines, where the runs of spaces of a
    two-column layout ("- Lưu: VT.      Trần Minh Thái") still separate the columns. The
    first block that has a name wins: an appendix may follow the signature."""
    lines = [ln for ln in map(str.rstrip, source_lines) if ln]
    may_hold = rules.candidate_lines(rules.metadata.signer_titles, lines)
    i = -1  # the last line looked at: a run of title lines is read as one
    for start in sorted(may_hold):
        if start <= i:
            continue
        i = start
        title = _title_in(lines[i], rules)
        if title is None:
            continue
        while i + 1 < len(lines) and i + 1 in may_hold and _title_in(lines[i + 1], rules):
            i += 1
            title = _title_in(lines[i], rules)  # the last title line above the name
        for line in lines[i + 1:i + 14]:
            chunk = _COLUMNS.split(line.strip())[-1].strip()
            if _NAME_LINE.match(chunk) and not _NOT_NAME.search(chunk):
                return title, chunk
    return None, None


def _title_in(line: str, rules: RuleSet) -> str | None:
    found = None
    for chunk in _COLUMNS.split(line.strip()):
        for r in rules.metadata.signer_titles:
            if rules.rx(r).search(chunk.strip()):
                found = r.value
                break
    return found
