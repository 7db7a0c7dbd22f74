"""Rule report: for every rule, its examples and on how many documents of each corpus it fires.

    python -m scripts.rule_report [CORPUS_DIR ...]   (default: ../shared/corpus/dev and dev2)

A rule that fires on one document only is either a general pattern that document
happens to show (its YAML says so in a `note`, with examples in other words) or a
defect; the report lists those rules and whether they have that note."""
from __future__ import annotations

import sys
from pathlib import Path

from pipeline.ingest import discover, read_source
from pipeline.normalize import normalize
from pipeline.rules import PatternRule, RuleSet, default_rules
from pipeline.segment import segment

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DEFAULT_CORPORA = [SHARED / "dev", SHARED / "dev2"]


def corpus_texts(corpus: Path, rules: RuleSet) -> list[tuple[str, list[str]]]:
    """(document name, the texts a rule may be tried on: blocks and lines) per document."""
    texts = []
    for path in discover([str(corpus)]):
        doc = read_source(path)
        seg = segment(doc, normalize(doc.text, rules), rules)
        texts.append((f"{corpus.name}/{path.name}", [b.text.text for b in seg.blocks] + [ln.text.text for ln in seg.lines]))
    return texts


def rule_hits(corpora: list[Path], rules: RuleSet) -> list[tuple[str, str, PatternRule, dict[str, list[str]]]]:
    """Every pattern rule with the documents it fires on, per corpus."""
    texts = {c.name: corpus_texts(c, rules) for c in corpora}
    out = []
    for fname, section, rule in rules.all_rules():
        if not isinstance(rule, PatternRule):
            continue
        rx = rules.rx(rule)
        hits = {name: [doc for doc, pieces in docs if any(rx.search(p) for p in pieces)] for name, docs in texts.items()}
        out.append((fname, section, rule, hits))
    return out


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    corpora = [Path(a) for a in args] or [c for c in DEFAULT_CORPORA if c.exists()]
    rules = default_rules()
    report = rule_hits(corpora, rules)
    names = [c.name for c in corpora]
    print("| file | section | rule | match ex. | no-match ex. | " + " | ".join(f"fires in {n}" for n in names) + " | total |")
    print("|---|---|---|---|---|" + "---|" * (len(names) + 1))
    single = []
    for fname, section, rule, hits in report:
        total = sum(len(h) for h in hits.values())
        counts = " | ".join(str(len(hits[n])) for n in names)
        print(f"| {fname} | {section} | {rule.id} | {len(rule.examples.match)} | {len(rule.examples.no_match)} | {counts} | {total} |")
        if total == 1:
            doc = next(d for h in hits.values() for d in h)
            single.append(f"{fname}:{section}:{rule.id} ({doc}; note: {'yes' if rule.note else 'MISSING'})")
    print(f"\nrules firing on exactly one document of {', '.join(names)}: {len(single)}")
    for s in single:
        print("  ", s)


if __name__ == "__main__":
    main()
