"""Every rule loads, compiles, and passes its own match / no-match examples."""
from __future__ import annotations

import itertools
import shutil

import pytest
import yaml

from pipeline.errors import RuleError
from pipeline.normalize import normalize
from pipeline.rules import RULES_DIR, Guarded, PatternRule, Replacement, default_rules, load_rules

from .conftest import RAW

RULES = default_rules()
PATTERN_RULES = [(f, s, r) for f, s, r in RULES.all_rules() if isinstance(r, PatternRule)]
REPLACEMENTS = [(f, s, r) for f, s, r in RULES.all_rules() if isinstance(r, Replacement)]


def _id(item) -> str:
    f, s, r = item
    return f"{f}:{s}:{r.id}"


def test_rules_every_rule_has_examples():
    for f, s, r in PATTERN_RULES:
        assert r.examples.match, f"{f} {s} {r.id} has no match example"
        assert r.examples.no_match, f"{f} {s} {r.id} has no no_match example"


@pytest.mark.parametrize("item", PATTERN_RULES, ids=_id)
def test_rules_examples_match(item):
    _f, _s, rule = item
    rx = RULES.rx(rule)
    for text in rule.examples.match:
        assert rx.search(text), f"{rule.id} should match {text!r}"
    for text in rule.examples.no_match:
        assert not rx.search(text), f"{rule.id} should not match {text!r}"


@pytest.mark.parametrize("item", REPLACEMENTS, ids=_id)
def test_rules_replacement_examples(item):
    _f, _s, rule = item
    rx = RULES.rx(rule)
    for given, expected in rule.examples:
        assert rx.sub(rule.replace, given) == expected


@pytest.mark.parametrize("given,expected", RULES.normalize.lost_glyph_examples)
def test_rules_lost_glyph_examples(given, expected):
    assert normalize(given, RULES).text == expected


def _copy_rules(tmp_path):
    dst = tmp_path / "rules"
    shutil.copytree(RULES_DIR, dst)
    return dst


def _load_edited(tmp_path, fname, edit):
    """Load a copy of the rules with one file edited; the RuleError it raises."""
    d = _copy_rules(tmp_path)
    data = yaml.safe_load((d / fname).read_text(encoding="utf-8"))
    edit(data)
    (d / fname).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules(d)
    return err


def test_rules_unknown_key_names_file_and_path(tmp_path):
    err = _load_edited(tmp_path, "targets.yaml", lambda data: data["comparators"][0].update(colour="red"))
    assert "targets.yaml" in str(err.value) and "comparators.0.colour" in str(err.value)


def test_rules_bad_regex_names_rule(tmp_path):
    err = _load_edited(tmp_path, "budget.yaml", lambda data: data["totals"][0].update(pattern="(unclosed"))
    assert "budget.yaml: totals[0] (total).pattern" in str(err.value)


