"""Responsibilities: (unit, role, task) assignments (rules/units.yaml).

Where a plan says who does what:
- a heading of the "Tổ chức thực hiện" section that names units ("1. Phòng Nội vụ:",
  "1. Thủ trưởng các cơ quan, đơn vị …:") assigns them the tasks below it (role
  implement), and the verbs of those tasks' first clauses give them more roles
  (chủ trì → lead, tham mưu → advise, ...), not the verbs of a purpose clause;
- a label line ("+ Chỉ đạo: UBND huyện.", "Cơ quan chủ trì: ...") gives every unit
  after it the label's role;
- "X chủ trì, phối hợp với Y": X by the verb after it, Y coordinates;
- a task line that opens with units ("- Các cơ quan, đơn vị rà soát ...") assigns them
  the task (implement) and the roles of its first clause's verbs; in a target, task
  or "Yêu cầu" section, a unit named near the start of a task line implements;
- nobody is tasked in a result section (Đánh giá, Kết quả thực hiện), nor when advised
  or reported to ("tham mưu cho UBND huyện …").
"""
from __future__ import annotations

import functools
from collections.abc import Iterator

import regex

from ..model import Responsibility
from ..mtext import MText
from ..rules import FLAGS, RuleSet
from ..segment import Block, Segmented
from ..text_tables import text_tables
from ..units import UnitMention, canonical, find_units, level_of
from .percentages import section_kind
from .targets import under_objectives as _under_objectives

_SENTENCE_END = regex.compile(r"\.(?:\s|$)")
_LIST_ITEM = regex.compile(r"[^,;.]+")

NAME = "responsibilities"
ORDER = 40

_WITH = regex.compile(r"(?:phối hợp|Phối hợp)\s*(?:chặt chẽ\s+)?(?:với\s+)?(?:\S+\s+){0,1}$", FLAGS)
_OPENING = 50  # a unit named this close to the start of a task line is the one it tasks
_FIRST_CLAUSE = regex.compile(r"[^.;]*", FLAGS)
_LIST_GAP = regex.compile(r"[\s,]*(?:và\s+)?", FLAGS)
_PARTNER_LIST = regex.compile(r"\s*(?:[,;(]|và)\s*(?:và\s+)?", FLAGS)  # between the partners of one "phối hợp với"
_HEADING_LIST_GAP = regex.compile(r"[\s,;]*(?:và\s+)?", FLAGS)  # "3. Các phòng, ban ngành; UBND các xã"
_WITH_AFTER = regex.compile(r"\s+với(?!\p{L})", FLAGS)
_GROUPS = {"group", "enterprise"}  # unit families that name kinds of members, not one body
_WORD = regex.compile(r"(?!(?:và|các)(?!\p{L}))\p{L}{2,}", FLAGS)  # a word that is no list glue
_TASK_WORDS = 3  # fewer words are a table's separator or a signature line, not an item under a unit
_SHORT_LINE = 60  # a signature block's lines, a heading: shorter than a sentence that assigns a task


@functools.cache
def _roles(rules: RuleSet):
    return [(r.value, rules.rx(r)) for r in rules.units.roles]


@functools.cache
def _labels(rules: RuleSet):
    """The label rules as one regex tried at a block's start: the first that matches wins."""
    return rules.first_match(rules.units.role_labels)


def _section_roles(block: Block, rules: RuleSet) -> frozenset[str | None]:
    """What the headings above a block (and a heading itself) make of it: org, tasks."""
    innermost = block if block.is_heading else (block.section[-1] if block.section else None)
    return frozenset() if innermost is None else _chain_roles(innermost, rules)


def _chain_roles(heading: Block, rules: RuleSet) -> frozenset[str | None]:
    """The roles of a heading and of the headings above it, learnt once per heading."""
    if "chain_roles" not in heading.memo:
        above = _chain_roles(heading.section[-1], rules) if heading.section else frozenset()
        heading.memo["chain_roles"] = above | {_section_role(heading, rules)}
    return heading.memo["chain_roles"]


