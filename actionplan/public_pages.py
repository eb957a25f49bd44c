"""The public plan page, kept whole for visitors: a hit reads two cache entries and no database.

Visitors all see the same page, so it is kept per plan and language. Its key holds the release, the plan's
table generation (`plan_tables`: dropped on every change of what the tables show) and a generation of the rest
of the page (the plan's head, contributors, versions, concept, district, and the council decision that adopted
it), dropped by the saves and deletes of those models (`drop_public_pages`, connected by each app that owns
one). Who gets the kept page: `integration_portal.kept_pages.is_kept_for`.

A request makes a plan's generations only once the plan's page was rendered (saves make them too): an address
of a plan that does not exist leaves nothing in the cache.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from integration_portal.kept_pages import drop_generation, generation, release

from .plan_tables import generation_key, plan_generation

PAGES_GENERATION_KEY = "actionplan:pages"
PAGE_KEY = "actionplan:page:{release}:{district}:{plan_id}:{tables}:{pages}:{language}"


def drop_public_pages(**_signal) -> None:
    """Forget every kept public plan page: now, and again once the transaction commits (a page rendered
    meanwhile from the data before the commit is not kept either). A signal receiver as it is."""
    drop_generation(PAGES_GENERATION_KEY)


def page_key(district_slug: str, plan_id: int) -> str | None:
    """The key of the plan's kept page, or None while it has no generations yet: then nothing is kept."""
    found = cache.get_many([PAGES_GENERATION_KEY, generation_key(plan_id)])
    if len(found) < 2:
        return None
    return PAGE_KEY.format(
        release=release(),
        district=district_slug,
        plan_id=plan_id,
        tables=found[generation_key(plan_id)],
        pages=found[PAGES_GENERATION_KEY],
        language=get_language(),
    )


def start_keeping(plan_id: int) -> None:
    """After the plan's page was rendered: its generations exist, so the next visitor's page is kept.

    Not this page: a generation made after the page read the data may already be newer than that data.
    """
    generation(PAGES_GENERATION_KEY)
    plan_generation(plan_id)


def kept_page(key: str) -> bytes | None:
    return cache.get(key)


def keep_page(key: str, content: bytes) -> None:
    cache.set(key, content, timeout=settings.PLAN_TABLE_CACHE_SECONDS)
