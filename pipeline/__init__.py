"""kehoach: Vietnamese plan documents (PDF or text) → Parquet, with provenance."""
from __future__ import annotations

import os

# pyarrow's default allocator (jemalloc) keeps freed buffers in its arenas: merging the part
# files of a 10,000-document run (store.Generation._compact) raised the run's peak RSS by
# about 45 MiB with it, and not at all with the C library's malloc (348 → 297 MiB, one run
# each). Set before pyarrow is first imported, as pyarrow reads it then; a caller's own
# choice stands.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

__version__ = "0.1.0"

__all__ = ["__version__", "ingest_paths", "open_dataset"]


def ingest_paths(*args, **kwargs):  # noqa: ANN002, ANN003 - thin re-export
    from .run import ingest_paths as _ingest

    return _ingest(*args, **kwargs)


def open_dataset(path, con=None):  # noqa: ANN001, ANN201 - thin re-export
    """A DuckDB connection with a view per table and ready joins (pipeline.dataset)."""
    from .dataset import open_dataset as _open

    return _open(path, con)
