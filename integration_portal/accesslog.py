"""Access log lines of the survey without client address or user agent.

A web server's log records who sent each request and when; the survey's anonymity must not hang on the
log's retention. The same rule is in the nginx site (deploy/nginx/integrationsportal.conf): keep them in step.
"""

import re

from gunicorn.glogging import Logger

# The survey's addresses: /umfrage/… today and /survey/…, its English address.
SURVEY_PATH = re.compile(r"^/(umfrage|survey)(/|$)")
# Atoms that name the client: address, remote user, user agent, and headers that carry an address.
CLIENT_ATOMS = ("h", "u", "a", "{user-agent}i", "{x-forwarded-for}i", "{x-real-ip}i", "{forwarded}i")


def is_survey_path(path: str) -> bool:
    return bool(SURVEY_PATH.match(path or ""))


class SurveyPrivacyLogger(Logger):
    """gunicorn's logger, writing "-" for the client's address and user agent on survey requests."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if is_survey_path(environ.get("PATH_INFO", "")):
            for key in CLIENT_ATOMS:
                if key in atoms:
                    atoms[key] = "-"
        return atoms