def _section_role(heading: Block, rules: RuleSet) -> str | None:
    """org for a "Tổ chức thực hiện" heading, tasks for a "Yêu cầu" one (asked of every
    block under it: learnt once)."""
    if "assigns" not in heading.memo:
        heading.memo["assigns"] = next(
            (r.value for r in rules.units.sections if rules.rx(r).search(heading.own_line)), None)
    return heading.memo["assigns"]


def _names_only_units(block: Block, units: list[UnitMention]) -> bool:
    """A heading that is nothing but unit names ("3. Vụ Tổ chức cán bộ") assigns the items
    under it to them, in any section (a letter's numbered assignments have no "Tổ chức
    thực hiện" above them)."""
    title = block.title
    start = len(block.text.text) - len(block.body.text)
    rest = title
    for u in units:
        if u.start >= start and u.end <= start + len(title) + 1:
            rest = rest.replace(u.text, "")
    return bool(units) and not _WORD.search(rest)


def _heading_units(s: str, body: int, title_len: int, units: list[UnitMention], rules: RuleSet) -> list[UnitMention]:
    """The units a heading of "Tổ chức thực hiện" names: the one it opens with and those
    listed after it ("3. Sở Tài chính, Sở Nội vụ và UBND các xã:"), not a unit its run-on
    sentence names later ("2. Bộ CHQS tỉnh có trách nhiệm tham mưu Ủy ban nhân dân tỉnh …")."""
    own: list[UnitMention] = []
    for u in units:
        if u.start >= body + title_len + 1:
            break
        if own and _in_heading_list(s[own[-1].end:u.start], rules):
            own.append(u)
        elif not own and _opens_heading(s[body:u.start], rules):
            own.append(u)
        else:
            break
    return own


def _in_heading_list(gap: str, rules: RuleSet) -> bool:
    """What stands between two units of a heading's list: separators, or a name no rule
    reads ("…, Trung tâm văn hoá, Thể thao và Truyền thanh huyện, Bưu điện …"), but no
    verb and no addressee ("… có trách nhiệm tham mưu Ủy ban nhân dân tỉnh")."""
    if _HEADING_LIST_GAP.fullmatch(gap):
        return True
    return (len(gap) <= _OPENING * 2 and not _SENTENCE_END.search(gap)
            and not any(rx.search(gap) for _v, rx in _roles(rules))
            and not any(rules.rx(r).search(gap) for r in rules.units.not_assignee)
            and not any(rules.rx(r).search(gap) for r in rules.units.clause_breaks))


def _opens_heading(before: str, rules: RuleSet) -> bool:
    """A unit heading opens with the unit, or with its head's title ("Thủ trưởng các
    phòng, ban", "Chủ tịch UBND các xã"); "Tham mưu cho UBND huyện" is a task."""
    return not before.strip() or any(rules.rx(r).search(before) for r in rules.units.heading_openers)


def _record(seg: Segmented, text: MText, u: UnitMention, role: str, task: str | None) -> Responsibility:
    start, end = text.span(u.start, u.end)
    return Responsibility(seg.doc.doc_id, start, end, u.canonical, role, (task or "")[:300] or None, u.text)


def extract(seg: Segmented, rules: RuleSet) -> Iterator[Responsibility]:
    owners: dict[int, list[UnitMention]] = {}
    seen: set[tuple] = set()
    recipients = [rules.rx(r) for r in rules.units.recipients]
    district_plan = bool(seg.context.get("district"))
    in_recipients = False
    in_tables = {k for t in text_tables(seg) for k in t.body_lines}  # unit_tables reads those
    for block in seg.blocks:
        if block.lines[0].index in in_tables:
            continue
        if any(rx.match(block.text.text) for rx in recipients):
            in_recipients = True  # the distribution list: nobody there is tasked
            continue
        if in_recipients:
            if block.marker_kind in ("dash", "plus") or len(block.text.text) < _SHORT_LINE:
                continue  # its entries, and the signature block after it
            in_recipients = False  # a plan annexed to a decision goes on after the decision's list
        for rec in _block(seg, block, owners, rules):
            key = (rec.unit, rec.role, rec.char_start, rec.task)
            if district_plan and level_of(rec.unit, rules):
                continue  # a district plan cannot task a province's or the state's bodies
            if key not in seen:
                seen.add(key)
                yield rec
    # a unit heading with no item under it, nor a task of its own: its name is all it says
    tasked = {(rec_unit, start) for rec_unit, role, start, _task in seen if role == "implement"}
    for index, own in owners.items():
        heading = seg.blocks[index]
        for u, (a, b) in own:
            if (u.canonical, a) not in tasked and not (district_plan and level_of(u.canonical, rules)):
                yield Responsibility(seg.doc.doc_id, a, b, u.canonical, "implement", heading.title, u.text)


