"""Counting the database work of a request, independent of the backend's transaction statements."""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

DATA_STATEMENTS = ("SELECT", "INSERT", "UPDATE", "DELETE")


@contextmanager
def count_queries():
    """Yields a list that holds, after the block, the SQL of every data statement run in it.

    SQLite logs BEGIN and SAVEPOINT statements that PostgreSQL does not, so only data statements count; a UNION
    begins with its first part's parenthesis on PostgreSQL.
    """
    statements = []
    with CaptureQueriesContext(connection) as context:
        yield statements
    statements.extend(
        q["sql"] for q in context.captured_queries if q["sql"].lstrip(" (").upper().startswith(DATA_STATEMENTS)
    )
