"""gunicorn for the Integrationsportal behind nginx (deploy/nginx/integrationsportal.conf).

    gunicorn -c deploy/gunicorn.conf.py integration_portal.wsgi:application

Run from the project folder with the production environment (SECURITY.md). Requests to the survey are
logged without client address and user agent (integration_portal.accesslog.SurveyPrivacyLogger).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Worker processes per node: WEB_CONCURRENCY (gunicorn's own name), by default two per CPU and one more.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# Threads per worker: a request waiting for PostgreSQL, Redis or a slow client holds a thread, not a process.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
# Longer than nginx's proxy_read_timeout (60 s), so nginx answers a slow request first.
timeout = 75
graceful_timeout = 30
keepalive = 5
# gunicorn's control socket (~/.gunicorn/gunicorn.ctl) would be one path for every node on a machine, and the
# hardened units give it no home to write to; systemd starts, reloads and stops the nodes instead.
control_socket_disable = True

# Whether a request came over HTTPS is decided by the portal, from TRUSTED_PROXIES only; gunicorn's own
# reading of X-Forwarded-Proto (from forwarded_allow_ips) is switched off so there is one rule, not two.
secure_scheme_headers = {}

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
logger_class = "integration_portal.accesslog.SurveyPrivacyLogger"
# Address, user, time, request, status, size, referrer, user agent, duration, the request id from nginx.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(L)s %({x-request-id}i)s'