def _block(seg: Segmented, block: Block, owners: dict, rules: RuleSet) -> Iterator[Responsibility]:
    sections = _section_roles(block, rules)
    org = "org" in sections
    kind = section_kind(block, rules)
    if kind == "result" and not org:
        return  # what a unit did last year (Kết quả thực hiện, Đánh giá) is not a task
    tasks = org or kind == "target" or "tasks" in sections
    text = block.text
    body = len(block.marker)
    found = list(find_units(text.text, rules))
    units = found
    if block.is_heading and (org or _names_only_units(block, units)):
        own = _heading_units(text.text, body, len(block.title), units, rules)
        if own:
            owners[block.index] = [(u, text.span(u.start, u.end)) for u in own]
            # "6. Phòng Kinh tế và Hạ tầng: Ưu tiên kinh phí …": the task after the colon;
            # a heading that is only the name tasks its units with each item under it
            task = block.body.text[len(block.title):].lstrip(" :.-–")
            if task:
                yield from (_record(seg, text, u, "implement", task) for u in own)
            units = [u for u in units if u not in own]
    clause = next((r for r in rules.units.execution_clauses if rules.rx(r).search(text.text)), None)
    if clause is not None:  # the decision's execution clause: everyone it names
        yield from (_record(seg, text, u, clause.value, text.text) for u in units)
        return
    label = _labels(rules)(text.text)
    if label:
        rule, m = label
        roles = [rule.value] if rule.value != "words" else (
            [v for v, rx in _roles(rules) if rx.search(m.group("label"))] or ["implement"])
        yield from (_record(seg, text, u, role, text.text) for u in units if u.start >= m.end() for role in roles)
        return
    # the units of the heading above (a heading's own line tasks its units above, by its colon)
    owner = next((owners[h.index] for h in reversed(block.section) if h.index in owners), None)
    yield from _department_list(seg, text, rules)
    if not found and not owner:
        return  # no unit named and none to act for: no sentence can assign anything
    for sent in block.sentences():
        off = text.text.find(sent.text)
        in_sent = [UnitMention(u.start - off, u.end - off, u.text, u.canonical, u.family)
                   for u in found if off <= u.start and u.end <= off + len(sent.text)]
        yield from _sentence(seg, block, sent, in_sent, org, tasks, owner, rules)


def _department_list(seg: Segmented, sent: MText, rules: RuleSet) -> Iterator[Responsibility]:
    """ "... được giao phụ trách ..., gồm các ngành: Văn hóa và Thông tin, Nội vụ, ...":
    each listed department (with its head word restored) implements, and takes the role
    of the verb before the list."""
    s = sent.text
    for r in rules.units.department_lists:
        m = rules.rx(r).search(s)
        if not m:
            continue
        verb_roles = {v for v, rx in _roles(rules) if rx.search(s[:m.start()])}
        rest_start = m.end()
        units = list(find_units(s[rest_start:], rules))
        covered = [(u.start, u.end) for u in units]
        items = []
        end = _SENTENCE_END.search(s[rest_start:])
        for im in _LIST_ITEM.finditer(s[rest_start:rest_start + (end.start() if end else len(s))]):
            a, b = im.start(), im.end()
            if any(x < b and a < y for x, y in covered):
                continue
            name = im.group(0).strip()
            canon, family = canonical(f"{r.value} {name}", rules)
            if family is not None:  # only names the vocabulary knows
                lead = len(im.group(0)) - len(im.group(0).lstrip())
                items.append(UnitMention(a + lead, a + lead + len(name), name, canon, family))
        for u in [*units, *items]:
            shifted = UnitMention(u.start + rest_start, u.end + rest_start, u.text, u.canonical, u.family)
            for role in {"implement", *verb_roles}:
                yield _record(seg, sent, shifted, role, s)


