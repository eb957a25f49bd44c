"""Log formatting shared by the settings."""

import logging
import time

from .audit import escape_controls


class UTCFormatter(logging.Formatter):
    """UTC time; line breaks and other control characters of the message escaped, so no line that a
    library writes (e.g. django-axes' lockout line with a crafted username) can forge another one."""

    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"

    def formatMessage(self, record):  # noqa: N802 (logging's name)
        return escape_controls(super().formatMessage(record))
