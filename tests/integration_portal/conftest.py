import io
import json
import logging

import pytest

from integration_portal.logging import JSONFormatter, RequestIdFilter


@pytest.fixture
def log_lines():
    """Every line the root and the audit logger write while the test runs, formatted as JSON lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(), logging.getLogger("integration_portal.audit")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)
