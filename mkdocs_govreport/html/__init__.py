"""Everything that writes HTML or Markdown for pages: the official tables, findings boxes,
table placement, provenance, charts and the generated pages.  Takes reports; runs no checks."""
