# The two commands of the README.  Both work on a fresh machine: they install what they need.
.PHONY: serve test lint bench schemas docs docs-serve

serve:
	scripts/bootstrap
	.venv/bin/mkdocs serve -f example_site/mkdocs.yml

test:
	scripts/bootstrap all
	.venv/bin/python -m pytest

lint:
	scripts/bootstrap
	.venv/bin/ruff check .
	.venv/bin/mypy

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
