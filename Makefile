# The two commands of the README.  Both work on a fresh machine: they install what they need.
.PHONY: serve test lint bench schemas docs docs-serve zensical

serve:
	scripts/bootstrap
	.venv/bin/mkdocs serve -f example_site/mkdocs.yml

# ruff, mypy --strict, the import-layers contract and every test; one summary line at the end
test:
	scripts/check

# the same static gates without the tests
lint:
	scripts/check --no-tests

schemas:
	scripts/bootstrap
	.venv/bin/govreport schema --write

bench:
	scripts/bootstrap
	.venv/bin/python benchmarks/run.py

# The documentation site (reference pages generated from the code on every build).
docs:
	scripts/bootstrap
	.venv/bin/mkdocs build --strict -f mkdocs-docs.yml

docs-serve:
	scripts/bootstrap
	.venv/bin/mkdocs serve -f mkdocs-docs.yml

# The example site built with Zensical (which runs no MkDocs plugin) into example_site/site-zensical/:
# `govreport pages` writes the index, agency pages, summary and downloads into docs/ (and fails on
# an error, as `mkdocs build --strict` would), Zensical builds, and the generated files are removed
# from docs/ again whatever the build's outcome.
ZENSICAL_VERSION = 0.0.73
zensical:
	scripts/bootstrap
	.venv/bin/python -m pip install --quiet 'zensical==$(ZENSICAL_VERSION)'
	.venv/bin/govreport pages -f example_site/zensical.yml --strict
	cd example_site && ../.venv/bin/zensical build -f zensical.yml --clean; status=$$?; \
	  ../.venv/bin/govreport pages -f zensical.yml --clean; exit $$status
