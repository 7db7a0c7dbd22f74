"""Rule report: for every rule, its examples and on how many documents of a corpus it fires.

    python -m scripts.rule_report [CORPUS_DIR]   (default ../shared/corpus/dev)

A rule that fires on one document only is either a general pattern that document
happens to show (say so, with invented examples) or a defect."""
from __future__ import annotations

import sys
from pathlib import Path

from pipeline.ingest import discover, read_source
from pipeline.normalize import normalize
from pipeline.rules import PatternRule, default_rules
from pipeline.segment import segment


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    corpus = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
    rules = default_rules()
    texts = []
    for path in discover([str(corpus)]):
        doc = read_source(path)
        seg = segment(doc, normalize(doc.text, rules), rules)
        texts.append((path.name, [b.text.text for b in seg.blocks] + [ln.text.text for ln in seg.lines]))
    print(f"| file | section | rule | match ex. | no-match ex. | fires in docs (of {len(texts)}) |")
    print("|---|---|---|---|---|---|")
    single = []
    for fname, section, rule in rules.all_rules():
        if not isinstance(rule, PatternRule):
            continue
        rx = rules.rx(rule)
        hits = [name for name, pieces in texts if any(rx.search(p) for p in pieces)]
        print(f"| {fname} | {section} | {rule.id} | {len(rule.examples.match)} | {len(rule.examples.no_match)} | {len(hits)} |")
        if len(hits) == 1:
            single.append(f"{fname}:{section}:{rule.id} ({hits[0]})")
    print(f"\nrules firing on exactly one document: {len(single)}")
    for s in single:
        print("  ", s)


if __name__ == "__main__":
    main()
