"""Files the portal writes itself outside the storage (exports and PDFs of the management commands): readable
by the portal's group only, as FILE_UPLOAD_PERMISSIONS makes the uploads and the stored PDFs."""

import os
from pathlib import Path

FILE_MODE = 0o640


def write_file(path, data):
    """Write `data` to `path` with mode 0640, whatever the umask, replacing an older file of that name."""
    path = Path(path)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "wb") as file:
        os.fchmod(file.fileno(), FILE_MODE)
        file.write(data)
