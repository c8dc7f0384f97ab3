/* Follows a compile job (through the API's job endpoint) until its report is ready, then opens
   the job's page, which leads on to the report. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  var state = box.querySelector(".job-state");
  var gettext = window.gettext || function (s) { return s; };
  var labels = { queued: gettext("I kö …"), running: gettext("Sammanställs …"),
    failed: gettext("Sammanställningen misslyckades:") };
  function poll() {
    fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (job) {
        if (job.report_page) { window.location.assign(box.dataset.page); return; }
        state.textContent = labels[job.state] + (job.state === "failed" ? " " + job.error : "");
        if (job.state !== "failed") { window.setTimeout(poll, 1000); }
        else { box.querySelector("progress").remove(); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
