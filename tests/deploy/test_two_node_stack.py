"""The production-like stack of deploy/ as a district's IT runs it: nginx over HTTPS in front of two app nodes
sharing PostgreSQL, Redis and one media folder, plus the task worker (node A is started by `make serve`'s
script). A smoke test through nginx, and what must hold whichever node answers: sessions, the login lockout and
the survey's rate limit.

PostgreSQL even when the suite runs on SQLite: TWO_NODE_DATABASE_URL, by default DATABASE_URL's server with the
database `<name>_two_node` (integration_portal_two_node for SQLite). Redis: TWO_NODE_REDIS_URL (default db 2)."""

import os
import re
import subprocess
import time
import urllib.parse

import pytest

from ..papers.pdftext import squeeze
from .browser import Browser
from .stack import Stack, alive, empty_stores, load_demo, query, stack_environment

NEW_TEXT = "Sprachcafé im Stadtteilzentrum an zwei Abenden pro Woche"


def stack_database_url():
    if "TWO_NODE_DATABASE_URL" in os.environ:
        return os.environ["TWO_NODE_DATABASE_URL"]
    url = urllib.parse.urlparse(os.environ.get("DATABASE_URL", ""))
    if url.scheme.startswith("postgres"):
        return url._replace(path=f"{url.path}_two_node", query="").geturl()
    return "postgres://postgres@127.0.0.1:5432/integration_portal_two_node"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stack")
    environment = stack_environment(
        folder,
        stack_database_url(),
        os.environ.get("TWO_NODE_REDIS_URL", "redis://127.0.0.1:6379/2"),
        WEB_CONCURRENCY="1",
        # The worker at the nodes' priority: the test run's other process keeps the cores busy meanwhile.
        JOBS_WORKER_IDLE_PRIORITY="false",
        AXES_FAILURE_LIMIT="3",
        SURVEY_RATE_LIMIT="3",
    )
    empty_stores(environment)
    stack = Stack(folder, environment)
    try:
        stack.demo = stack.start(meanwhile=lambda: load_demo(environment))
        yield stack
    finally:
        stack.stop()


def pdf_text(pdf):
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)  # noqa: S607
    return squeeze(result.stdout.decode())


def survey_answers(options):
    """The first offered answer of every question: what a respondent in a hurry ticks."""
    return {name: values[:1] for name, values in options.items()}


def test_kit_works_through_nginx_and_the_worker_updates_the_paper_pdf_seen_on_the_other_node(stack):
    demo = stack.demo
    kit = Browser(stack.ports["https"])
    assert kit.log_in("kit").status == 302
    plan = kit.get(f"/districts/{demo['district']}/plans/{demo['plan']}/")
    assert plan.status == 200 and "Integrationskonzept" in plan.text
    saved = kit.submit(f"/admin/actionplan/measure/{demo['measure']}/change/", {"text": NEW_TEXT, "_save": "1"})
    assert saved.status == 302, saved.text[:2000]
    assert query(
        stack.environment["DATABASE_URL"], "select text from actionplan_measure where id=%s", demo["measure"]
    ) == (NEW_TEXT,)
    # The PDF is fetched from the node that did not take the save, with kit's session from nginx.
    other = {"a": "b", "b": "a"}[stack.node_that_answered(saved.header("X-Request-ID"))]
    direct = Browser(stack.ports[other], secure=False)
    direct.cookies = dict(kit.cookies)
    deadline, text = time.monotonic() + 60, ""
    while squeeze(NEW_TEXT) not in text:
        assert time.monotonic() < deadline, "the paper's PDF never showed the saved measure"
        pdf = direct.get(f"/districts/{demo['district']}/papers/{demo['draft']}/pdf/")
        text = pdf_text(pdf.body) if pdf.status == 200 and pdf.body.startswith(b"%PDF") else ""
        time.sleep(0.5)
    assert "VO/2025/246" in text
    # Rendered by the worker (node A's), not inside a web request.
    rendered = "select count(*) from integration_portal_job where kind='paper_pdf' and state='done'"
    assert query(stack.environment["DATABASE_URL"], rendered)[0] >= 1

    respondent = Browser(stack.ports["https"])
    before = query(stack.environment["DATABASE_URL"], "select count(*) from participation_surveyresponse")[0]
    answered = respondent.submit(f"/survey/de/{demo['survey']}/", choose=survey_answers)
    assert answered.status == 302 and answered.header("Location").endswith("/thanks/")
    assert (
        query(stack.environment["DATABASE_URL"], "select count(*) from participation_surveyresponse")[0] == before + 1
    )

    assert kit.log_out().status == 302
    assert kit.get("/steering/").header("Location").startswith("/accounts/login/")


def test_both_nodes_are_ready_with_the_worker_heartbeat(stack):
    deadline = time.monotonic() + 60
    for node in ("a", "b"):
        while (ready := Browser(stack.ports[node], secure=False).get("/readyz")).status != 200:
            assert time.monotonic() < deadline, ready.text
            time.sleep(1)
    assert Browser(stack.ports["https"]).get("/readyz").status == 200


def test_static_files_come_through_nginx_with_one_cache_rule(stack):
    page = Browser(stack.ports["https"]).get("/accounts/login/")
    (stylesheet,) = re.findall(r'href="(/static/[^"]+\.css)"', page.text)[:1]
    response = Browser(stack.ports["https"]).get(stylesheet)
    assert response.status == 200
    assert response.header("Cache-Control") == "max-age=315360000, public, immutable"
    assert response.header("Expires") is None


def test_a_session_from_one_node_holds_on_the_other_and_ends_on_both(stack):
    on_a = Browser(stack.ports["a"], secure=False)
    assert on_a.log_in("steering").status == 302
    on_b = Browser(stack.ports["b"], secure=False)
    on_b.cookies = dict(on_a.cookies)
    workspace = on_b.get("/steering/")
    assert workspace.status == 200 and "steering" in workspace.text
    assert on_b.log_out().status == 302
    assert on_a.get("/steering/").header("Location").startswith("/accounts/login/")


def test_failed_logins_on_one_node_lock_the_client_out_on_the_other(stack):
    on_a = Browser(stack.ports["a"], secure=False, client="203.0.113.21")
    # AXES_FAILURE_LIMIT=3: the third failure locks the client out.
    assert [on_a.log_in("committee", "falsch-falsch").status for _attempt in range(3)] == [200, 200, 429]
    locked = Browser(stack.ports["b"], secure=False, client="203.0.113.21")
    answer = locked.log_in("committee")
    assert answer.status == 429 and "Anmeldung gesperrt" in answer.text
    assert locked.get("/steering/").status == 302
    # Another client is not locked out: the password itself is right.
    assert Browser(stack.ports["b"], secure=False, client="203.0.113.22").log_in("committee").status == 302


def test_the_survey_limit_counts_submissions_on_both_nodes(stack):
    path = f"/survey/de/{stack.demo['survey']}/"
    statuses = [
        Browser(stack.ports[node], secure=False, client="203.0.113.31").submit(path, choose=survey_answers).status
        for node in ("a", "b", "a", "b", "a")
    ]
    assert statuses == [302, 302, 302, 429, 429]  # SURVEY_RATE_LIMIT=3


def test_ctrl_c_stops_the_served_node_with_its_worker(stack):
    children = stack.children("a")
    assert len(children) == 2  # gunicorn and the worker
    codes = stack.stop()
    assert all(code is not None for code in codes.values())
    assert not [pid for pid in children if alive(pid)]
    # Node B and nginx are gone too; a second stop at the end of the module finds nothing to do.
    stack.processes.clear()
