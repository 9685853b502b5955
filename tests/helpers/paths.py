"""Where things are, relative to the repository root (never an absolute machine path)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "example_site"
FIXTURES = ROOT / "tests" / "fixtures"
SCHEMAS = ROOT / "schemas"


def samples_dir() -> Path:
    """The shared sample reports: ``$GOVREPORT_SAMPLES``; else ``<repository root>/../shared/samples``;
    else, in a clone of a repository on this machine (CI clones the working repository into a
    temporary folder), ``<the repository it was cloned from>/../shared/samples``."""
    configured = os.environ.get("GOVREPORT_SAMPLES")
    if configured:
        return Path(configured)
    beside = ROOT.parent / "shared" / "samples"
    if beside.is_dir():
        return beside
    origin = _origin_folder()
    if origin is not None and (origin.parent / "shared" / "samples").is_dir():
        return origin.parent / "shared" / "samples"
    return beside


def _origin_folder() -> Path | None:
    """The folder of the repository this checkout was cloned from, when that is a local path."""
    try:
        url = subprocess.run(
            ["git", "-C", str(ROOT), "remote", "get-url", "origin"], capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not url or "://" in url or url.startswith("git@"):
        return None
    path = Path(url.removeprefix("file:"))
    return path if path.is_dir() else None


def under_ci() -> bool:
    """Whether the run is a CI run (``CI`` set): there, a missing tool or sample fails instead of skipping."""
    return bool(os.environ.get("CI"))
