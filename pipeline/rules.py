"""Rule data: YAML in ``rules/`` → strict schema check → compiled, frozen ``RuleSet``.

Every file is validated against its pydantic model (unknown keys are errors); every
regex is compiled once. All problems are reported at once, each naming its file and
key path. Patterns may use ``{{name}}`` to include a fragment of the same file.
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import regex
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from .errors import RuleError

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
FLAGS = regex.V1 | regex.UNICODE


# A fragment is a regex, or a vocabulary: a list of alternatives (regexes too), tried
# longest first so that "cơ sở dữ liệu" wins over "cơ sở".
Fragments = dict[str, str | list[str]]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Examples(Strict):
    match: list[str] = []
    no_match: list[str] = []


class PatternRule(Strict):
    """A regex with what it sets when it matches, and examples a test runs."""

    id: str
    pattern: str
    ignore_case: bool = False
    value: str | None = None  # what the rule sets (a comparator, a role, a kind, ...)
    requires: str | None = None  # a cheap regex every match contains (Guarded)
    anchor: str | None = None  # a part every match holds, found first (Anchored); fragments allowed
    lookback: int = 0  # how far before its anchor a match may start
    note: str | None = None
    examples: Examples


class Replacement(Strict):
    id: str
    pattern: str
    replace: str
    requires: str | None = None
    note: str | None = None
    examples: list[tuple[str, str]]  # (input, expected output)


class NormalizeFile(Strict):
    char_map: dict[str, str]
    repairs: list[Replacement]
    ocr_repairs: list[Replacement]  # applied to OCR'd pages only
    syllable_end_map: dict[str, str]
    lost_glyphs: str
    lost_glyph_syllables: list[str]
    lost_glyph_examples: list[tuple[str, str]]


class SegmentFile(Strict):
    fragments: Fragments = {}
    markers: list[PatternRule]  # heading / list-item markers, value = marker kind


class DocType(Strict):
    name: str
    aliases: list[str] = []


class LegalRefsFile(Strict):
    fragments: Fragments
    doc_types: list[DocType]
    symbol_types: dict[str, str]
    patterns: list[PatternRule]  # value: the kind of mention (coded, named, ...)
    not_a_reference: list[PatternRule]
    short_names: list[PatternRule]
    issuers: list[PatternRule]
    issuer_before: list[PatternRule]
    issuer_stop: list[str]
    symbol_issuers: dict[str, str]


class TargetsFile(Strict):
    fragments: Fragments
    percent: list[PatternRule]
    quantity: list[PatternRule]
    comparators: list[PatternRule]  # value: = >= > <= <
    scopes: list[PatternRule]  # value: district | commune
    deadlines: list[PatternRule]
    not_target_cues: list[PatternRule]  # value: other; they override the section's kind
    score_sheets: list[PatternRule]  # an appendix title that opens a score sheet; value end: what closes it
    kind_cues: list[PatternRule]  # value: target | result | other
    rank_unit: str  # the unit of a rank target ("top 03")
    objective_sections: list[PatternRule]  # headings under which a bare count is a target
    target_sections: list[PatternRule]
    result_sections: list[PatternRule]
    subject_trim: list[PatternRule]
    subject_labels: list[PatternRule]  # value: label | breakdown
    breakdown_subject: str  # the subject of a part of a value: {whole}, {part}
    indicator_columns: list[PatternRule]  # value: index | unit | deadline | result | target | indicator
    indicator_value: list[PatternRule]  # a value cell; value year: a deadline cell


class Unit(Strict):
    canonical: str
    aliases: list[str] = []
    family: str


class Successor(PatternRule):
    """What became of a unit in the 2025 reorganisation: ``pattern`` reads its name, ``to``
    gives the successors' names (``{group}`` fills in what the pattern read), or None for
    a unit that was abolished; ``source`` is the act that says so."""

    to: list[str] | None
    source: str
    only_in: Literal["district"] | None = None  # the rule holds only in a plan a district issued


class UnitsFile(Strict):
    fragments: Fragments = {}
    abbreviations: dict[str, str]
    units: list[Unit]
    families: list[PatternRule]  # value: family name; generic unit-name shapes
    roles: list[PatternRule]  # value: lead | coordinate | advise | direct | implement
    role_labels: list[PatternRule]  # value: the role of every unit after the label
    levels: list[PatternRule]  # value: province | national
    not_assignee: list[PatternRule]
    execution_clauses: list[PatternRule]  # value: the role of every unit the clause names
    recipients: list[PatternRule]
    department_lists: list[PatternRule]  # value: the head word the listed names leave out
    head_lists: list[PatternRule]  # groups head, items: units of one kind listed after their head word
    role_columns: list[PatternRule]  # value: lead | coordinate | implement | task
    text_tables: list[PatternRule]  # value: row | end (a text-form table's row index lines, its end)
    sections: list[PatternRule]
    heading_openers: list[PatternRule]  # what may stand before the unit a heading names
    place_qualifiers: list[str]  # "X" and "X <qualifier>" in one plan are one unit
    clause_breaks: list[PatternRule]  # a verb after one of these is not the subject's
    successors_2025: list[Successor]  # the unit_2025 column


class BudgetFile(Strict):
    fragments: Fragments
    scales: list[PatternRule]  # value: đồng | nghìn đồng | triệu đồng | tỷ đồng
    amounts: list[PatternRule]
    totals: list[PatternRule]  # value: total | subtotal
    words: list[PatternRule]
    table_titles: list[PatternRule]
    columns: list[PatternRule]  # value: index | amount | label | source | not_amount
    rows: list[PatternRule]  # value: of_which | memo
    sources: list[PatternRule]


class PlanYearStep(Strict):
    rules: list[str]  # ids of plan_year rules
    texts: list[Literal["title", "closing", "full"]]


class MetadataFile(Strict):
    fragments: Fragments = {}
    plan_kind_density: float
    plan_kinds: list[PatternRule]  # value: ict_index | dti | digital_government
    title: list[PatternRule]
    header: list[PatternRule]  # value: motto | district | province
    doc_number: list[PatternRule]
    issue_date: list[PatternRule]
    place: list[PatternRule]  # value: district | province
    signer_titles: list[PatternRule]
    plan_year: list[PatternRule]
    plan_year_order: list[PlanYearStep]


class LegacyTable(Strict):
    source: str
    rows: list[tuple[str, str]] = []  # legacy characters → Unicode, position by position
    sequences: dict[str, str] = {}  # several legacy characters → one letter
    examples: list[tuple[str, str]]  # (legacy, Unicode)

    @model_validator(mode="after")
    def _rows_pair_up(self) -> LegacyTable:
        for legacy, uni in self.rows:
            if len(legacy) != len(uni):
                raise ValueError(f"row {legacy!r} has {len(legacy)} characters, its Unicode {uni!r} {len(uni)}")
        return self


class FontEncoding(Strict):
    pattern: str
    encoding: str  # tcvn3 | vni
    capitals: bool = False  # a capitals font: its lower-case codes print capitals


class EncodingsFile(Strict):
    tcvn3: LegacyTable
    vni: LegacyTable
    fonts: list[FontEncoding]
    common_words: list[str]


FILES: dict[str, type[Strict]] = {
    "normalize.yaml": NormalizeFile,
    "segment.yaml": SegmentFile,
    "legal_refs.yaml": LegalRefsFile,
    "targets.yaml": TargetsFile,
    "units.yaml": UnitsFile,
    "budget.yaml": BudgetFile,
    "metadata.yaml": MetadataFile,
    "encodings.yaml": EncodingsFile,
}


class Guard:
    """A ``requires`` pattern, one per distinct text, shared by the rules that name it.
    It remembers the last string it was asked about: a line tried against the four
    scale rules is searched once."""

    __slots__ = ("rx", "lowered", "_last", "_hit")

    def __init__(self, rx: regex.Pattern[str]):
        self.rx, self._last, self._hit = rx, None, False
        self.lowered = lowered_pattern(rx.pattern, bool(rx.flags & regex.IGNORECASE))

    def search(self, string: str) -> bool:
        if string is not self._last:
            self._last, self._hit = string, self.rx.search(string) is not None
        return self._hit


# what lower-casing would change: \S \W \D \B \N{..} \p{Lu}, (?P<..>, and a code point
# written as \x41 or \u0110 (the letter it names may be upper case)
_CASE_SYNTAX = regex.compile(r"\\[A-Zpxu0]|\(\?P")


def _closing_paren(source: str) -> int:
    """Where the group opened by the first character closes (escapes and sets skipped)."""
    depth, i, in_set = 0, 0, False
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if in_set:
            in_set = c != "]"
        elif c == "[":
            in_set = True
            if source[i + 1:i + 2] == "]":
                i += 1  # a "]" first in a set is a member
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def lowered_pattern(source: str, ignore_case: bool) -> regex.Pattern[str] | None:
    """A case-insensitive pattern as a case-sensitive one to run on lower-cased text:
    ``regex`` scans for a case-insensitive alternation of words at a third of the speed
    of the same words in one case. Only where lower-casing the source cannot change what
    it means (no \\S, \\W, \\p{..}, (?P<..>) escapes or groups) and the whole pattern is
    case-insensitive (the rule's flag, or one ``(?i:...)`` around it); else None."""
    if not ignore_case:
        if not (source.startswith("(?i:") and _closing_paren(source) == len(source) - 1):
            return None
        source = source[4:-1]
    if "(?-i" in source or _CASE_SYNTAX.search(source):
        return None
    try:
        return regex.compile(source.lower(), FLAGS)
    except regex.error:
        return None


class Guarded:
    """A costly pattern behind a cheap necessary condition: text in which ``requires``
    finds nothing cannot hold a match, so the pattern is not run on it. A pattern that
    opens with a lookbehind, an optional group or a case-insensitive alternation is
    tried at every position; most lines of a plan hold none of its literal parts.
    Duck-types the ``regex.Pattern`` methods the extractors use."""

    __slots__ = ("compiled", "guard")

    def __init__(self, pattern: regex.Pattern[str], guard: Guard):
        self.compiled, self.guard = pattern, guard

    def search(self, string: str, *args, **kwargs):
        return self.compiled.search(string, *args, **kwargs) if self.guard.search(string) else None

    def match(self, string: str, *args, **kwargs):
        return self.compiled.match(string, *args, **kwargs) if self.guard.search(string) else None

    def fullmatch(self, string: str, *args, **kwargs):
        return self.compiled.fullmatch(string, *args, **kwargs) if self.guard.search(string) else None

    def finditer(self, string: str, *args, **kwargs):
        return self.compiled.finditer(string, *args, **kwargs) if self.guard.search(string) else iter(())

    def findall(self, string: str, *args, **kwargs):
        return self.compiled.findall(string, *args, **kwargs) if self.guard.search(string) else []

    def sub(self, repl, string: str, *args, **kwargs):
        return self.compiled.sub(repl, string, *args, **kwargs) if self.guard.search(string) else string

    def __getattr__(self, name: str) -> Any:  # .pattern text, .groupindex, ...
        return getattr(self.compiled, name)


class Anchored:
    """A pattern that is slow to try at every position (it opens with an optional,
    case-insensitive alternation) but whose every match holds an ``anchor`` that starts
    at most ``lookback`` characters after the match does: the anchor is searched first
    and the pattern only from ``lookback`` before it. The matches are the pattern's own,
    leftmost first: no match can start before the first anchor's reach, since it would
    hold an anchor that starts earlier still. It pays where anchors are rare and most of
    them begin a match (a document code, "các ngành:"): the text between them is skipped."""

    __slots__ = ("compiled", "anchor", "lookback")

    def __init__(self, pattern: regex.Pattern[str], anchor: regex.Pattern[str], lookback: int):
        self.compiled, self.anchor, self.lookback = pattern, anchor, lookback

    def finditer(self, string: str, pos: int = 0):
        while (a := self.anchor.search(string, pos)) is not None:
            m = self.compiled.search(string, max(pos, a.start() - self.lookback))
            if m is None:
                return
            yield m
            pos = m.end() if m.end() > m.start() else m.end() + 1

    def search(self, string: str, pos: int = 0):
        return next(self.finditer(string, pos), None)

    def __getattr__(self, name: str) -> Any:  # match, sub, .pattern, ...: the pattern's own
        return getattr(self.compiled, name)


class FirstMatch:
    """Rules tried at the start of a string, in order, as one regex: an alternation tries
    its branches in order at the start, so the first rule that matches there wins, as in
    a loop over the rules, with one call instead of one per rule."""

    __slots__ = ("rx", "rules", "_groups")

    def __init__(self, rules: Sequence[PatternRule], sources: list[str]):
        self.rules = tuple(rules)
        self.rx = regex.compile("|".join(f"(?P<_rule{k}>{src})" for k, src in enumerate(sources)), FLAGS)
        self._groups = [self.rx.groupindex[f"_rule{k}"] for k in range(len(sources))]

    def __call__(self, string: str) -> tuple[PatternRule, regex.Match[str]] | None:
        m = self.rx.match(string)
        if m is None:
            return None
        return next(self.rules[k] for k, g in enumerate(self._groups) if m.start(g) >= 0), m


def trie_pattern(words: Iterable[str]) -> str:
    """One regex for many literals, as a trie ("T n|T ng" → "T n(?:g)?"): the engine
    follows one branch per character instead of trying every word at every position
    (a third of the time of the plain alternation, with hundreds of broken forms). A
    longer word is tried before its prefix, so the longest form matches, as before."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        alts = [regex.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not ends else "(?:" + "|".join(alts) + ")"
        return body + "?" if ends else body

    return emit(trie)


def expand(pattern: str, fragments: Fragments, depth: int = 0) -> str:
    if depth > 10:
        raise ValueError("fragments nest too deep (a cycle?)")

    def one(m: regex.Match[str]) -> str:
        name = m.group(1)
        if name not in fragments:
            raise ValueError(f"unknown fragment {{{{{name}}}}}")
        frag = fragments[name]
        if not isinstance(frag, str):
            frag = "|".join(sorted(frag, key=len, reverse=True))
        return "(?:" + expand(frag, fragments, depth + 1) + ")"

    return regex.sub(r"\{\{(\w+)\}\}", one, pattern)


class RuleSet:
    """Compiled rules. Attribute per file (``rs.targets``, ...) holds its model;
    ``rs.rx(rule)`` is the compiled regex of a pattern rule."""

    def __init__(self, models: dict[str, Strict], compiled: dict[int, regex.Pattern[str] | Guarded], version: str):
        self._models = models
        self._compiled = compiled
        # a case-insensitive rule counted case-sensitively on lower-cased text (or None),
        # built on the rule's first count: few rules are ever counted
        self._lowered: dict[int, regex.Pattern[str] | None] = {}
        self._fragments: dict[tuple[str, str], regex.Pattern[str]] = {}
        self.version = version

    def __getattr__(self, name: str) -> Any:
        try:
            return self._models[name]
        except KeyError:
            raise AttributeError(name) from None

    def rx(self, rule: PatternRule | Replacement) -> regex.Pattern[str] | Guarded | Anchored:
        return self._compiled[id(rule)]

    def count(self, rule: PatternRule, text: str, lower: str | None = None) -> int:
        """How many times the rule matches in ``text`` (``lower``: text.lower(), when
        the caller counts several rules over one text)."""
        if id(rule) not in self._lowered:
            self._lowered[id(rule)] = lowered_pattern(self._compiled[id(rule)].pattern, rule.ignore_case)
        lowered = self._lowered[id(rule)]
        if lowered is None:
            return len(self._compiled[id(rule)].findall(text))
        return len(lowered.findall(text.lower() if lower is None else lower))

    def first_match(self, rules: Sequence[PatternRule]) -> FirstMatch:
        """The rules as one ``FirstMatch`` (compiled anew: callers keep it)."""
        sources = [self._compiled[id(r)].pattern for r in rules]  # a Guarded's or Anchored's: its pattern's
        return FirstMatch(rules, [f"(?i:{src})" if r.ignore_case else src for r, src in zip(rules, sources, strict=True)])

    def candidate_lines(self, rules: Sequence[PatternRule], lines: Sequence[str]) -> Collection[int]:
        """The indices of the lines on which one of the rules may match: each distinct
        guard (``requires``) searched once over all the lines, not each rule on each
        line. A guard is a necessary condition, so no line that a rule matches is left
        out; a rule without one makes every line a candidate. (Each guard apart: the
        engine finds one literal fast, an alternation of them slowly.)"""
        guards = {}
        for r in rules:
            compiled = self._compiled[id(r)]
            if not isinstance(compiled, Guarded):
                return range(len(lines))
            guards[id(compiled.guard)] = compiled.guard
        joined = "\n".join(lines)
        lower = joined.lower()
        if len(lower) != len(joined):  # a letter that lower-cases to two ("İ"): offsets would shift
            lower = None
        hits = sorted({m.start() for g in guards.values()
                       for m in (g.lowered.finditer(lower) if g.lowered and lower is not None else g.rx.finditer(joined))})
        # a hit's line is the count of line breaks before it, counted on from the last hit
        found, line, counted_to = set(), 0, 0
        for pos in hits:
            line += joined.count("\n", counted_to, pos)
            counted_to = pos
            found.add(line)
        return found

    def fragment(self, file: str, name: str) -> regex.Pattern[str]:
        """A named fragment of a rule file, compiled once per rule set."""
        if (file, name) not in self._fragments:
            frags = self._models[file].fragments  # type: ignore[attr-defined]
            self._fragments[(file, name)] = regex.compile(expand("{{" + name + "}}", frags), FLAGS)
        return self._fragments[(file, name)]

    def all_rules(self) -> list[tuple[str, str, PatternRule | Replacement]]:
        out = []
        for fname, model in self._models.items():
            for section in type(model).model_fields:
                val = getattr(model, section)
                if isinstance(val, list):
                    out += [(fname, section, r) for r in val if isinstance(r, PatternRule | Replacement)]
        return out


def _compile_all(fname: str, model: Strict, problems: list[str],
                 guards: dict[str, Guard]) -> dict[int, regex.Pattern[str] | Guarded]:
    compiled: dict[int, regex.Pattern[str] | Guarded] = {}
    frags = getattr(model, "fragments", {}) or {}
    for section in type(model).model_fields:
        val = getattr(model, section)
        if not isinstance(val, list):
            continue
        for i, rule in enumerate(val):
            if not isinstance(rule, PatternRule | Replacement):
                continue
            flags = FLAGS | (regex.IGNORECASE if getattr(rule, "ignore_case", False) else 0)
            try:
                compiled[id(rule)] = regex.compile(expand(rule.pattern, frags), flags)
            except (regex.error, ValueError) as exc:
                problems.append(f"{fname}: {section}[{i}] ({rule.id}).pattern: {exc}")
                continue
            if getattr(rule, "anchor", None):
                try:
                    anchor = regex.compile(expand(rule.anchor, frags), flags)
                    compiled[id(rule)] = Anchored(compiled[id(rule)], anchor, rule.lookback)
                except (regex.error, ValueError) as exc:
                    problems.append(f"{fname}: {section}[{i}] ({rule.id}).anchor: {exc}")
            if rule.requires:
                try:
                    if rule.requires not in guards:
                        guards[rule.requires] = Guard(regex.compile(rule.requires, FLAGS))
                    compiled[id(rule)] = Guarded(compiled[id(rule)], guards[rule.requires])
                except regex.error as exc:
                    problems.append(f"{fname}: {section}[{i}] ({rule.id}).requires: {exc}")
    return compiled


def load_rules(rules_dir: Path | str = RULES_DIR) -> RuleSet:
    rules_dir = Path(rules_dir)
    problems: list[str] = []
    models: dict[str, Strict] = {}
    compiled: dict[int, regex.Pattern[str] | Guarded] = {}
    guards: dict[str, Guard] = {}  # one per distinct requires text, across files
    digest = hashlib.sha256()
    for fname, model_type in FILES.items():
        path = rules_dir / fname
        try:
            raw = path.read_bytes()
            data = yaml.safe_load(raw)
        except (OSError, yaml.YAMLError) as exc:
            problems.append(f"{fname}: cannot load: {exc}")
            continue
        digest.update(fname.encode() + b"\0" + raw)
        try:
            model = model_type.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(p) for p in err["loc"])
                problems.append(f"{fname}: {loc}: {err['msg']}")
            continue
        models[fname.removesuffix(".yaml")] = model
        compiled.update(_compile_all(fname, model, problems, guards))
    if problems:
        raise RuleError("invalid rules in " + str(rules_dir) + ":\n  " + "\n  ".join(problems))
    return RuleSet(models, compiled, digest.hexdigest()[:16])


@functools.cache
def default_rules() -> RuleSet:
    """The rule set of ``rules/``, loaded and compiled once per process."""
    return load_rules(RULES_DIR)
