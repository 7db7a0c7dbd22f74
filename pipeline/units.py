"""Unit names: find them (family patterns and the vocabulary of rules/units.yaml) and
make them canonical, so spelling variants (hoá/hóa, "và"/"-", abbreviations) of one
real unit get one name."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from .normalize import fold
from .places import longest_place_prefix
from .rules import FLAGS, RuleSet, trie_pattern

_DASH = regex.compile(r"\s*[–-]\s*")
_TRAILING_JOIN = regex.compile(r"\s+(?:và|,)$")

_STOP = {"va", "cua", "cac", "the", "o"}
_KEPT_ABBREVIATIONS = {"UBND", "HĐND"}
_SEPARATORS = regex.compile(r"\s*[-–&,]\s*|\s+")


@dataclass(frozen=True)
class UnitMention:
    start: int
    end: int
    text: str
    canonical: str
    family: str


@functools.cache
def _abbrev(rules: RuleSet) -> tuple[regex.Pattern[str], dict[str, str]]:
    ab = rules.units.abbreviations
    rx = regex.compile(r"(?<![\p{L}&-])(?:" + "|".join(regex.escape(k) for k in sorted(ab, key=len, reverse=True))
                       + r")(?![\p{L}&-])", FLAGS)
    return rx, ab


_SYLLABLE = regex.compile(r"\p{L}+", FLAGS)


def standard_spelling(name: str) -> str:
    """Each syllable in its standard spelling by underthesea's normalizer (its table of
    tone-mark placements and common misspellings: hoá → hóa, Uỷ → Ủy, nghành → ngành);
    the spaces and punctuation between them stay as they are."""
    from underthesea.pipeline.text_normalize import token_normalize

    return _SYLLABLE.sub(lambda m: token_normalize(m.group(0)), name)


# Names recur in every plan and every block: each is worked out once per worker.
_memo = functools.lru_cache(maxsize=1 << 16)


@_memo
def unit_key(name: str, rules: RuleSet) -> str:
    rx, ab = _abbrev(rules)
    expanded = rx.sub(lambda m: ab[m.group(0)], standard_spelling(name))
    words = [w for w in _SEPARATORS.split(fold(expanded)) if w and w not in _STOP]
    return " ".join(words)


@functools.cache
def _vocabulary(rules: RuleSet) -> dict[str, tuple[str, str]]:
    vocab = {}
    for u in rules.units.units:
        for name in (u.canonical, *u.aliases):
            vocab[unit_key(name, rules)] = (u.canonical, u.family)
    return vocab


def syllable_doc(nlp, text: str):
    """A spaCy Doc of the text's syllables and punctuation. spaCy's tokenizer never
    changes the text (``doc.text == text``: Vietnamese syllables are space-separated, and
    runs of spaces become whitespace tokens), so token offsets are char offsets."""
    return nlp.make_doc(text)


@functools.cache
def _matcher(rules: RuleSet):
    """spaCy's PhraseMatcher over syllables, case-insensitive, for every known name."""
    import spacy
    from spacy.attrs import LOWER
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("xx")
    # Every new word of a plan becomes a lexeme, and spaCy computes some twenty lexical
    # attributes for it (shape, prefix, like_num, ...); the matcher reads only LOWER.
    nlp.vocab.lex_attr_getters = {LOWER: str.lower}
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for u in rules.units.units:
        matcher.add(u.canonical, [syllable_doc(nlp, n) for n in (u.canonical, *u.aliases)])
    return nlp, matcher


@functools.cache
def _name_docs(rules: RuleSet) -> list:
    """Every known name as the matcher sees it (a Doc of its syllables): what the two
    tests below ask a text to hold before a Doc of it is built."""
    nlp, _ = _matcher(rules)
    return [syllable_doc(nlp, n) for u in rules.units.units for n in (u.canonical, *u.aliases)]


@functools.cache
def _name_openings(rules: RuleSet) -> re.Pattern[str]:
    """What every known name opens with as spaCy cuts it, lower-cased: its first token,
    the space after it if any, and its second token. The matcher needs the text to hold
    that string ("các cơ", "văn phòng", "hđnd-"), so text without one of them builds no
    Doc (common first words alone, "các", "công", are in nearly every block). Literals
    only: the standard library's engine finds them in half the time of ``regex``."""
    return re.compile(trie_pattern({(d[0].text_with_ws + (d[1].text if len(d) > 1 else "")).lower()
                                    for d in _name_docs(rules)}))


@functools.cache
def _whole_names(rules: RuleSet) -> re.Pattern[str]:
    """Every known name's tokens lower-cased and run together. A match is a run of such
    tokens in the text, so the text with its whitespace taken out holds the name so
    written; a text that opens like a name ("phòng", "các cơ") but holds none builds no
    Doc (four in five of them)."""
    return re.compile(trie_pattern({"".join(t.text for t in d).lower() for d in _name_docs(rules)}))


def prepare(rules: RuleSet) -> None:
    """Build the vocabulary and spaCy's matcher now (a second on first use), so that a
    worker pays for them once at start and no document does."""
    _abbrev(rules), _vocabulary(rules), _matcher(rules), _name_openings(rules), _whole_names(rules)
    standard_spelling("")  # imports underthesea's table


