"""Asks the portal's WSGI application (as gunicorn would) for each path given; prints the answers as JSON.

Run in a subprocess with the environment of a production node (tests/integration_portal/test_operations.py).
"""

import io
import json
import os
import sys
from pathlib import Path
from wsgiref.util import setup_testing_defaults

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from integration_portal.wsgi import application  # noqa: E402


def ask(path, scheme):
    environ = {"PATH_INFO": path, "HTTP_HOST": "integrationsportal.example.org", "wsgi.url_scheme": scheme}
    environ["HTTP_ACCEPT_ENCODING"] = "identity"
    if os.environ.get("PROBE_REQUEST_ID"):
        environ["HTTP_X_REQUEST_ID"] = os.environ["PROBE_REQUEST_ID"]
    environ["wsgi.errors"] = io.StringIO()
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = {name.lower(): value for name, value in headers}

    body = b"".join(application(environ, start_response))
    answer["body"] = body.decode("utf-8", errors="replace")[:50_000]
    return answer


if __name__ == "__main__":
    scheme, *paths = sys.argv[1:]
    print(json.dumps([ask(path, scheme) for path in paths]))
