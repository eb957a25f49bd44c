# The two commands of the README: `make run` and `make test`. Everything else is a step of those.
VENV := .venv
PY := $(VENV)/bin/python
HOST_PYTHON ?= python3
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test setup system-packages demo migrate browser lint security bench bench-survey messages-participation check-deploy clean

# DEBUG is off in the demo (the German error pages, as in production); --insecure lets runserver serve the
# static files all the same. Development server only: production serves them from STATIC_ROOT.
RUNSERVER_OPTIONS := --insecure

# The demo runs its background jobs (PDFs) as production does: one `run_worker` beside the server, stopped with it.
run: setup migrate demo
	$(PY) manage.py run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(RUNSERVER_OPTIONS) 127.0.0.1:8000

test: setup browser
	$(PY) -m pytest

setup: system-packages $(VENV)/.installed node_modules/.installed

# Reinstall whenever a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(HOST_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Front-end packages from npm, exactly as package-lock.json records them.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: setup
	$(PY) manage.py migrate --noinput

demo: setup
	$(PY) manage.py setup_demo

# Debian packages are installed where we may (as root with apt-get); otherwise the targets say how.
CAN_APT := [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null
APT_INSTALL := apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

# WeasyPrint subsets the PDFs' fonts with HarfBuzz (libharfbuzz-subset0); without it, it falls back to the
# slower, deprecated fontTools and `manage.py check` warns (integration_portal.W001).
system-packages:
	@if ! { ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | grep -q 'libharfbuzz-subset\.so\.0'; then \
		if $(CAN_APT); then \
			echo "Installing Debian's libharfbuzz-subset0 for the PDFs"; \
			$(APT_INSTALL) libharfbuzz-subset0 >/dev/null || echo "Could not install libharfbuzz-subset0" >&2; \
		else \
			echo "PDFs render faster with HarfBuzz's font subsetter: sudo apt-get install libharfbuzz-subset0" >&2; \
		fi; \
	fi

# Browser tests drive Debian's Chromium, the attack suite reads PDFs with pdftotext (poppler-utils) and runs
# the shipped nginx site (deploy/nginx/) with nginx.
NGINX := $(shell command -v nginx || ls /usr/sbin/nginx 2>/dev/null)
browser:
	@if [ ! -x "$(CHROMIUM)" ] || ! command -v pdftotext >/dev/null || [ -z "$(NGINX)" ]; then \
		if $(CAN_APT); then \
			echo "Installing Debian's chromium, poppler-utils and nginx-light for the tests"; \
			$(APT_INSTALL) chromium poppler-utils nginx-light >/dev/null; \
		else \
			echo "Tests need Chromium at $(CHROMIUM), pdftotext and nginx: sudo apt-get install chromium poppler-utils nginx-light" >&2; exit 1; \
		fi; \
	fi

# Benchmarks print figures and never fail on a slow machine.
bench: setup
	$(PY) -m pytest benchmarks -q -s -p no:cacheprovider -o python_files="bench_*.py"

# 20 clients submit 2,000 survey responses to gunicorn with PostgreSQL and Redis (see benchmarks/bench_survey.py).
bench-survey: setup
	$(PY) benchmarks/bench_survey.py

# The participation catalogues: German gets every string, the survey languages only what respondents read.
SURVEY_LANGUAGES := en ar fa uk ru tr de_LS
messages-participation: setup
	cd participation && ../$(PY) ../manage.py makemessages -l de --no-location --no-wrap
	cd participation && ../$(PY) ../manage.py makemessages $(addprefix -l ,$(SURVEY_LANGUAGES)) --no-location --no-wrap \
		-i admin.py -i forms.py -i models.py -i views.py -i selectors.py -i services.py -i signals.py -i translated.py -i apps.py \
		-i process_detail.html -i traceability.html -i evaluation.html -i includes -i widgets -i migrations
	@echo "Translate every new msgstr, then: cd participation && ../$(PY) ../manage.py compilemessages"

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

# Bandit over the project's code (configuration: .bandit.yml); any finding fails. Each `# nosec` says why.
security: setup
	$(VENV)/bin/bandit -c .bandit.yml -r . -q

check-deploy: setup
	DJANGO_SETTINGS_MODULE=integration_portal.settings.production \
	SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") \
	ALLOWED_HOSTS=integrationsportal.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles .pytest_cache
