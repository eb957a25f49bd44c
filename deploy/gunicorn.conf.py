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
# Synchronous workers, one request at a time per process: the portal's pages are Python work, and a process
# takes a connection only when it is free, so a quick download never waits behind a long page in a busy
# process (threads of one process take turns on its interpreter lock; a threaded process also takes new
# connections while busy). nginx buffers requests and answers, so a slow client never holds a process.
worker_class = "sync"
# Longer than nginx's proxy_read_timeout (60 s), so nginx answers a slow request first.
timeout = 75
graceful_timeout = 30
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
