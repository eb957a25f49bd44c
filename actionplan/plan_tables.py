"""The plan page's tables, one per field of action, kept rendered in the cache.

Rendering the tables of a 2,000-measure plan takes a second; reading them back takes a millisecond. Every
fragment's key holds the plan's generation, a random token kept in the cache: dropping all tables of a plan
is one write, with no scan of the cache. `signals.py` drops them on every save or delete that changes what
they show, `models.PlanPartQuerySet` on bulk writes that send no signals; raw SQL calls `drop_plan_tables`.

A table is the same for everybody of one audience (`table_audience`) and language. What depends on the role
of the user belongs outside the tables, on the page around them.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from integration_portal.context import bound
from integration_portal.kept_pages import drop_generation, generation, release
from integration_portal.models import User

from .models import FieldOfAction

GENERATION_KEY = "actionplan:tables:{plan_id}"
TABLE_KEY = "actionplan:table:{release}:{plan_id}:{generation}:{field_id}:{audience}:{language}"
TABLE_TEMPLATE = "actionplan/includes/field_body.html"

# Set while a writer that drops the tables itself at its end (the Excel import) runs: the signal
# handlers then skip their per-row lookups.
_held: ContextVar[bool] = ContextVar("plan_tables_held", default=False)


def table_audience(user: User) -> str:
    """Who a table is rendered for: all visitors alike, and the users of each district alike.

    Participation's findings in the tables depend on exactly this: public processes for everybody,
    non-public ones for the users of their district.
    """
    return f"district-{user.district_id}" if user.is_authenticated else "public"


def generation_key(plan_id: int) -> str:
    return GENERATION_KEY.format(plan_id=plan_id)


def plan_generation(plan_id: int) -> str:
    """The plan's current generation: part of the key of everything kept of its tables."""
    return generation(generation_key(plan_id))


def drop_plan_tables(plan_ids: Iterable[int]) -> None:
    """Forget the rendered tables of these plans: now, and again once the transaction commits, so a page
    rendered meanwhile from the data before the commit is not kept either."""
    keys = {generation_key(plan_id) for plan_id in plan_ids if plan_id is not None}
    if keys:
        drop_generation(*keys)


def tables_held() -> bool:
    return _held.get()


@contextmanager
def plan_tables_held(plan_id: int) -> Iterator[None]:
    """For a writer of many rows of one plan: no lookups per row, the plan's tables dropped once at the end."""
    try:
        with bound(_held, True):
            yield
    finally:
        drop_plan_tables([plan_id])


class PlanTables:
    """The rendered tables of a plan's fields for one audience and language, as far as the cache has them.

    `missing` lists the fields whose table must be rendered; load their tree (`selectors.load_field_trees`)
    before `html` renders and keeps them.
    """

    def __init__(self, *, plan_id: int, fields: list[FieldOfAction], audience: str):
        generation = plan_generation(plan_id)
        language = get_language()
        self.keys = {
            field.pk: TABLE_KEY.format(
                release=release(),
                plan_id=plan_id,
                generation=generation,
                field_id=field.pk,
                audience=audience,
                language=language,
            )
            for field in fields
        }
        self.found = cache.get_many(list(self.keys.values()))
        self.missing = [field for field in fields if self.keys[field.pk] not in self.found]

    def html(self, field: FieldOfAction, findings_by_measure: dict | None) -> SafeString:
        """The field's table (or its note that there is none yet), rendered once and then kept."""
        key = self.keys[field.pk]
        if key not in self.found:
            context = {"field": field, "findings_by_measure": findings_by_measure}
            self.found[key] = get_template(TABLE_TEMPLATE).render(context)
            cache.set(key, self.found[key], timeout=settings.PLAN_TABLE_CACHE_SECONDS)
        # The template's SafeString; the cache pickles it and gives it back as one.
        return self.found[key]
