"""Load benchmark of the public survey: 20 clients submit 2,000 responses to gunicorn with PostgreSQL.

Run with `make bench-survey` (or `.venv/bin/python benchmarks/bench_survey.py`). It creates a fresh
PostgreSQL database (BENCH_DATABASE_URL, default ip_participation_bench on 127.0.0.1), migrates it,
builds a survey with one question of each kind, starts gunicorn with the production settings and
Redis as the cache, lets CLIENTS threads submit RESPONSES answers over HTTP (each client first loads
the form for its CSRF cookie and token, as a browser would), and then checks that exactly RESPONSES
complete responses were stored. It prints throughput and latency and fails only if answers were
lost or refused, never because the machine is slow.

The rate limit stays on (it runs through Redis on every submission) but is raised, since all clients
share one address here: SURVEY_RATE_LIMIT=1000000.
"""

import http.client
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 20))
RESPONSES = int(os.environ.get("BENCH_RESPONSES", 2000))
WORKERS = int(os.environ.get("BENCH_WORKERS", 4))
PORT = int(os.environ.get("BENCH_PORT", 8799))
# Persistent connections, as production should run (DATABASE_URL=…?conn_max_age=600).
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ip_participation_bench?conn_max_age=600"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")

ENVIRONMENT = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "integration_portal.settings.production",
    "DATABASE_URL": DATABASE_URL,
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",  # no TLS proxy in front of gunicorn here
    "REDIS_URL": REDIS_URL,
    "SURVEY_RATE_LIMIT": "1000000",
    "LOG_LEVEL": "WARNING",
}


def recreate_database():
    import psycopg2

    url = urllib.parse.urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    connection = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=ENVIRONMENT, check=True)


def django_setup():
    os.environ.update(ENVIRONMENT)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build_survey():
    from integration_portal.models import District
    from tests.participation.factories import build_survey as build

    district = District.objects.create(name="Kreis Benchmark", short_name="KB", slug="benchmark")
    parts = build(district)
    # Looked up once, so that the client threads put no load on the database.
    parts["single_options"] = list(parts["single"].options.all())
    parts["multiple_options"] = list(parts["multiple"].options.all())
    return parts


def form_data(parts, token, i):
    single, multiple, scale, text = (parts[k] for k in ("single", "multiple", "scale", "text"))
    options, choices = parts["single_options"], parts["multiple_options"]
    return urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            f"q{single.pk}": options[i % len(options)].pk,
            f"q{multiple.pk}": [choices[i % len(choices)].pk, "other"],
            f"q{multiple.pk}_other": f"Antwort {i}",
            f"q{scale.pk}": str(1 + i % 5),
            f"q{text.pk}": "Mehr Sprachkurse am Abend und Kinderbetreuung während der Kurse.",
            "website": "",
        },
        doseq=True,
    )


def client(parts, path, count, offset, latencies, errors):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    connection.request("GET", path)
    page = connection.getresponse()
    body = page.read().decode()
    cookie = page.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    for i in range(offset, offset + count):
        body = form_data(parts, token, i)
        start = time.perf_counter()
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
        except (http.client.HTTPException, OSError):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
        latencies.append(time.perf_counter() - start)
        if response.status != 302:
            errors.append(response.status)
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    connection.close()


def wait_for_server(path):
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def main():
    recreate_database()
    django_setup()
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count

    from participation.models import SurveyResponse

    cache.clear()
    parts = build_survey()
    survey = parts["survey"]
    path = f"/survey/de/{survey.pk}/"
    connection.close()
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn with fixed arguments
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "integration_portal.wsgi:application",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENVIRONMENT,
    )
    try:
        wait_for_server(path)
        latencies, errors, threads = [], [], []
        per_client = RESPONSES // CLIENTS
        start = time.perf_counter()
        for n in range(CLIENTS):
            count = per_client + (1 if n < RESPONSES % CLIENTS else 0)
            thread = threading.Thread(target=client, args=(parts, path, count, n * per_client, latencies, errors))
            threads.append(thread)
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    # A complete response holds all five answers: single, multiple (option and “other”), scale, text.
    stored = SurveyResponse.objects.filter(survey=survey).count()
    complete = SurveyResponse.objects.filter(survey=survey).annotate(n=Count("answers")).filter(n=5).count()
    latencies.sort()
    print(
        f"\nsurvey submissions: {len(latencies)} by {CLIENTS} clients to gunicorn ({WORKERS} workers), "
        f"PostgreSQL, Redis cache\n"
        f"throughput {len(latencies) / elapsed:.1f} submissions/s over {elapsed:.1f} s; "
        f"latency p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.1f} ms\n"
        f"errors: {len(errors)}{' ' + str(sorted(set(errors))) if errors else ''}; "
        f"responses stored: {stored}, complete: {complete} (expected {RESPONSES})"
    )
    if errors or stored != RESPONSES or complete != RESPONSES:
        raise SystemExit("FAILED: submissions were refused or lost")


if __name__ == "__main__":
    main()
