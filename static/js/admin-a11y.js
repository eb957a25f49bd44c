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

  /* Sortable rows: besides dragging (adminsortable2), two labelled buttons per row move it up or down
     with the keyboard; the hidden order inputs are renumbered as a drag would. */
  var ROWS = "tr.has_original, .inline-related.has_original";

  function renumber(group) {
    var rows = Array.prototype.filter.call(group.querySelectorAll(ROWS), function (row) {
      return row.querySelector("input._reorder_");
    });
    var reversed = !!group.querySelector(".reversed") || group.classList.contains("reversed");
    rows.forEach(function (row, index) {
      row.querySelector("input._reorder_").value = String(reversed ? rows.length - index : index + 1);
    });
    return rows;
  }

  function move(button, step) {
    var row = button.closest(ROWS);
    var group = row.closest(".inline-group");
    var rows = renumber(group);
    var target = rows[rows.indexOf(row) + step];
    if (!target) {
      return;
    }
    target.insertAdjacentElement(step < 0 ? "beforebegin" : "afterend", row);
    rows = renumber(group);
    button.focus();
    var status = document.getElementById("sort-status");
    status.textContent = labels.moved.replace("{position}", rows.indexOf(row) + 1).replace("{count}", rows.length);
  }

  var labels = {};

  function addSortButtons(root) {
    root.querySelectorAll(ROWS).forEach(function (row) {
      if (!row.querySelector("input._reorder_") || row.querySelector(".sort-buttons")) {
        return;
      }
      var place = row.matches("tr") ? row.querySelector("td.original") : row.querySelector("h3");
      var nameSource = row.matches("tr") ? row.querySelector("td.original p") : row.querySelector("h3 .inline_label");
      var name = nameSource ? nameSource.textContent.replace(/\s+/g, " ").trim().slice(0, 80) : "";
      var box = document.createElement("span");
      box.className = "sort-buttons";
      [[-1, labels.up, "\u25b2"], [1, labels.down, "\u25bc"]].forEach(function (spec) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort-button";
        button.textContent = spec[2] + " " + spec[1];
        button.setAttribute("aria-label", spec[1] + ": " + name);
        button.addEventListener("click", function (event) {
          event.preventDefault();
          move(button, spec[0]);
        });
        box.appendChild(button);
      });
      if (place) {
        place.appendChild(box);
      }
    });
  }

  function start() {
    var config = document.getElementById("admin-a11y");
    if (config) {
      labels = {up: config.dataset.up, down: config.dataset.down, moved: config.dataset.moved};
      addSortButtons(document);
    }
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
