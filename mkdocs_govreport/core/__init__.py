"""The core: the report model and how it is read (no checks, no HTML, no MkDocs)."""
