# kehoach: make run (set up + ingest data/raw), make test (set up + tests).
PY      := .venv/bin/python
SHARED  ?= ../shared
STAMP   := .venv/.installed

.PHONY: setup run test eval bench lint clean fixtures browser

setup: $(STAMP)

$(STAMP): pyproject.toml setup.py pipeline/_pdfpage.c
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: setup
	$(PY) -m pipeline ingest data/raw --out data/parquet

test: setup browser
	$(PY) -m pytest

# The review page is tested in a real headless Chromium (Debian's package).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "install chromium (Debian package 'chromium') to run the review-page test"; fi; }

eval: setup
	$(PY) -m pipeline ingest $(SHARED)/corpus/dev --out build/dev-parquet
	$(PY) $(SHARED)/eval/score.py --parquet build/dev-parquet --gold $(SHARED)/eval/gold --sources $(SHARED)/corpus/dev --details

bench: setup            # the full run (10,000 files) takes some minutes; BENCH_ARGS="--files 1000" for a quick one
	$(PY) -m scripts.bench $(BENCH_ARGS)

fixtures: setup
	$(PY) -m scripts.make_pdfs

lint: setup
	$(PY) -m ruff check pipeline tests scripts

clean:
	rm -rf build data/parquet
