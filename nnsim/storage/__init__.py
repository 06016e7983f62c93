"""nnsim's one I/O boundary: every file the app reads or writes goes through here.

Pure Python, no Qt (the command line and the tests use it as the GUI does), and the only
place with file access: the core parses text and bytes, this package reads and writes.

* :mod:`nnsim.storage.files` -- :func:`read_bounded` (stat first; folders, FIFOs and
  oversized files refused before a byte is read), :func:`atomic_write_text` and
  :func:`atomic_write_bytes` (temporary file, ``fsync``, :func:`os.replace`; stale
  temporaries of killed saves removed) and
  :class:`LoadError`, the one exception a failed load raises, with one sentence naming
  the file and the problem.
* :mod:`nnsim.storage.documents` -- the readers of experiments, CSV data (parsed once
  into a table), lessons and small JSON side files, each by the core's one JSON rule
  (:func:`nnsim.core.jsontext.parse_json`) or CSV parser.
"""

from nnsim.storage.documents import (
    MAX_EXPERIMENT_BYTES,
    list_lessons,
    load_lesson,
    read_csv_data,
    read_csv_table,
    read_experiment,
    read_json,
    read_lesson,
)
from nnsim.storage.files import (
    STALE_TMP_S,
    LoadError,
    atomic_write_bytes,
    atomic_write_text,
    format_sizes,
    remove_old_files,
    remove_stale_temporaries,
)

__all__ = [
    "MAX_EXPERIMENT_BYTES",
    "STALE_TMP_S",
    "LoadError",
    "atomic_write_bytes",
    "atomic_write_text",
    "format_sizes",
    "list_lessons",
    "load_lesson",
    "read_csv_data",
    "read_csv_table",
    "read_experiment",
    "read_json",
    "read_lesson",
    "remove_old_files",
    "remove_stale_temporaries",
]
