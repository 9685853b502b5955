"""Helpers shared by the tests (imported as ``tests.helpers``; the fixtures are in ``tests/conftest.py``).

* :mod:`.paths` — the repository's folders, the fixtures and the shared samples;
* :mod:`.html` — the one HTML reader: tables, data cells, findings boxes, links, injected markup;
* :mod:`.sites` — the one site builder (in-process, as ``mkdocs build``) and ``mkdocs`` as a command;
* :mod:`.pages` — report pages written for the tests.
"""
