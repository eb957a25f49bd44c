"""The databases keep rows in the order they were inserted (SQLite's row numbers, PostgreSQL's physical
row positions), random ids or not. Rewriting the survey's tables in the order of their random ids leaves
nothing of the order of submissions; `manage.py purge_expired` does it every night, so at most the
responses of one day (the day is stored anyway) are still in the order they came in."""

from django.db import connection

from .models import SurveyAnswer, SurveyResponse

TABLES = (SurveyResponse._meta.db_table, SurveyAnswer._meta.db_table)


def shuffle_storage_order() -> int:
    """Rewrite the survey tables in the order of their random ids; returns the number of tables rewritten."""
    if connection.vendor == "postgresql":
        return _cluster_postgresql()
    if connection.vendor == "sqlite":
        return _renumber_sqlite()
    return 0


def _cluster_postgresql() -> int:
    with connection.cursor() as cursor:
        for table in TABLES:
            constraints = connection.introspection.get_constraints(cursor, table)
            (primary,) = [name for name, info in constraints.items() if info["primary_key"]]
            table_name, index_name = connection.ops.quote_name(table), connection.ops.quote_name(primary)
            # Names from the models and the database's catalogue, never from input.
            cursor.execute(f"CLUSTER {table_name} USING {index_name}")
    return len(TABLES)


def _renumber_sqlite() -> int:
    with connection.cursor() as cursor:
        for table in TABLES:
            name = connection.ops.quote_name(table)
            # Negative first, so that no new row number collides with an old one. The name is the model's own.
            cursor.execute(f"UPDATE {name} SET rowid = -rowid")  # noqa: S608 # nosec B608
            ranked = f"SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM {name}"  # noqa: S608 # nosec B608
            cursor.execute(f"UPDATE {name} SET rowid = ranked.n FROM ({ranked}) AS ranked WHERE {name}.id = ranked.id")  # noqa: S608 # nosec B608
    return len(TABLES)
