// Shows how many characters are left under every long text field (a textarea with a maxlength). The limit
// itself is the field's maxlength attribute, so without JavaScript the browser still stops at it; the counter
// only makes it visible. Its wording comes from the page (data-counter-text of this script), in the page's language.
(function () {
  "use strict";
  var script = document.currentScript;
  var template = (script && script.getAttribute("data-counter-text")) || "{remaining} / {limit}";
  // Fields from this many characters on get a counter (integration_portal.limits.COUNTER_FROM).
  var COUNTER_FROM = 500;
  var counted = 0;

  function format(number) {
    // Digits grouped as in the page's language ("3.990" in German); a tag Intl does not know falls back.
    try {
      return number.toLocaleString(document.documentElement.lang || undefined);
    } catch (error) {
      return String(number);
    }
  }

  function attach(field) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    if (!(limit >= COUNTER_FROM) || field.hasAttribute("data-counter")) {
      return;
    }
    counted += 1;
    var counter = document.createElement("small");
    counter.className = "text-counter";
    counter.id = (field.id || "text-field-" + counted) + "-counter";
    field.setAttribute("data-counter", counter.id);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? described + " " + counter.id : counter.id);
    function update() {
      var remaining = limit - field.value.length;
      counter.textContent = template.replace("{remaining}", format(remaining)).replace("{limit}", format(limit));
      counter.classList.toggle("text-counter-low", remaining < limit / 10);
    }
    field.addEventListener("input", update);
    field.insertAdjacentElement("afterend", counter);
    update();
  }

  function attachAll() {
    document.querySelectorAll("textarea[maxlength]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", attachAll);
  } else {
    attachAll();
  }
  // Rows the admin adds to inlines later ("add another").
  document.addEventListener("formset:added", attachAll);
})();
