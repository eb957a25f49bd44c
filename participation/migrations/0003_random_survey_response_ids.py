"""Survey responses and answers get random UUIDs instead of sequential ids.

The tables are rebuilt: new tables are created, the rows copied over in random order (so that not even
the physical order of the new rows follows the old ids), the old tables dropped and the new ones renamed.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models

LANGUAGE_CHOICES = [
    ("de", "Deutsch"),
    ("de-ls", "Leichte Sprache"),
    ("en", "English"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("tr", "Türkçe"),
]


def copy_in_random_order(apps, schema_editor):
    old_response = apps.get_model("participation", "SurveyResponse")
    old_answer = apps.get_model("participation", "SurveyAnswer")
    new_response = apps.get_model("participation", "RandomSurveyResponse")
    new_answer = apps.get_model("participation", "RandomSurveyAnswer")
    new_ids = {}
    for response in old_response.objects.order_by("?").iterator():
        new_ids[response.pk] = new_response.objects.create(
            survey_id=response.survey_id, language=response.language, submitted_on=response.submitted_on
        ).pk
    batch = []
    for answer in old_answer.objects.order_by("?").iterator():
        batch.append(
            new_answer(
                response_id=new_ids[answer.response_id],
                question_id=answer.question_id,
                option_id=answer.option_id,
                scale_value=answer.scale_value,
                text=answer.text,
            )
        )
        if len(batch) >= 1000:
            new_answer.objects.bulk_create(batch)
            batch = []
    new_answer.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0002_history_path_column"),
    ]

    operations = [
        migrations.CreateModel(
            name="RandomSurveyResponse",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("language", models.CharField(choices=LANGUAGE_CHOICES, max_length=8, verbose_name="language")),
                ("submitted_on", models.DateField(verbose_name="submitted on")),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="participation.survey",
                        verbose_name="survey",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="RandomSurveyAnswer",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("scale_value", models.SmallIntegerField(blank=True, null=True, verbose_name="scale value")),
                (
                    "text",
                    models.TextField(
                        blank=True, help_text="Free text, or the text of an “other” answer.", verbose_name="text"
                    ),
                ),
                (
                    "option",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="participation.surveyoption",
                        verbose_name="option",
                    ),
                ),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="participation.surveyquestion",
                        verbose_name="question",
                    ),
                ),
                (
                    "response",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="participation.randomsurveyresponse",
                        verbose_name="survey response",
                    ),
                ),
            ],
        ),
        migrations.RunPython(copy_in_random_order, migrations.RunPython.noop),
        migrations.DeleteModel(name="SurveyAnswer"),
        migrations.DeleteModel(name="SurveyResponse"),
        migrations.RenameModel(old_name="RandomSurveyResponse", new_name="SurveyResponse"),
        migrations.RenameModel(old_name="RandomSurveyAnswer", new_name="SurveyAnswer"),
        migrations.AlterModelOptions(
            name="surveyresponse",
            options={"ordering": ["pk"], "verbose_name": "survey response", "verbose_name_plural": "survey responses"},
        ),
        migrations.AlterModelOptions(
            name="surveyanswer",
            options={"ordering": ["pk"], "verbose_name": "survey answer", "verbose_name_plural": "survey answers"},
        ),
        migrations.AlterField(
            model_name="surveyresponse",
            name="survey",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="responses",
                to="participation.survey",
                verbose_name="survey",
            ),
        ),
        migrations.AlterField(
            model_name="surveyanswer",
            name="option",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="participation.surveyoption",
                verbose_name="option",
            ),
        ),
        migrations.AlterField(
            model_name="surveyanswer",
            name="question",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="participation.surveyquestion",
                verbose_name="question",
            ),
        ),
        migrations.AlterField(
            model_name="surveyanswer",
            name="response",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="participation.surveyresponse",
                verbose_name="survey response",
            ),
        ),
    ]
