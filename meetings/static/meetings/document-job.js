/* Follows the compile of a meeting's handlingar (through the API's job endpoint) and shows how
   far it has come; when it is done, the download appears. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  var state = box.querySelector(".job-state");
  var progress = box.querySelector("progress");
  var download = document.getElementById("job-download");
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (s) { return s; };
  function show(job) {
    if (job.state === "done") {
      state.textContent = interpolate(gettext("Klara: %s sidor."), [job.pages]);
      if (progress) { progress.remove(); progress = null; }
      download.hidden = false;
      return false;
    }
    if (job.state === "failed") {
      state.textContent = gettext("Sammanställningen misslyckades:") + " " + job.error;
      if (progress) { progress.remove(); progress = null; }
      return false;
    }
    if (job.state === "running") {
      state.textContent = interpolate(gettext("Sammanställer del %s av %s …"),
        [job.steps_done, job.steps_total]);
    } else {
      state.textContent = gettext("I kö …");
    }
    if (progress && job.steps_total) {
      progress.max = job.steps_total;
      progress.value = job.steps_done;
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
