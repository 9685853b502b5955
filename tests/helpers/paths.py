"""Where things are, relative to the repository root (never an absolute machine path)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "example_site"
FIXTURES = ROOT / "tests" / "fixtures"
SCHEMAS = ROOT / "schemas"


def samples_dir() -> Path:
    """The shared sample reports: ``$GOVREPORT_SAMPLES``, else ``<repository root>/../shared/samples``."""
    configured = os.environ.get("GOVREPORT_SAMPLES")
    return Path(configured) if configured else ROOT.parent / "shared" / "samples"


def under_ci() -> bool:
    """Whether the run is a CI run (``CI`` set): there, a missing tool or sample fails instead of skipping."""
    return bool(os.environ.get("CI"))
