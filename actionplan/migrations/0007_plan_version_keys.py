import uuid

from django.db import migrations

KEYED_MODELS = ("FieldOfAction", "Challenge", "Measure", "Indicator")


def give_each_row_its_own_key(apps, schema_editor):
    """The field's default was evaluated once for all existing rows; each row needs its own key.

    History records get the key of their row, so the history of one object keeps one key.
    """
    for name in KEYED_MODELS:
        model = apps.get_model("actionplan", name)
        historical = apps.get_model("actionplan", f"Historical{name}")
        keys = {}
        rows = list(model.objects.only("pk"))
        for row in rows:
            row.key = keys[row.pk] = uuid.uuid4()
        model.objects.bulk_update(rows, ["key"], batch_size=500)
        records = list(historical.objects.only("history_id", "id"))
        for record in records:
            # A deleted row's records share a key of their own.
            record.key = keys.setdefault(record.id, uuid.uuid4())
        historical.objects.bulk_update(records, ["key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("actionplan", "0006_plan_versions"),
    ]

    operations = [
        migrations.RunPython(give_each_row_its_own_key, migrations.RunPython.noop),
    ]