def _sentence(seg, block: Block, sent: MText, units: list[UnitMention], org: bool, tasks: bool, owner,
              rules) -> Iterator[Responsibility]:
    s = sent.text
    task = s[:300]
    opening = sent.starts[0] == block.text.starts[0] and block.marker_kind in ("dash", "plus", None)
    lead_in = len(block.marker) if opening else 0
    assigned = False
    subjects: list[UnitMention] = []
    partners: UnitMention | None = None  # the last unit named with "phối hợp (với)"
    for u in units:
        role = _role_after(s[u.end:u.end + 25], rules)
        before = s[max(0, u.start - 30):u.start]
        if _WITH.search(before) or (partners and _PARTNER_LIST.fullmatch(s[partners.end:u.start])):
            role = "coordinate"  # "phối hợp với các nhà mạng (Viettel Nghệ An, VNPT Nghệ An)": all of them
            partners = u
        else:
            blocked = next((r.value for r in rules.units.not_assignee if rules.rx(r).search(before)), None)
            if blocked == "addressee" or (blocked == "title" and role is None):
                continue  # advised or reported to; a head's unit only with a verb of its own ("Chủ tịch UBND huyện chủ trì")
        if role is None and tasks and opening and u.start - lead_in <= _OPENING and (
                u.family not in _GROUPS or not _under_objectives(block, rules)):
            # under objectives, a group that opens a line states the goal ("Các cơ quan nhà
            # nước ứng dụng … đạt 100%"); a named unit, or a group in a task, is tasked
            role = "implement"
            # the line opens with it, or with a list it ends ("A, B và C …"): its subject
            if u.start - lead_in <= 3 or (subjects and _LIST_GAP.fullmatch(s[subjects[-1].end:u.start])):
                subjects.append(u)
        if role:
            assigned = assigned or u.start - lead_in <= 3
            yield _record(seg, sent, u, role, task)
    if subjects:
        # the units a task line opens with are the subject of its first clause
        # ("Các cơ quan, … và các doanh nghiệp có liên quan tăng cường công tác phối hợp")
        for v in _clause_roles(s[subjects[-1].end:], rules, partner_at_start=False):
            yield from (_record(seg, sent, u, v, task) for u in subjects)
    if owner and not assigned and len(s.split()) >= _TASK_WORDS:
        # the owner is the implicit subject of each item under its heading: it implements
        # the item, with the roles of its verbs ("Chủ trì, phối hợp với Y tham mưu …")
        for v in ["implement", *_clause_roles(s[lead_in:], rules, partner_at_start=True)]:
            for ou, (a, b) in owner:
                yield Responsibility(seg.doc.doc_id, a, b, ou.canonical, v, task, ou.text)


def _clause_roles(text: str, rules: RuleSet, partner_at_start: bool) -> list[str]:
    """The roles of the verbs in a task's first clause, leaving out a purpose clause
    ("… báo cáo UBND huyện để chỉ đạo") and the next sentence. "phối hợp" is the
    subject's own only where the clause opens with it ("Phối hợp với …"); after
    "Chủ trì," it names the partners."""
    head = _FIRST_CLAUSE.match(text).group(0)
    roles = []
    for v, rx in _roles(rules):
        m = rx.search(head)
        if m is None or any(rules.rx(r).search(head[:m.start()]) for r in rules.units.clause_breaks):
            continue
        if v == "coordinate" and (m.start() > 2 if partner_at_start else _WITH_AFTER.match(head, m.end())):
            continue  # "Chủ trì, phối hợp với Y" / "X phối hợp với Y": Y is the partner
        roles.append(v)
    return roles


def _role_after(after: str, rules: RuleSet) -> str | None:
    for v, rx in _roles(rules):
        m = rx.search(after)
        if m and m.start() <= 3:
            return v
    return None
