# The two commands of the README.  Both work on a fresh machine: they install what they need.
.PHONY: serve test lint bench schemas docs docs-serve

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
