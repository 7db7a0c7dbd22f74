"""The review page: highlights nest, and the page works in a real headless Chromium."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from pipeline.review import KINDS, highlight, write_review

from .conftest import read_table

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000"]


def test_review_highlight_nests_and_clips():
    text = "đạt 95% năm 2025"
    out = highlight(text, [(4, 7, "percentages", "p", "p"), (4, 7, "targets", "t", "t"),
                           (0, 7, "responsibilities", "r", "r"), (5, 12, "budget_items", "b", "b")])
    assert out.count("<mark") == 4 == out.count("</mark>")
    assert re.search(r'id="r".*id="p".*id="t"', out)  # outermost first
    assert 'id="b"' in out and "data-clipped" in out  # crossing span clipped to its parent
    assert re.sub(r"<[^>]+>", "", out) == text


def test_review_in_headless_chromium(raw_out, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        message = "chromium is not installed: `make setup` installs Debian's chromium package (as root)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI runs as root after make setup: a missing browser is a broken setup
        pytest.skip(message)
    page = write_review(raw_out, tmp_path / "review.html")
    proc = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                           page.as_uri()], capture_output=True, text=True, timeout=120)
    dom = proc.stdout
    assert 'id="selfcheck"' in dom
    check = re.search(r'id="selfcheck" data-marks="(\d+)">([^<]*)<', dom)
    assert check, dom[:500]
    rows = sum(len(read_table(raw_out, t)) for t in KINDS)
    assert check.group(2) == "ok" and int(check.group(1)) == rows
    assert dom.count('<mark id="') == rows
    assert "KẾ HOẠCH" in dom and "Phòng Văn hóa và Thông tin" in dom
    console_errors = [ln for ln in proc.stderr.splitlines() if "CONSOLE" in ln or "Uncaught" in ln]
    assert console_errors == []