def test_rules_all_problems_reported_at_once(tmp_path):
    d = _copy_rules(tmp_path)
    (d / "units.yaml").write_text("units: 3\n", encoding="utf-8")
    (d / "segment.yaml").write_text("markers: []\nextra: 1\n", encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules(d)
    assert "units.yaml" in str(err.value) and "segment.yaml: extra" in str(err.value)


def test_rules_version_changes_with_content(tmp_path):
    d = _copy_rules(tmp_path)
    before = load_rules(d).version
    with open(d / "units.yaml", "a", encoding="utf-8") as f:
        f.write("\n# a comment changes the version too\n")
    assert load_rules(d).version != before


GUARDED = [(f, s, r) for f, s, r in RULES.all_rules() if r.requires]


@pytest.fixture(scope="module")
def sample_lines():
    """Every normalized line of data/raw (the dev texts and the PDFs' text layers)."""
    from pipeline.ingest import read_source

    texts = []
    for path in sorted(RAW.iterdir()):
        if path.suffix in (".txt", ".pdf"):
            try:
                texts.append(read_source(path).text)
            except Exception:  # the scan has no text
                continue
    return [ln for text in texts for ln in normalize(text, RULES).text.split("\n")]


@pytest.mark.parametrize("item", GUARDED, ids=_id)
def test_rules_guard_is_a_necessary_condition(item, sample_lines):
    """A rule's `requires` only skips text the rule cannot match: on every line of
    data/raw and every example, where the guard finds nothing the bare pattern finds
    nothing either."""
    _f, _s, rule = item
    guarded = RULES.rx(rule)
    examples = [*rule.examples.match] if isinstance(rule, PatternRule) else [g for g, _ in rule.examples]
    for text in examples + sample_lines:
        if not guarded.guard.search(text):
            assert not guarded.compiled.search(text), f"{rule.id}: guard {rule.requires!r} misses {text!r}"


ANCHORED = [(f, s, r) for f, s, r in RULES.all_rules() if getattr(r, "anchor", None)]


@pytest.mark.parametrize("item", ANCHORED, ids=_id)
def test_rules_anchor_finds_what_the_pattern_finds(item, sample_lines):
    """A rule's `anchor` only changes where the search starts: on every line of data/raw,
    every example and every pair of adjacent lines (a block joins them), the anchored
    search finds the same matches as the bare pattern, in the same places."""
    _f, _s, rule = item
    anchored = RULES.rx(rule)
    if isinstance(anchored, Guarded):
        anchored = anchored.compiled
    bare = anchored.compiled
    examples = [*rule.examples.match, *rule.examples.no_match]
    pairs = [a + " " + b for a, b in itertools.pairwise(sample_lines)]
    for text in examples + sample_lines + pairs:
        assert [m.span() for m in anchored.finditer(text)] == [m.span() for m in bare.finditer(text)], text


def test_rules_first_match_is_the_loop_over_the_rules(sample_lines):
    """``first_match`` (one alternation) gives what trying the rules one by one at the
    start of each line gives: the segment markers on every line of data/raw."""
    rules = RULES.segment.markers
    first = RULES.first_match(rules)
    for text in sample_lines + [e for r in rules for e in r.examples.match + r.examples.no_match]:
        loop = next(((r, m) for r in rules for m in [RULES.rx(r).match(text)] if m), None)
        got = first(text)
        assert (got and (got[0].id, got[1].span())) == (loop and (loop[0].id, loop[1].span())), text


@pytest.mark.parametrize("source, ignore_case, lowered", [
    ("(?i:kinh phí)", False, "kinh phí"),
    ("(?i:(?:nghìn|ngàn)\\s*đồng)", False, "(?:nghìn|ngàn)\\s*đồng"),
    ("ICT[\\s-]?Index|DTI", True, "ict[\\s-]?index|dti"),
    ("(?i:a)|(b)", False, None),        # only part of it ignores case
    ("kinh phí", False, None),          # case-sensitive
    ("(?i:\\S+ đồng)", False, None),     # \S lower-cased is \s
    ("(?P<year>NĂM) \\d+", True, None),  # (?P lower-cased is not a group
    ("\\p{Lu}\\w+", True, None),
    ("\\x41BC", True, None),            # \x41 is "A": not in lower-cased text
])
def test_rules_lowered_pattern_only_where_lowering_keeps_the_meaning(source, ignore_case, lowered):
    from pipeline.rules import lowered_pattern

    got = lowered_pattern(source, ignore_case)
    assert (got.pattern if got else None) == lowered


def _lowers(rule) -> bool:
    from pipeline.rules import lowered_pattern

    return lowered_pattern(RULES.rx(rule).pattern, rule.ignore_case) is not None


LOWERED = [(f, s, r) for f, s, r in RULES.all_rules() if isinstance(r, PatternRule) and _lowers(r)]


@pytest.mark.parametrize("item", LOWERED, ids=_id)
def test_rules_lowered_count_is_the_pattern_count(item, sample_lines):
    """A case-insensitive rule counted on lower-cased text counts what the rule itself
    finds: on every line of data/raw, its examples, and the whole text at once."""
    _f, _s, rule = item
    texts = [*rule.examples.match, *rule.examples.no_match, *sample_lines, "\n".join(sample_lines)]
    for text in texts:
        assert RULES.count(rule, text) == len(RULES.rx(rule).findall(text)), text


def test_rules_candidate_lines_with_lowered_guards(sample_lines):
    """Guards searched case-sensitively in lower-cased text find the lines the guards
    themselves find in the joined lines (the budget openers: each guard ignores case;
    a match may run on to the next line, as a rule's may)."""
    import bisect

    openers = [*RULES.budget.table_titles, *RULES.budget.scales, *RULES.budget.totals]
    guarded = [r for r in openers if isinstance(RULES.rx(r), Guarded)]
    assert any(RULES.rx(r).guard.lowered for r in guarded)
    joined = "\n".join(sample_lines)
    starts = list(itertools.accumulate((len(ln) + 1 for ln in sample_lines), initial=0))
    expected = {bisect.bisect_right(starts, m.start()) - 1 for r in guarded for m in RULES.rx(r).guard.rx.finditer(joined)}
    assert set(RULES.candidate_lines(guarded, sample_lines)) == expected


def test_rules_on_one_document_say_why():
    """A rule that fires on one document of dev + dev2 only is a general pattern that
    document happens to show, and its YAML says so (``note``), or it is a defect."""
    from scripts.rule_report import DEFAULT_CORPORA, rule_hits

    corpora = [c for c in DEFAULT_CORPORA if c.exists()]
    if len(corpora) < 2:
        pytest.skip("the dev and dev2 corpora are in ../shared beside the clone")
    lonely = [f"{f}:{s}:{r.id}" for f, s, r, hits in rule_hits(corpora, RULES)
              if sum(len(h) for h in hits.values()) == 1 and not r.note]
    assert not lonely, f"rules firing on one document without a note: {lonely}"
