/* Accessible names for the admin's script-built widgets (select2 search boxes, filter icons), which
   Django renders without one. Runs after the admin's own scripts have built the widgets, and again for
   every inline row added later. */
(function () {
  "use strict";

  function labelText(select) {
    if (select.getAttribute("aria-label")) {
      return select.getAttribute("aria-label");
    }
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/[:\s]+$/, "").trim() : "";
  }

  function nameSelect2(select) {
    var name = labelText(select);
    var container = select.nextElementSibling;
    if (!name || !container || !container.classList.contains("select2")) {
      return;
    }
    container.querySelectorAll(".select2-selection").forEach(function (box) {
      box.setAttribute("aria-label", name);
      box.removeAttribute("aria-labelledby");
    });
    // The single-choice box shows the chosen value as a read-only text box; it is named like its field.
    container.querySelectorAll(".select2-selection__rendered[role='textbox']").forEach(function (value) {
      value.setAttribute("aria-label", name);
    });
    container.querySelectorAll(".select2-search__field").forEach(function (search) {
      search.setAttribute("aria-label", name);
    });
    // The chosen values of a multiple choice are a list only to the eye; their remove buttons are named.
    container.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
      list.setAttribute("role", "presentation");
    });
  }

  function nameAll(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      if (!select.name || select.name.indexOf("__prefix__") === -1) {
        nameSelect2(select);
      }
    });
    // The filter icons beside the search boxes of a two-list selector carry their hint as an image.
    root.querySelectorAll(".search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function start() {
    nameAll(document);
    // The two-list selectors are built on the window's load event, after this ready handler.
    window.addEventListener("load", function () { nameAll(document); });
    document.addEventListener("formset:added", function (event) {
      window.setTimeout(function () { nameAll(event.target); }, 0);
    });
  }

  // This script is deferred, so the admin's jQuery and its widget set-up are registered before it:
  // a ready handler added now runs after select2 has built its boxes.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
