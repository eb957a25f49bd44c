"""Import of an action plan from XLSX or CSV, in three layers: read → analyse → write.

- `read_table` (`reading.py`) checks size, type and row count before parsing and returns the cells as
  text;
- `analyse` (`analysis.py`) reads every row with one reader per column (`columns.py`), compares it with
  the plan as saved (`state.py`) and says per row whether it is new, changed, unchanged or invalid
  (every error with row, column and a German message, `rows.py`), and which actors and target groups
  are unknown. It writes nothing: it is the preview;
- `apply_import` (`writing.py`) runs the analysis again inside a transaction, with the plan locked, and
  writes everything or nothing, one step per model. Given the upload's token, it records the write in the
  same transaction (`AppliedImport`), so that a job run again never imports the file twice.

Everything is scoped to the plan's district: ids of other districts' measures are refused, actors and
target groups are looked up and created in the district only. Rows are matched by the ID column
(exported files), or by field of action, challenge and measure text, so that importing the same file
twice changes nothing. Measures of the plan that the file does not mention stay as they are.
"""

from .analysis import analyse
from .reading import MAX_BYTES, MAX_ROWS, MAX_UNPACKED_BYTES, ImportFileError, read_table
from .rows import CHANGED, CHECKING, INVALID, NEW, STEP_LABELS, UNCHANGED, WRITING, Analysis, Progress, Row, RowError
from .writing import ImportResult, apply_import, file_hash, import_done_message

__all__ = [
    "CHANGED",
    "CHECKING",
    "INVALID",
    "MAX_BYTES",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "NEW",
    "STEP_LABELS",
    "UNCHANGED",
    "WRITING",
    "Analysis",
    "ImportFileError",
    "ImportResult",
    "Progress",
    "Row",
    "RowError",
    "analyse",
    "apply_import",
    "file_hash",
    "import_done_message",
    "read_table",
]
