"""kehoach: Vietnamese plan documents (PDF or text) → Parquet, with provenance."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "ingest_paths", "open_dataset"]


def ingest_paths(*args, **kwargs):  # noqa: ANN002, ANN003 - thin re-export
    from .run import ingest_paths as _ingest

    return _ingest(*args, **kwargs)


def open_dataset(path, con=None):  # noqa: ANN001, ANN201 - thin re-export
    """A DuckDB connection with a view per table and ready joins (pipeline.dataset)."""
    from .dataset import open_dataset as _open

    return _open(path, con)
