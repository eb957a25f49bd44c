"""A browser without JavaScript over real HTTP(S): cookies, the CSRF token, forms as shown. Used by the two-node
stack test and the stack's load benchmark (benchmarks/bench_stack.py)."""

import functools
import http.client
import re
import ssl
import urllib.parse
from dataclasses import dataclass

from ..admin_forms import form_fields

HOST = "integrationsportal.example.org"
PASSWORD = "Demo-Passwort-2025"  # the demo accounts' published password (README)


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every connection: making one reads the system's certificates, which costs the load
    benchmark's client more than the requests it sends."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the stack's own throw-away certificate
    return context


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode()

    def header(self, name):
        return self.headers.get(name)


class Browser:
    """One client on one connection (kept alive): through nginx over HTTPS, or straight to an app node, which
    then believes X-Forwarded-Proto (and X-Forwarded-For: `client`) from 127.0.0.1 as from nginx."""

    def __init__(self, port, *, secure=True, client=None, timeout=60):
        self.port, self.secure, self.timeout = port, secure, timeout
        self.cookies = {}
        self.extra = {} if secure else {"X-Forwarded-Proto": "https"}
        if client:
            self.extra["X-Forwarded-For"] = client
        self.connection = None
        self.sent = 0  # requests sent (the load benchmark's HTTP requests/s)

    def _connect(self):
        if self.secure:
            return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=self.timeout, context=_tls())
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)

    def request(self, method, path, data=None):
        headers = {"Host": HOST, "Origin": f"https://{HOST}", **self.extra}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # a kept-alive connection the server closed meanwhile is opened once more
            self.connection = self.connection or self._connect()
            self.sent += 1
            try:
                self.connection.request(method, path, body=body, headers=headers)
                answer = self.connection.getresponse()
                response = Response(answer.status, answer.headers, answer.read())
                break
            except (http.client.HTTPException, ConnectionError):
                self.close()
                if attempt == 2:
                    raise
        if response.header("Connection") == "close":
            self.close()
        self._remember_cookies(response)
        return response

    def _remember_cookies(self, response):
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in cookie.lower() or value in ("", '""'):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def get(self, path):
        return self.request("GET", path)

    def submit(self, path, changes=None, form_id=None, choose=None):
        """GET the page, then POST its form as shown, with `changes` applied and `choose(options)` ticked."""
        page = self.get(path)
        assert page.status == 200, (path, page.status)
        data, options = form_fields(page.text, form_id)
        data.update(choose(options) if choose else {})
        data.update(changes or {})
        return self.request("POST", path, data)

    def log_in(self, username, password=PASSWORD):
        return self.submit("/accounts/login/", {"username": username, "password": password})

    def log_out(self):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get("/").text)
        return self.request("POST", "/accounts/logout/", {"csrfmiddlewaretoken": token[1]})

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None
