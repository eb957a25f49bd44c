"""How long texts may be: one place for the limits of every text field.

Every form shows the limit before submitting (`maxlength`, and a counter under long texts, static/js/
counter.js); the server refuses longer texts with a message, in the admin, the browser forms and imports.
"""

from django.core.validators import MaxLengthValidator
from django.db import models

# One statement: a challenge, a measure, an indicator, a finding, a short note.
SHORT_TEXT = 2_000
# A description, a comment, a report, a note with reasons.
TEXT = 5_000
# An introduction, a resolution proposal, a documentation of a format.
LONG_TEXT = 20_000
# A council paper's statement of facts (Sachverhalt): about 15 printed pages.
PAPER_TEXT = 50_000
# Texts at least this long get a visible counter of the characters left.
COUNTER_FROM = 500


class LimitedTextField(models.TextField):
    """A TextField whose max_length is checked by the model too (Django checks it only in forms), so an
    import or a service refuses what the form would refuse."""

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    @property
    def validators(self):
        return [*super().validators, MaxLengthValidator(self.max_length)]
