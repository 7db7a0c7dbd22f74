"""review: one self-contained HTML page per dataset, to see what was extracted.

For each document: its source text with every extracted row highlighted by kind (one
``<mark>`` per row, nested where spans overlap, as a target and its percentage do), a
list per table linking each row to its highlight, and the budget audit findings with
the stated and computed amounts and the source lines around the stated figure.

    python -m pipeline review data/parquet --out review.html
"""
from __future__ import annotations

import datetime as dt
import html
import json
from collections import defaultdict
from pathlib import Path

import pyarrow.dataset as pads

# table → (colour, how a row is named in the lists)
KINDS = {
    "legal_references": ("#b3d4ff", lambda r: " ".join(x for x in (r["ref_type"], r["code"] or r["name"]) if x)),
    "percentages": ("#ffe08a", lambda r: f"{r['value']:g}% ({r['kind']})"),
    "targets": ("#ffb38a", lambda r: f"{r['comparator']} {r['value']:g} {r['unit']}: {r['subject'] or ''}"),
    "responsibilities": ("#b8f0b8", lambda r: f"{r['unit']} — {r['role']}"),
    "budget_tables": ("#e0c8ff", lambda r: f"{r['title'] or ''} ({r['unit_scale']})"),
    "budget_items": ("#d7b8ff", lambda r: f"{r['kind']}: {r['label'] or ''}{_in_column(r)} = {_vnd(r['amount_vnd'])}"),
    "budget_audit": ("#ff8a8a", lambda r: f"{r['check']}{_in_column(r)}: stated {_vnd(r['stated_vnd'])}, "
                                          f"computed {_vnd(r['computed_vnd'])}"),
}

CSS = """
body{font-family:"DejaVu Sans","Noto Sans",Arial,sans-serif;margin:0;display:flex;color:#222}
nav{width:260px;padding:12px;border-right:1px solid #ddd;height:100vh;overflow:auto;position:sticky;top:0;font-size:13px}
main{flex:1;padding:12px 20px;min-width:0}
pre.source{white-space:pre-wrap;font-family:"DejaVu Sans","Noto Sans",sans-serif;font-size:12.5px;line-height:1.55;
  background:#fafafa;border:1px solid #eee;padding:10px}
mark{padding:1px 0;border-radius:2px;color:inherit} mark mark{outline:1px solid #555}
.legend span{display:inline-block;padding:2px 6px;margin:2px;border-radius:3px;font-size:12px}
table.findings{border-collapse:collapse;font-size:13px} table.findings td,table.findings th{border:1px solid #ddd;padding:4px 6px}
details{margin:4px 0} summary{cursor:pointer;font-weight:bold} li{font-size:13px}
.context{font-family:"DejaVu Sans","Noto Sans",sans-serif;font-size:12px;background:#fff6f6;white-space:pre-wrap;margin:2px 0}
.meta{font-size:13px;color:#444}
"""

SELFCHECK = """
window.__errors = [];
window.addEventListener('error', e => { window.__errors.push(String(e.message)); });
document.addEventListener('DOMContentLoaded', () => {
  const expected = JSON.parse(document.getElementById('expected').textContent);
  const got = {};
  document.querySelectorAll('mark[data-table]').forEach(m => { got[m.dataset.table] = (got[m.dataset.table] || 0) + 1; });
  const bad = Object.keys(expected).filter(k => (got[k] || 0) !== expected[k]);
  const out = document.getElementById('selfcheck');
  out.textContent = (bad.length || window.__errors.length) ? ('mismatch: ' + bad.join(',') + ' ' + window.__errors.join(';')) : 'ok';
  out.dataset.marks = String(document.querySelectorAll('mark[data-table]').length);
});
"""


def _in_column(r: dict) -> str:
    """The amount column of a row or finding, for a table that has several ("[Năm 2026]")."""
    return f" [{r['column']}]" if r.get("column") else ""


def _vnd(v) -> str:
    return "—" if v is None else f"{v:,}".replace(",", ".") + " đ"


def _read(root: Path, table: str) -> list[dict]:
    path = root / table
    if not path.exists():
        return []
    return pads.dataset(str(path), format="parquet", partitioning="hive").to_table().to_pylist()


def _source_text(doc: dict, texts: dict[str, str]) -> str | None:
    if doc["doc_id"] in texts:
        return texts[doc["doc_id"]]
    path = Path(doc["source_path"])
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8", errors="replace")


