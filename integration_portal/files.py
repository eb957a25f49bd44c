"""Files the portal writes itself outside the storage (exports and PDFs of the management commands): readable
by the portal's group only, as FILE_UPLOAD_PERMISSIONS makes the uploads and the stored PDFs."""

import os
import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

FILE_MODE = 0o640


def write_file(path, data):
    """Write `data` to `path` with mode 0640, whatever the umask, replacing an older file of that name."""
    path = Path(path)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "wb") as file:
        os.fchmod(file.fileno(), FILE_MODE)
        file.write(data)


def write_command_output(output, data):
    """The file a management command writes: standard output for “-”, else `write_file`; a file that cannot be
    written ends the command with a German message."""
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        write_file(output, data)
    except OSError as error:
        raise CommandError(
            _("The file “%(file)s” cannot be written: %(reason)s.") % {"file": output, "reason": error.strerror}
        ) from error
