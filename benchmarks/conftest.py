"""The benchmarks' test database: on SQLite a file, as in the tests, so a worker process can open it too."""

from tests.conftest import django_db_modify_db_settings  # noqa: F401 (the fixture)
