"""Log formatting shared by the settings."""

import json
import logging
import re
import time
import uuid
from contextlib import AbstractContextManager
from contextvars import ContextVar
from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied
from django.core.signals import request_finished
from django.dispatch import receiver

from .audit import escape_controls
from .context import bound


class UTCFormatter(logging.Formatter):
    """UTC time; line breaks and other control characters of the message escaped, so no line that a
    library writes (e.g. django-axes' lockout line with a crafted username) can forge another one."""

    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"

    def formatMessage(self, record):  # noqa: N802 (logging's name)
        return escape_controls(super().formatMessage(record))


# The request being handled, for every log line written while it runs ("-" outside a request).
_request_id: ContextVar[str] = ContextVar("request_id", default="-")
# An id from the proxy (nginx' $request_id is 32 hex digits) is kept only if it looks like one.
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def current_request_id() -> str:
    return _request_id.get()


def bound_request_id(request_id: str) -> AbstractContextManager[None]:
    """Log lines written inside the block carry `request_id`: a background job logs the id of the request
    that started it."""
    return bound(_request_id, request_id or "-")


class RequestIdMiddleware:
    """Takes the request id from X-Request-ID (or makes one up), returns it in the response's X-Request-ID
    and keeps it for the log lines the request writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _VALID_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        # Kept until the response is finished: Django logs an error response after the middleware returned.
        _request_id.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


@receiver(request_finished, dispatch_uid="integration_portal.logging.request_finished")
def _forget_request_id(**kwargs):
    _request_id.set("-")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record a handler writes."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True


class RefusalFilter(logging.Filter):
    """Drops Django's own line about a refused request (403) that the audit log already records
    (handler403 and the CSRF failure view write one audit line each), and with it the traceback."""

    def filter(self, record):
        if getattr(record, "status_code", None) != 403:
            return True
        exception = record.exc_info[1] if record.exc_info else None
        return not (isinstance(exception, PermissionDenied) or record.name == "django.security.csrf")


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id; an audit line's fields as
    keys of their own; a traceback, if any, as one string."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", _request_id.get()),
        }
        for key, value in getattr(record, "audit", {}).items():
            entry.setdefault(key, value if isinstance(value, int | float | bool | None) else str(value))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
