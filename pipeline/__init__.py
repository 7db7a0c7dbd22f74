"""kehoach: Vietnamese plan documents (PDF or text) → Parquet, with provenance."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "ingest_paths"]


def ingest_paths(*args, **kwargs):  # noqa: ANN002, ANN003 - thin re-export
    from .run import ingest_paths as _ingest

    return _ingest(*args, **kwargs)
