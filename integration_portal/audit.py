"""The audit log: security-relevant events with UTC time, user and district, one line each.

Never pass passwords, survey answers or respondents' addresses. Values are quoted where needed and
escaped, so a crafted name can neither forge a second log line nor add fake `key=value` pairs.
"""

import logging
import re

logger = logging.getLogger("integration_portal.audit")

# Values made only of these characters are written as they are; anything else is quoted.
_BARE = re.compile(r"[\w.:/@+-]+", re.ASCII)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 or char in "\u2028\u2029":
        return f"\\x{ord(char):02x}" if ord(char) <= 0xFF else f"\\u{ord(char):04x}"
    return char


def quote_value(value) -> str:
    """`value` as one token: bare if it is a plain word, else in double quotes with `\\`, `"` and
    control characters (NUL, line breaks, …) escaped."""
    text = str(value)
    if _BARE.fullmatch(text):
        return text
    return '"' + "".join(_escape_char(char) for char in text) + '"'


def escape_controls(text: str) -> str:
    """Control characters of a whole line escaped (for log lines written by libraries)."""
    return "".join(_escape_char(char) if char not in '\\"' else char for char in text)


def log_event(event, user=None, **details):
    """Log `event` (e.g. "pdf_download") for `user` with key=value details."""
    fields = {"event": event}
    if user is not None and user.is_authenticated:
        fields["user"] = user.get_username()
        fields["district"] = user.district_id
    else:
        fields["user"] = "-"
    fields.update(details)
    # The fields go along as they are, for the JSON log lines (LOG_FORMAT=json).
    logger.info(" ".join(f"{key}={quote_value(value)}" for key, value in fields.items()), extra={"audit": fields})
