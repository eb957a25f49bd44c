"""Background jobs the users see: a `Job` row per piece of work, run by `manage.py run_worker`.

The engine is Django's tasks API (the `django-tasks` backport, database backend `django-tasks-db`): the
queue is rows in the portal's own database. Apps add a kind of job with `registry.register(...)` and start
one with `services.job_enqueue(...)`; the worker runs it through `tasks.run_job`.
"""