def vocabulary_mentions(text: str, rules: RuleSet) -> list[tuple[int, int]]:
    # a name broken over lines (a table cell turned into text) is still the name; one
    # character for one keeps the offsets
    text = text.replace("\n", " ")
    lowered = text.lower()
    if not _name_openings(rules).search(lowered) or not _whole_names(rules).search("".join(lowered.split())):
        return []  # no name of the vocabulary can be here: skip building a Doc
    nlp, matcher = _matcher(rules)
    doc = syllable_doc(nlp, text)
    return [(doc[a:b].start_char, doc[a:b].end_char) for _, a, b in matcher(doc)]


@_memo
def level_of(name: str, rules: RuleSet) -> str | None:
    """province / national for units above a district; None otherwise."""
    for r in rules.units.levels:
        if rules.rx(r).search(name):
            return r.value
    return None


_LOCATED_IN = regex.compile(r"^(?!(?i:các)\s)(.+?)\s+trên\s+địa\s+bàn\s+(huyện|tỉnh)$", FLAGS)
_DEPARTMENT_LEVEL = regex.compile(r"^((?i:phòng|sở)\s.+?)\s+(?:huyện|tỉnh)$", FLAGS)


@_memo
def canonical(name: str, rules: RuleSet) -> tuple[str, str | None]:
    name = standard_spelling(" ".join(name.split()).strip(" ,;:."))
    # a Phòng is always the district's and a Sở the province's: the level word adds nothing
    name = _DEPARTMENT_LEVEL.sub(r"\1", name)
    hit = _vocabulary(rules).get(unit_key(name, rules))
    if hit:
        return hit
    # one unit "located in" the district is the district's: "Trung tâm Y tế trên địa bàn
    # huyện" = "Trung tâm Y tế huyện" (a group keeps it: its members are what it locates)
    name = _LOCATED_IN.sub(r"\1 \2", name)
    # canonical names are in full words ("Trung tâm Chuyển đổi số VHTTDL" → "… Văn hóa, Thể
    # thao và Du lịch"), but for UBND and HĐND, which the plans and GUIDELINES write so
    rx, ab = _abbrev(rules)
    tidy = _DASH.sub(" - ", rx.sub(lambda m: m.group(0) if m.group(0) in _KEPT_ABBREVIATIONS else ab[m.group(0)], name))
    return tidy[:1].upper() + tidy[1:], None


_LOCALITY = regex.compile(r"^(?P<head>.*?\s(?:huyện|tỉnh|thị xã|thành phố))\s+(?P<place>\p{Lu}.*)$", FLAGS | regex.DOTALL)


@_memo
def trim_place(name: str) -> str:
    """Keep only the words after "huyện"/"tỉnh" that name a real place:
    "UBND tỉnh Gia Lai Tổ" → "UBND tỉnh Gia Lai"; "UBND tỉnh Ban" → "UBND tỉnh"."""
    m = _LOCALITY.match(name)
    if not m:
        return name
    words = m.group("place").split()
    n = longest_place_prefix(words)
    return m.group("head") + ("" if n == 0 else " " + " ".join(words[:n]))


@functools.cache
def _families(rules: RuleSet) -> list[tuple[regex.Pattern[str], str]]:
    """The family patterns with their family, looked up once: tried on every block."""
    return [(rules.rx(r), r.value) for r in rules.units.families]


def find_units(text: str, rules: RuleSet) -> Iterator[UnitMention]:
    """Unit mentions in text, longest first where they overlap."""
    listed = list(_head_list_items(text, rules))
    if listed:
        yield from listed
        taken = [(u.start, u.end) for u in listed]
        yield from (u for u in _find_units(text, rules) if not any(a < u.end and u.start < b for a, b in taken))
        return
    yield from _find_units(text, rules)


def _head_list_items(text: str, rules: RuleSet) -> Iterator[UnitMention]:
    """ "Các Cục: Di sản văn hóa, Bản quyền tác giả": each item with its head word."""
    for r in rules.units.head_lists:
        for m in rules.rx(r).finditer(text):
            items, at = m.group("items"), m.start("items")
            sep = ";" if ";" in items else ","
            pos = 0
            for part in items.split(sep):
                name = part.strip()
                start = at + pos + (len(part) - len(part.lstrip()))
                pos += len(part) + 1
                if name[:1].isupper():
                    canon, family = canonical(f"{m.group('head')} {name}", rules)
                    yield UnitMention(start, start + len(name), name, canon, family or "agency")


def _find_units(text: str, rules: RuleSet) -> Iterator[UnitMention]:
    cands = [(a, b, None) for a, b in vocabulary_mentions(text, rules)]
    for rx, family in _families(rules):
        for m in rx.finditer(text):
            cands.append((m.start(), m.end(), family))
    yield from _mentions(text, cands, rules)


