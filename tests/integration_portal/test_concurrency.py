"""Several people at once on the embedded default: parallel logins and survey submissions against a live
server get no error. On SQLite the test database is a file (tests/conftest.py), as in the demo."""

import http.client
import re
import threading
import urllib.parse

import pytest
from django.db import connection
from django.urls import reverse

from integration_portal import roles

from ..factories import PASSWORD, UserFactory
from ..participation.factories import build_survey

PEOPLE = 8
SUBMISSIONS_EACH = 4


def open_form(server, path):
    """GET a form as a browser does: its connection, CSRF cookie and token."""
    connection_ = http_connection(server)
    connection_.request("GET", path)
    page = connection_.getresponse()
    body = page.read().decode()
    assert page.status == 200, (path, page.status)
    cookie = page.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    return connection_, cookie, token


def http_connection(server):
    url = urllib.parse.urlsplit(server.url)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=60)


def post(connection_, path, cookie, data):
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    connection_.request("POST", path, body=urllib.parse.urlencode(data, doseq=True), headers=headers)
    response = connection_.getresponse()
    response.read()
    return response.status


def run_together(work, count):
    """Run `work(n, start)` in `count` threads that pass `start` (a barrier) together; collect the statuses."""
    start = threading.Barrier(count)
    statuses = []
    threads = [threading.Thread(target=lambda n=n: statuses.extend(work(n, start))) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


@pytest.fixture
def server(live_server, settings):
    # One client address for everybody here: the survey's rate limit would count them as one person.
    settings.SURVEY_RATE_LIMIT = 0
    if connection.vendor == "sqlite":
        assert connection.settings_dict["NAME"] != ":memory:" and "mode=memory" not in connection.settings_dict["NAME"]
    return live_server


@pytest.mark.django_db(transaction=True)
def test_people_logging_in_at_once_all_get_in(server, district):
    users = [UserFactory(username=f"person-{n}", district=district, role=roles.STEERING_GROUP) for n in range(PEOPLE)]
    path = reverse("login")

    def log_in(n, start):
        connection_, cookie, token = open_form(server, path)
        start.wait()
        data = {"csrfmiddlewaretoken": token, "username": users[n].username, "password": PASSWORD}
        return [post(connection_, path, cookie, data)]

    statuses = run_together(log_in, PEOPLE)
    assert statuses == [302] * PEOPLE


@pytest.mark.django_db(transaction=True)
def test_residents_answering_the_survey_at_once_are_all_stored(server, district):
    parts = build_survey(district)
    survey, single, multiple, scale, text = (parts[k] for k in ("survey", "single", "multiple", "scale", "text"))
    single_options, multiple_options = list(single.options.all()), list(multiple.options.all())
    path = reverse("participation:survey", kwargs={"language": "de", "pk": survey.pk})

    def answer(n, start):
        connection_, cookie, token = open_form(server, path)
        start.wait()
        statuses = []
        for i in range(SUBMISSIONS_EACH):
            data = {
                "csrfmiddlewaretoken": token,
                f"q{single.pk}": single_options[i % len(single_options)].pk,
                f"q{multiple.pk}": [multiple_options[n % len(multiple_options)].pk],
                f"q{scale.pk}": str(1 + i % 5),
                f"q{text.pk}": f"Antwort {n}-{i}",
                "website": "",
            }
            statuses.append(post(connection_, path, cookie, data))
        return statuses

    statuses = run_together(answer, PEOPLE)
    assert statuses == [302] * (PEOPLE * SUBMISSIONS_EACH)
    assert survey.responses.count() == PEOPLE * SUBMISSIONS_EACH