def highlight(text: str, spans: list[tuple[int, int, str, str, str]]) -> str:
    """Text with one <mark> per span (start, end, table, id, title), nested; a span that
    crosses the end of an enclosing one is clipped to it."""
    spans = sorted((s for s in spans if 0 <= s[0] < s[1] <= len(text)), key=lambda s: (s[0], -s[1]))
    out: list[str] = []
    stack: list[int] = []
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= limit:
            end = stack.pop()
            out.append(html.escape(text[pos:end]))
            out.append("</mark>")
            pos = end

    for start, end, table, row_id, title in spans:
        close_until(start)
        out.append(html.escape(text[pos:start]))
        pos = start
        clipped = bool(stack) and end > stack[-1]
        end = min(end, stack[-1]) if stack else end
        colour = KINDS[table][0]
        out.append(f'<mark id="{row_id}" data-table="{table}" style="background:{colour}" '
                   f'title="{html.escape(title)}"{" data-clipped" if clipped else ""}>')
        stack.append(end)
    close_until(len(text) + 1)
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _context(text: str, start: int, end: int, around: int = 2) -> str:
    lines = text.split("\n")
    line = text.count("\n", 0, start)
    lo, hi = max(0, line - around), min(len(lines), line + around + 1)
    first = sum(len(x) + 1 for x in lines[:lo])
    chunk = "\n".join(lines[lo:hi])
    a, b = start - first, min(end - first, len(chunk))
    return (html.escape(chunk[:a]) + "<b><u>" + html.escape(chunk[a:b]) + "</u></b>" + html.escape(chunk[b:]))


def render(root: Path | str) -> str:
    root = Path(root)
    docs = sorted(_read(root, "documents"), key=lambda d: d["source_name"])
    texts = {r["doc_id"]: r["text"] for r in _read(root, "document_text")}
    rows: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for table in KINDS:
        for r in _read(root, table):
            rows[r["doc_id"]][table].append(r)
    expected: dict[str, int] = defaultdict(int)
    nav, sections, findings = [], [], []
    for n, doc in enumerate(docs):
        text = _source_text(doc, texts)
        anchor = f"doc-{n}"
        nav.append(f'<li><a href="#{anchor}">{html.escape(doc["source_name"])}</a></li>')
        if text is None:
            sections.append(f'<section id="{anchor}"><h2>{html.escape(doc["source_name"])}</h2>'
                            f"<p>source text not found at {html.escape(doc['source_path'])}</p></section>")
            continue
        spans, lists = [], []
        for table, (_colour, name) in KINDS.items():
            items = sorted(rows[doc["doc_id"]][table], key=lambda r: r["char_start"])
            links = []
            for k, r in enumerate(items):
                row_id = f"{anchor}-{table}-{k}"
                label = name(r)
                spans.append((r["char_start"], r["char_end"], table, row_id, f"{table}: {label}"))
                links.append(f'<li><a href="#{row_id}">line {r["line"]}</a> {html.escape(label)}</li>')
                if table == "budget_audit":
                    findings.append(
                        f'<tr><td><a href="#{row_id}">{html.escape(doc["source_name"])}</a></td><td>{r["check"]}</td>'
                        f'<td>{html.escape(r.get("column") or "")}</td>'
                        f'<td>{_vnd(r["stated_vnd"])}</td><td>{_vnd(r["computed_vnd"])}</td>'
                        f'<td>{_vnd(r["stated_vnd"] - r["computed_vnd"])}</td>'
                        f'<td>{html.escape(r.get("note") or "")}</td>'
                        f'<td><div class="context">{_context(text, r["char_start"], r["char_end"])}</div></td></tr>')
            expected[table] += len(items)
            if items:
                lists.append(f"<details><summary>{table} ({len(items)})</summary><ul>{''.join(links)}</ul></details>")
        meta = ", ".join(f"{k}: {html.escape(str(doc[k]))}" for k in
                         ("title", "plan_kind", "district", "province", "plan_year", "doc_number", "signer")
                         if doc.get(k) is not None)
        sections.append(f'<section id="{anchor}"><h2>{html.escape(doc["source_name"])}</h2>'
                        f'<p class="meta">{meta}</p>{"".join(lists)}'
                        f'<pre class="source">{highlight(text, spans)}</pre></section>')
    legend = "".join(f'<span style="background:{c}">{t}</span>' for t, (c, _n) in KINDS.items())
    table = ("<table class='findings'><tr><th>document</th><th>check</th><th>column</th><th>stated</th>"
             "<th>computed</th><th>difference</th><th>note</th><th>source</th></tr>" + "".join(findings)
             + "</table>") if findings else "<p>none</p>"
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>kehoach review: {html.escape(str(root))}</title>
<style>{CSS}</style><script>{SELFCHECK}</script></head>
<body><nav><h3>kehoach review</h3><p class="meta">{len(docs)} documents<br>{dt.date.today().isoformat()}</p>
<ul>{''.join(nav)}</ul></nav>
<main><div class="legend">{legend}</div><p class="meta">self-check: <span id="selfcheck">pending</span></p>
<h2>Budget audit findings</h2>{table}
{''.join(sections)}
<script type="application/json" id="expected">{json.dumps(expected)}</script></main></body></html>
"""


def write_review(root: Path | str, out: Path | str) -> Path:
    out = Path(out)
    out.write_text(render(root), encoding="utf-8")
    return out
