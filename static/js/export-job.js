/* Follows an export of the observation list (through the API's job endpoint) and shows how
   many rows are written; when the file is ready, the download appears. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  var state = box.querySelector(".job-state");
  var progress = box.querySelector("progress");
  var download = document.getElementById("job-download");
  var gettext = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  var interpolate = window.interpolate || function (s) { return s; };
  var lang = document.documentElement.lang || "sv";
  function number(n) { return Number(n).toLocaleString(lang); }
  function finish() {
    if (progress) { progress.remove(); progress = null; }
  }
  function show(job) {
    if (job.state === "done") {
      state.textContent = interpolate(ngettext("Klar: %s rad.", "Klar: %s rader.", job.rows_done),
        [number(job.rows_done)]);
      finish();
      download.hidden = false;
      return false;
    }
    if (job.state === "failed") {
      state.textContent = gettext("Exporten misslyckades:") + " " + job.error;
      finish();
      return false;
    }
    if (job.state === "running") {
      state.textContent = interpolate(gettext("Skriver rad %s av %s …"),
        [number(job.rows_done), number(job.rows_total)]);
    } else {
      state.textContent = gettext("I kö …");
    }
    if (progress && job.rows_total) {
      progress.max = job.rows_total;
      progress.value = job.rows_done;
    }
    return true;
  }
  function poll() {
    fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (job) { if (show(job)) { window.setTimeout(poll, 1000); } })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
