"""Every page type reflows at 320 CSS pixels, and every focus outline stands out from what is behind it."""

import pytest
from django.urls import reverse

from actionplan.models import ActionPlan, Measure
from integration_portal.management.commands.setup_demo import DEMO_DISTRICT
from papers.models import CouncilPaper
from participation.models import ParticipationProcess, Survey

from .demo import log_in

pytestmark = pytest.mark.browser

# Relative luminance (WCAG 2.x) of the element's outline colour and of the first opaque background
# behind it, computed in the page from the styles in force.
FOCUS_CONTRAST_JS = """
element => {
  const parse = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const style = getComputedStyle(element);
  if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0) return null;
  // An outline drawn inside the element (negative offset) lies on the element's own background.
  let node = parseFloat(style.outlineOffset) < 0 ? element : element.parentElement;
  let background = [255, 255, 255];
  while (node) {
    const colour = parse(getComputedStyle(node).backgroundColor);
    if (colour.length < 4 || colour[3] > 0) { background = colour.slice(0, 3); break; }
    node = node.parentElement;
  }
  const [a, b] = [lum(parse(style.outlineColor)), lum(background)].sort((x, y) => y - x);
  return {ratio: (a + 0.05) / (b + 0.05), outline: style.outlineColor, background: background.join(',')};
}
"""


def page_types():
    plan = ActionPlan.objects.get(district__slug=DEMO_DISTRICT)
    paper = CouncilPaper.objects.filter(district=plan.district).first()
    measure = Measure.objects.filter(district=plan.district).order_by("pk").first()
    return {
        "home": "/",
        "district": plan.district.get_absolute_url(),
        "plan": plan.get_absolute_url(),
        "process": ParticipationProcess.objects.filter(district=plan.district).first().get_absolute_url(),
        "steering overview": reverse("steering:overview"),
        "steering list": reverse("steering:measure_list"),
        "steering measure": reverse("steering:measure_detail", args=[measure.pk]),
        "papers list": reverse("papers:paper_list", kwargs={"slug": plan.district.slug}),
        "paper": reverse("papers:paper_detail", kwargs={"slug": plan.district.slug, "pk": paper.pk}),
        "survey": reverse("participation:survey", kwargs={"language": "de", "pk": Survey.objects.first().pk}),
        "survey in Arabic": reverse("participation:survey", kwargs={"language": "ar", "pk": Survey.objects.first().pk}),
    }


def test_every_page_type_reflows_at_320_pixels(live_server, page, demo):
    log_in(page, live_server, "steering")
    page.set_viewport_size({"width": 320, "height": 640})
    wide = {}
    for name, path in page_types().items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, (name, path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > 320:
            wide[name] = scroll_width
    assert wide == {}, "pages that scroll sideways at 320 px: " + repr(wide)


def test_the_change_history_reads_as_labelled_cards_on_a_phone(live_server, page, demo):
    measure = Measure.objects.filter(district__slug=DEMO_DISTRICT).order_by("pk").first()
    log_in(page, live_server, "steering")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{reverse('steering:measure_detail', args=[measure.pk])}")
    cells = page.locator(".history-table td:visible")
    assert cells.count() >= 4
    # Every visible cell lies within the screen, the column's name above its value.
    for cell in cells.all():
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, cell.text_content()
        label = cell.evaluate("e => getComputedStyle(e, '::before').content")
        assert label.strip('"') in {"Wann", "Wer", "Pfad", "Was", "Änderungen"}, label
    assert page.locator(".history-table td:visible", has_text="angelegt").first.is_visible()


def test_focus_outlines_reach_3_to_1_against_their_background(live_server, page, demo):
    log_in(page, live_server, "steering")
    weak = []
    for name, path in page_types().items():
        page.goto(f"{live_server.url}{path}")
        seen = set()
        # Walk the page with the keyboard, as its users do, up to 60 stops.
        for _ in range(60):
            page.keyboard.press("Tab")
            handle = page.evaluate_handle("document.activeElement")
            key = page.evaluate("e => e.outerHTML.slice(0, 200)", handle)
            if key in seen or page.evaluate("e => e === document.body", handle):
                break
            seen.add(key)
            result = page.evaluate(FOCUS_CONTRAST_JS, handle)
            assert result is not None, f"{name}: no focus outline on {key}"
            if result["ratio"] < 3:
                weak.append(f"{name}: {result} on {key[:80]}")
        assert len(seen) > 3, name
    assert weak == [], "\n".join(weak)
