"""Parsed reports as bytes: for the plugin's disk cache and for handing reports between the
processes of ``govreport data --jobs`` (and its spool file, which keeps them out of memory).

Formats are pickled by id (they are the registry's, never copied; unpickling gives back the very
same objects) and cells as plain tuples (a third of the unpickling time otherwise).
"""

from __future__ import annotations

import io
import pickle
from typing import Any

from ..core.report import Cell
from ..registry import FORMATS
from ..registry.model import Format


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj: Any) -> Any:
        if isinstance(obj, Format):
            return ("format", obj.id)
        return None

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is Cell:
            return (Cell, (obj.value, obj.status, obj.source))
        return NotImplemented


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> Any:
        kind, key = pid
        if kind != "format" or key not in FORMATS:
            raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")
        return FORMATS[key]


def dumps(obj: Any) -> bytes:
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buf.getvalue()


def loads(data: bytes) -> Any:
    return _Unpickler(io.BytesIO(data)).load()
