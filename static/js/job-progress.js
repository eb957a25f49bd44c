// The job page updates itself: it asks for the job's state every two seconds, moves the progress bar and
// reloads the page once the job is finished (then it shows the result or the error). Without JavaScript the
// page refreshes itself (<noscript> meta refresh) and offers a "Refresh" link.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box) { return; }
  var url = box.getAttribute("data-job-status");
  var bar = box.querySelector("progress");
  function field(name) { return box.querySelector('[data-job-field="' + name + '"]'); }
  function show(status) {
    if (status.finished) { window.location.reload(); return; }
    if (bar) { bar.value = status.percent; bar.textContent = status.percent + " %"; }
    var percent = field("percent");
    if (percent) { percent.textContent = status.percent + " %"; }
    var state = field("state");
    if (state && state.textContent !== status.state_label) { state.textContent = status.state_label; }
    var step = field("step");
    if (step && step.textContent !== status.step) { step.textContent = status.step; }
    // "2 von 3 Schritten" only for a job of several steps (the server leaves it empty for one step).
    var steps = field("steps");
    if (steps) {
      steps.hidden = !status.steps;
      steps.textContent = status.steps ? "(" + status.steps + ")" : "";
    }
    window.setTimeout(poll, 2000);
  }
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(show)
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
