// Keeps a background job's progress on the page current (the page works without it:
// a Refresh link). Reads the job's JSON every two seconds until it has ended.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("geocode-job");
    if (!box || !box.dataset.jobUrl) { return; }
    if (["queued", "running"].indexOf(box.dataset.jobStatus) < 0) { return; }
    var bar = box.querySelector("[data-job-progress]");
    var text = box.querySelector("[data-job-text]");
    function poll() {
      fetch(box.dataset.jobUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (job) {
          if (!job) { return; }
          if (bar) { bar.max = job.total || 1; bar.value = job.done; }
          if (text) {
            text.textContent = (text.dataset.template || "{done} / {total}")
              .replace("{done}", job.done).replace("{total}", job.total)
              .replace("{failed}", job.failed);
          }
          if (job.status === "queued" || job.status === "running") { setTimeout(poll, 2000); }
          else { window.location.reload(); }
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 2000);
  });
})();
