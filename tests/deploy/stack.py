"""A production-like stack on this machine: PostgreSQL, Redis, one media folder, app node A started by
`make serve`'s script (gunicorn and the task worker), app node B (gunicorn alone) and nginx over HTTPS in
front of both, with the demo data. Used by the two-node stack test and benchmarks/bench_stack.py."""

import json
import os
import signal
import subprocess
import urllib.parse
from pathlib import Path

import psycopg2
import redis

from ..integration_portal.production_node import (
    free_port,
    manage,
    nginx_binary,
    production_environment,
    wait_for,
    write_nginx_config,
)
from .browser import HOST

ROOT = Path(__file__).resolve().parent.parent.parent

# The ids the stack's users work with, read from the demo data once it is loaded.
LOAD_DEMO = "from django.core.management import call_command\ncall_command('setup_demo')\n"
DESCRIBE = """
import json
from actionplan.models import Measure
from papers.models import CouncilPaper
from participation.models import Survey
draft = CouncilPaper.objects.get(reference="VO/2025/246")
released = CouncilPaper.objects.filter(status="done", is_public=True).select_related("district").first()
measure = Measure.objects.filter(challenge__field__plan=draft.annex_plan).order_by("pk").first()
print(json.dumps({
    "district": draft.district.slug, "plan": draft.annex_plan_id, "draft": draft.pk,
    "released": released.pk, "released_district": released.district.slug,
    "measure": measure.pk, "measures": list(Measure.objects.filter(challenge__field__plan=draft.annex_plan)
    .values_list("pk", flat=True)), "survey": Survey.objects.get().pk,
}))
"""


def recreate_database(url):
    parts = urllib.parse.urlparse(url)
    connection = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username, dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{parts.path.lstrip("/")}"')
    connection.close()


def query(url, sql, *args):
    """One row of the stack's database, as an operator would read (or change) it with psql."""
    connection = psycopg2.connect(url.split("?", 1)[0])
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(sql, args)
            return cursor.fetchone()
    finally:
        connection.close()


def empty_stores(environment):
    """An empty database (node A's `make serve` migrates it) and an empty Redis database."""
    recreate_database(environment["DATABASE_URL"])
    redis.Redis.from_url(environment["REDIS_URL"]).flushdb()


def load_demo(environment):
    """The demo data in the migrated database (the development settings create the demo accounts); its ids."""
    development = {**environment, "DJANGO_SETTINGS_MODULE": "integration_portal.settings.dev"}
    output = manage(development, "shell", "-v", "0", "-c", LOAD_DEMO + DESCRIBE).stdout
    return json.loads(output.splitlines()[-1])


def stack_environment(folder, database_url, redis_url, **overrides):
    return production_environment(
        folder,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        ALLOWED_HOSTS=HOST,
        TRUSTED_PROXIES="127.0.0.1",
        IMPORT_UPLOAD_DIR=str(folder / "imports"),
        **overrides,
    )


class Stack:
    """Node A (`deploy/serve.sh`: migrate, collectstatic, gunicorn, worker), node B (gunicorn) and nginx."""

    def __init__(self, folder, environment):
        self.folder, self.environment = folder, environment
        self.ports = {name: free_port() for name in ("a", "b", "http", "https")}
        self.processes = {}

    def start(self, meanwhile=lambda: None):
        """Start the stack; `meanwhile()` (e.g. loading the data) runs while node B and nginx boot: its result."""
        gunicorn = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "deploy/gunicorn.conf.py"]
        self._start("a", ["deploy/serve.sh"], GUNICORN_BIND=f"127.0.0.1:{self.ports['a']}")
        # Node B starts once A's script has migrated and collected the static files, as after a release.
        wait_for(self.ports["a"], process=self.processes["a"], log=self.log("a"), seconds=180)
        self._start(
            "b", [*gunicorn, "integration_portal.wsgi:application"], GUNICORN_BIND=f"127.0.0.1:{self.ports['b']}"
        )
        conf = write_nginx_config(
            self.folder, [self.ports["a"], self.ports["b"]], self.ports["http"], self.ports["https"]
        )
        self._start("nginx", [nginx_binary(), "-p", str(self.folder), "-c", str(conf), "-g", "daemon off;"])
        result = meanwhile()
        for name in ("b", "https"):
            wait_for(self.ports[name], process=self.processes.get(name), log=self.log(name))
        return result

    def _start(self, name, command, **environment):
        with open(self.folder / f"{name}.log", "wb") as log:
            # Their own session: a Ctrl-C of the test run reaches them only through stop().
            self.processes[name] = subprocess.Popen(  # noqa: S603 - our own commands
                command,
                cwd=ROOT,
                env={**self.environment, "PY": str(ROOT / ".venv" / "bin" / "python"), **environment},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log(self, name):
        return self.folder / f"{name}.log"

    def node_that_answered(self, request_id):
        """'a' or 'b': the app node whose access log has the request id nginx gave a request."""
        (node,) = [name for name in ("a", "b") if request_id in self.log(name).read_text()]
        return node

    def children(self, name):
        """Processes started by node `name`'s script (gunicorn, the worker)."""
        pid = self.processes[name].pid
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]

    def stop(self):
        """Ctrl-C for node A's script (which stops its gunicorn and worker), SIGTERM for the others."""
        for name, process in self.processes.items():
            process.send_signal(signal.SIGINT if name == "a" else signal.SIGTERM)
        return {name: self._ended(process) for name, process in self.processes.items()}

    @staticmethod
    def _ended(process):
        try:
            return process.wait(timeout=60)
        except subprocess.TimeoutExpired:  # e.g. stopped while still migrating: the whole group goes
            os.killpg(process.pid, signal.SIGKILL)
            return process.wait(timeout=10)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