def unit_at_start(text: str, rules: RuleSet) -> UnitMention | None:
    """The unit the text opens with, if any: what ``find_units`` would give first when
    it starts at 0, with each family pattern tried at the start only."""
    # a known name can start here only if the text opens the way one does
    opens_name = _name_openings(rules).match(text.replace("\n", " ").lower()) is not None
    cands = [(a, b, None) for a, b in vocabulary_mentions(text, rules) if a == 0] if opens_name else []
    for rx, family in _families(rules):
        if (m := rx.match(text)) is not None:
            cands.append((0, m.end(), family))
    return next(_mentions(text, cands, rules), None)


def _mentions(text: str, cands: list[tuple[int, int, str | None]], rules: RuleSet) -> Iterator[UnitMention]:
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    last = -1
    for a, b, family in cands:
        if a < last:
            continue
        raw = text[a:b].rstrip(" ,;:.")
        raw = _TRAILING_JOIN.sub("", raw)
        raw = trim_place(raw)
        last = a + len(raw)
        yield from _shared_head(a, raw, family, rules)


def _shared_head(start: int, raw: str, family: str | None, rules: RuleSet) -> Iterator[UnitMention]:
    """ "Phòng Tài chính - Kế hoạch, Kinh tế và Hạ tầng" names two departments that share
    the head word, when both halves are names the vocabulary knows."""
    name, fam = canonical(raw, rules)
    head, _, rest = raw.partition(" ")
    first, sep, second = raw.partition(", ")
    if fam is None and sep and rest:
        one, fam1 = canonical(first, rules)
        two, fam2 = canonical(f"{head} {second}", rules)
        if fam1 is not None and fam2 is not None:
            yield UnitMention(start, start + len(first), first, one, fam1)
            b = start + len(first) + len(sep)
            yield UnitMention(b, b + len(second), second, two, fam2)
            return
    yield UnitMention(start, start + len(raw), raw, name, fam or family or "other")


def merge_qualified(names: Iterable[str], rules: RuleSet) -> dict[str, str]:
    """Within one plan, a name and the same name with a place qualifier ("Các cơ quan,
    đơn vị, địa phương" and "… trên địa bàn huyện") are one unit: the short name maps
    onto the qualified one, when exactly one qualified form is in the plan."""
    keys = {n: unit_key(n, rules) for n in names}
    quals = [unit_key(q, rules) for q in rules.units.place_qualifiers]
    out = {}
    for short, k in keys.items():
        longer = [n for n, kl in keys.items() if any(kl == f"{k} {q}" for q in quals)]
        if len(longer) == 1:
            out[short] = longer[0]
    return out


_GROUP_FILLERS = {"cac", "nhung", "co", "va"}  # words a group's spellings add or drop
_BARE_GROUP_WORDS = 2  # "sở", "cơ quan", "doanh nghiệp": a kind with no qualifier


def group_key(name: str, rules: RuleSet) -> frozenset[str] | None:
    """The words that tell a collective group apart, whatever their order, case and the
    "có"/"và" of its spelling ("Các Sở, ngành có liên quan" = "các sở, ngành liên quan");
    None for a named unit."""
    words = fold(name).split()
    if "cac" not in words[:5] and "nhung" not in words[:1]:
        return None
    return frozenset(w for w in unit_key(name, rules).split() if w not in _GROUP_FILLERS)


def merge_group_spellings(counts: dict[str, int], rules: RuleSet) -> dict[str, str]:
    """Within one plan, the spellings of one collective group map onto the one the plan
    writes most often (GUIDELINES §7): ``counts`` is how often each name is tasked."""
    by_key: dict[frozenset[str], list[str]] = {}
    for name in counts:
        key = group_key(name, rules)
        if key:
            by_key.setdefault(key, []).append(name)
    out = {}
    best_of: dict[frozenset[str], str] = {}
    for key, names in by_key.items():
        best = max(names, key=lambda n: (counts[n], -names.index(n)))
        best_of[key] = best
        out.update({n: best for n in names if n != best})
    # a bare kind ("Giám đốc các Sở", "các cơ quan") names the group the plan names in full
    # elsewhere ("Các sở, ngành"): it maps onto the most tasked group whose words hold it
    for key in list(best_of):
        if len(key) > _BARE_GROUP_WORDS:
            continue
        wider = [k for k in best_of if key < k]
        if wider:
            target = best_of[max(wider, key=lambda k: (_tasked(best_of[k], counts, out), -len(k)))]
            out.update({n: target for n in by_key[key]})
    return out


def _tasked(name: str, counts: dict[str, int], merged: dict[str, str]) -> int:
    return counts[name] + sum(counts[n] for n, to in merged.items() if to == name)


@_memo
def successors_2025(name: str, rules: RuleSet, district_plan: bool) -> tuple[str, ...] | None:
    """What became of a unit in the 2025 reorganisation (rules/units.yaml successors_2025):
    its successors' names (itself where nothing changed), or None where it was abolished."""
    for rule in rules.units.successors_2025:
        if rule.only_in == "district" and not district_plan:
            continue
        m = rules.rx(rule).search(name)
        if m:
            return None if rule.to is None else tuple(t.format(**m.groupdict()) for t in rule.to)
    return (name,)
