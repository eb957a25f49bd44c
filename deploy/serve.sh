#!/usr/bin/env bash
# `make serve`: the production stack of one machine in the foreground. The production settings with PostgreSQL
# and Redis at DATABASE_URL and REDIS_URL (environment or .env), migrate, collectstatic, then gunicorn
# (deploy/gunicorn.conf.py: WEB_CONCURRENCY workers on GUNICORN_BIND) and the task worker, both logging to
# stdout. Ctrl-C (or either process ending) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
export DJANGO_SETTINGS_MODULE=integration_portal.settings.production

"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput -v 0

pids=()
stop() {
    trap - INT TERM EXIT
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
}
# A signal during migrate or collectstatic ends the script there too, not only once the servers run.
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT
"$(dirname "$PY")/gunicorn" -c deploy/gunicorn.conf.py integration_portal.wsgi:application &
pids+=("$!")
"$PY" manage.py run_worker &
pids+=("$!")
# Whichever ends first (or Ctrl-C) ends the other: never a web node without its worker.
wait -n
