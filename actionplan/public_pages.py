"""The public plan page, kept whole for visitors: a hit reads two cache entries and no database.

Visitors all see the same page, so it is kept per plan and language. Its key holds the plan's table
generation (`plan_tables`: dropped on every change of what the tables show) and a generation of the rest of
the page (the plan's head, contributors, versions, concept, district, and the council decision that adopted
it), dropped by the saves and deletes of those models (`drop_public_pages`, connected by each app that owns
one). Who gets the kept page: `integration_portal.kept_pages.is_kept_for`.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from .plan_tables import plan_generation

PAGES_GENERATION_KEY = "actionplan:pages"
PAGE_KEY = "actionplan:page:{district}:{plan_id}:{tables}:{pages}:{language}"


def _bump() -> None:
    # A random token, as for the tables: an evicted one must not come back with an old value.
    cache.set(PAGES_GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def drop_public_pages(**_signal) -> None:
    """Forget every kept public plan page: now, and again once the transaction commits (a page rendered
    meanwhile from the data before the commit is not kept either). A signal receiver as it is."""
    _bump()
    transaction.on_commit(_bump)


def page_key(district_slug: str, plan_id: int) -> str:
    pages = cache.get(PAGES_GENERATION_KEY)
    if pages is None:
        pages = uuid.uuid4().hex
        if not cache.add(PAGES_GENERATION_KEY, pages, timeout=None):
            pages = cache.get(PAGES_GENERATION_KEY, pages)
    return PAGE_KEY.format(
        district=district_slug, plan_id=plan_id, tables=plan_generation(plan_id), pages=pages, language=get_language()
    )


def kept_page(key: str) -> bytes | None:
    return cache.get(key)


def keep_page(key: str, content: bytes) -> None:
    cache.set(key, content, timeout=settings.PLAN_TABLE_CACHE_SECONDS)
