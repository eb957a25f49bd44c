"""Every admin form KIT staff work in passes axe-core's WCAG 2.1 A and AA rules, with inline rows present."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db.models import Count
from django.forms.models import _get_foreign_key
from django.test import RequestFactory
from django.urls import reverse
from playwright.sync_api import expect

from actionplan.models import IntegrationConcept, Measure
from integration_portal.jobs.models import Job
from integration_portal.management.commands.setup_demo import DEMO_DISTRICT, DEMO_PASSWORD
from integration_portal.models import District, User
from integration_portal.scoping import scope

from ..factories import CrossCuttingThemeFactory, GoalFactory, ProgressReportFactory
from ..participation.factories import build_survey
from ..steering.factories import CommentFactory
from .axe import axe_violations
from .demo import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(demo):
    # What the demo district has none of, so that every change form is checked with its rows.
    district = District.objects.get(slug=DEMO_DISTRICT)
    measure = Measure.objects.filter(district=district).first()
    GoalFactory(district=district, concept=IntegrationConcept.objects.filter(district=district).first())
    CrossCuttingThemeFactory(district=district)
    ProgressReportFactory(district=district, measure=measure)
    CommentFactory(district=district, measure=measure, author=User.objects.get(username="steering"))
    build_survey(district)


def log_in_as_superuser(page, live_server):
    user = User.objects.create_superuser(
        "admin", "admin@example.org", DEMO_PASSWORD, district=District.objects.get(slug=DEMO_DISTRICT)
    )
    log_in(page, live_server, "admin")
    return user


def object_with_rows(model, model_admin, user):
    """The user's object whose change form shows the most inline rows (the first if it has no inlines)."""
    queryset = scope(model._default_manager.all(), user)
    rows = {}
    for inline_class in model_admin.inlines:
        fk = _get_foreign_key(model, inline_class.model, fk_name=inline_class.fk_name)
        counts = scope(inline_class.model._default_manager.all(), user).values(fk.name).annotate(n=Count("pk"))
        for entry in counts:
            rows[entry[fk.name]] = rows.get(entry[fk.name], 0) + entry["n"]
    if rows:
        return queryset.get(pk=max(rows, key=rows.get))
    return queryset.order_by("pk").first()


def admin_form_urls(user):
    """The list, the add form (where rows can be added there), a change form and its history page of every
    registered model admin."""
    request = RequestFactory().get("/admin/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        if model_admin.has_add_permission(request):
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        obj = object_with_rows(model, model_admin, user)
        if obj is not None:
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[quote(obj.pk)])


def test_every_admin_form_has_no_accessibility_violations(live_server, page, demo):
    user = log_in_as_superuser(page, live_server)
    # A failed background job, with its German error, for the jobs' admin pages.
    Job.objects.create(
        kind="paper_pdf",
        district=user.district,
        title="PDF der Vorlage VO/2025/246",
        state="failed",
        attempts=3,
        error_message="Der Auftrag konnte nicht abgeschlossen werden. Bitte erneut versuchen.",
    )
    problems = []
    urls = list(admin_form_urls(user))
    # Every admin has a change form with an object to show (Beratungsfolge rows are added on their paper).
    assert sum(url.endswith("/change/") for url in urls) == len(admin.site._registry)
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        problems += [f"{url}: {line}" for line in axe_violations(page)]
    assert problems == [], f"{len(problems)} violations\n" + "\n".join(problems)


def test_every_admin_page_reflows_at_320_pixels(live_server, page, demo):
    user = log_in_as_superuser(page, live_server)
    page.set_viewport_size({"width": 320, "height": 640})
    wide = {}
    for url in ["/admin/", *admin_form_urls(user)]:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > 320:
            wide[url] = scroll_width
    assert wide == {}, "admin pages that scroll sideways at 320 px: " + repr(wide)


def test_rows_are_reordered_with_the_keyboard_and_the_indicator_table_fits(live_server, page, demo):
    measure = Measure.objects.get(
        text="Schaffung von Transparenz der Sprachkurs-Landschaft im Kreis Rendsburg-Eckernförde"
    )
    first, second = measure.indicators.order_by("order")
    log_in_as_superuser(page, live_server)
    page.goto(f"{live_server.url}/admin/actionplan/measure/{measure.pk}/change/")
    group = page.locator("#indicators-group")
    # All columns of the indicator table are in view at 1280 px, without scrolling sideways.
    for header in ("Zielwert", "Istwert", "Löschen?"):
        box = group.get_by_role("columnheader", name=header).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280, header
    assert group.locator(".tabular").evaluate("e => e.scrollWidth <= e.clientWidth")
    # A visible, labelled button moves the first indicator down, from the keyboard.
    down = group.get_by_role("button", name=f"Nach unten: {first.text[:40]}")
    expect(down).to_be_visible()
    # The buttons sit below the row's title, not over it.
    title = group.locator("tbody tr.has_original td.original p").first.bounding_box()
    for button in group.locator("tbody tr.has_original").first.get_by_role("button").all():
        assert button.bounding_box()["y"] >= title["y"] + title["height"], button.text_content()
    down.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Auf Position 2 von 2 verschoben.")
    expect(down).to_be_focused()
    rows = group.locator("tbody tr.has_original td.original p")
    expect(rows.nth(0)).to_contain_text(second.text[:40])
    page.get_by_role("button", name="Sichern", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert list(measure.indicators.order_by("order").values_list("pk", flat=True)) == [second.pk, first.pk]
