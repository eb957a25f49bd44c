"""Timing pages and downloads through a live server, as a browser would fetch them."""

import statistics
import time
import urllib.request

from django.conf import settings


def timed_requests(url: str, session_key: str | None = None, count: int = 30) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds of `count` requests, after one that warms up caches."""
    opener = urllib.request.build_opener()
    if session_key:
        opener.addheaders = [("Cookie", f"{settings.SESSION_COOKIE_NAME}={session_key}")]
    durations = []
    for _ in range(count + 1):
        start = time.perf_counter()
        with opener.open(url) as response:
            assert response.status == 200
            response.read()
        durations.append((time.perf_counter() - start) * 1000)
    durations = sorted(durations[1:])  # the first request warms up templates and caches
    return statistics.median(durations), durations[int(len(durations) * 0.95) - 1]
