"""The audit log: security-relevant events with UTC time, user and district, one line each.

Never pass passwords, survey answers or respondents' addresses. Values are single-lined here,
so a crafted name cannot forge a second log line.
"""

import logging

logger = logging.getLogger("integration_portal.audit")


def _one_line(value):
    return str(value).replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


def log_event(event, user=None, **details):
    """Log `event` (e.g. "pdf_download") for `user` with key=value details."""
    fields = {"event": event}
    if user is not None and user.is_authenticated:
        fields["user"] = user.get_username()
        fields["district"] = user.district_id
    else:
        fields["user"] = "-"
    fields.update(details)
    logger.info(" ".join(f"{key}={_one_line(value)}" for key, value in fields.items()))
