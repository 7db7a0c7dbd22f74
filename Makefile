# kehoach: make run (set up + ingest data/raw), make test (set up + tests).
PY      := .venv/bin/python
SHARED  ?= ../shared
STAMP   := .venv/.installed

.PHONY: setup run test eval bench lint clean fixtures golden system-packages

setup: $(STAMP) system-packages

$(STAMP): pyproject.toml setup.py pipeline/_pdfpage.c
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: setup
	$(PY) -m pipeline ingest data/raw --out data/parquet

test: setup
	$(PY) -m pytest

# Debian packages the project uses, installed here and nowhere else, saying so: chromium
# (the review page is tested in a real headless browser), tesseract-ocr and its
# Vietnamese model tesseract-ocr-vie (OCR of scanned PDFs), antiword (Word 97-2003 .doc).
SYSTEM_PACKAGES := chromium tesseract-ocr tesseract-ocr-vie antiword
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "make setup: installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "make setup: please install the Debian packages$$missing (as root: apt-get install$$missing); the tests that need them skip meanwhile, and scans give ocr_unavailable"; fi; \
	fi

eval: setup
	$(PY) -m pipeline ingest $(SHARED)/corpus/dev --out build/dev-parquet
	$(PY) $(SHARED)/eval/score.py --parquet build/dev-parquet --gold $(SHARED)/eval/gold --sources $(SHARED)/corpus/dev --details

bench: setup            # the full run (10,000 files) takes some minutes; BENCH_ARGS="--files 1000" for a quick one
	$(PY) -m scripts.bench $(BENCH_ARGS)

# Golden snapshots of the output on data/raw change only here, on purpose: review the diff
# of tests/golden and say in the commit what changed and why.
golden: setup
	KEHOACH_UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py
	git diff --stat -- tests/golden

fixtures: setup
	$(PY) -m scripts.make_pdfs

lint: setup
	$(PY) -m ruff check pipeline tests scripts

clean:
	rm -rf build data/parquet
