/* Follows a compile job until its report is ready, then opens it. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  var state = box.querySelector(".job-state");
  var gettext = window.gettext || function (s) { return s; };
  var labels = { queued: gettext("I kö …"), running: gettext("Sammanställs …"),
    failed: gettext("Sammanställningen misslyckades:") };
  function poll() {
    fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        if (job.report_url) { window.location.assign(job.report_url); return; }
        state.textContent = labels[job.state] + (job.state === "failed" ? " " + job.error : "");
        if (job.state !== "failed") { window.setTimeout(poll, 1000); }
        else { box.querySelector("progress").remove(); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
