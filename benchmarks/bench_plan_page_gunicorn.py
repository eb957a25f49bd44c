"""The public plan page through gunicorn with the production settings, PostgreSQL and Redis.

Run `make bench-plan-page` (`python benchmarks/bench_plan_page_gunicorn.py`). It recreates the PostgreSQL
database of `BENCH_DATABASE_URL` (default ip_plan_page_bench on 127.0.0.1), collects the static files into a
temporary folder, builds a plan of the seed's size (38 measures) and one of 2,000, starts gunicorn
(`BENCH_WORKERS`, default 4, on `BENCH_PORT`) and prints, per plan, p50/p95 of single requests with the tables
cached and with an empty cache, and the requests per second of `BENCH_CLIENTS` (20) clients for
`BENCH_SECONDS` (10). Only 127.0.0.1 is used; it never fails on speed, only on an error response.
"""

import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ip_plan_page_bench?conn_max_age=600"
PORT = int(os.environ.get("BENCH_PORT", 8799))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 20))
SECONDS = float(os.environ.get("BENCH_SECONDS", 10))
SINGLE_REQUESTS = 30
TARGET_MS = 150
TARGET_RPS = 150


def get(connection: http.client.HTTPConnection, path: str) -> float:
    start = time.perf_counter()
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")
    return (time.perf_counter() - start) * 1000


def single_requests(path: str, empty_cache: bool) -> tuple[float, float]:
    from django.core.cache import cache

    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    durations = []
    for _ in range(SINGLE_REQUESTS + 1):
        if empty_cache:
            cache.clear()
        durations.append(get(connection, path))
    durations = sorted(durations[1:])
    return statistics.median(durations), durations[int(len(durations) * 0.95) - 1]


def load(path: str) -> tuple[float, float]:
    """Requests per second and p95 of CLIENTS clients asking for `path` for SECONDS."""
    latencies, stop = [], time.perf_counter() + SECONDS

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        while time.perf_counter() < stop:
            latencies.append(get(connection, path))

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return len(latencies) / elapsed, latencies[int(len(latencies) * 0.95) - 1]


def main():
    # The survey benchmark's database, cache and gunicorn settings, with this benchmark's own database.
    os.environ.setdefault("BENCH_DATABASE_URL", DATABASE_URL)
    sys.path.insert(0, str(ROOT))
    from benchmarks import bench_survey as stack

    static_root = tempfile.mkdtemp(prefix="plan-page-bench-static-")
    stack.ENVIRONMENT["STATIC_ROOT"] = static_root
    stack.recreate_database()
    subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=stack.ENVIRONMENT, check=True
    )
    stack.django_setup()
    from django.core.cache import cache
    from django.db import connection

    from tests.factories import DistrictFactory, build_plan

    cache.clear()
    district = DistrictFactory()
    paths = {size: build_plan(district=district, measures=size).get_absolute_url() for size in (38, 2000)}
    connection.close()
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn with fixed arguments
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "deploy/gunicorn.conf.py", "integration_portal.wsgi:application"],
        cwd=ROOT,
        env={
            **stack.ENVIRONMENT,
            "GUNICORN_BIND": f"127.0.0.1:{PORT}",
            "GUNICORN_WORKERS": str(stack.WORKERS),
            "GUNICORN_ACCESS_LOG": os.devnull,
        },
    )
    try:
        stack.wait_for_server(paths[38])
        for size, path in paths.items():
            cold = single_requests(path, empty_cache=True)
            warm = single_requests(path, empty_cache=False)
            rps, p95 = load(path)
            print(
                f"\npublic plan page, {size} measures, gunicorn ({stack.WORKERS} workers), PostgreSQL, Redis: "
                f"single requests p50 {warm[0]:.1f} ms, p95 {warm[1]:.1f} ms (target ≤ {TARGET_MS} ms), "
                f"empty cache p50 {cold[0]:.1f} ms, p95 {cold[1]:.1f} ms; "
                f"{CLIENTS} clients: {rps:.1f} requests/s (target ≥ {TARGET_RPS}), p95 {p95:.1f} ms"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
