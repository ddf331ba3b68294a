// Planning page: follow a running planning job without reloading the form.
document.addEventListener("DOMContentLoaded", function () {
  var job = document.getElementById("job");
  if (!job || job.dataset.active !== "true") { return; }
  var bar = document.getElementById("job-progress");
  var message = document.getElementById("job-message");
  function poll() {
    fetch(job.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) { setTimeout(poll, 3000); return; }
        if (bar) { bar.max = s.steps; bar.value = s.step; }
        if (message) { message.textContent = s.message; }
        if (s.active) { setTimeout(poll, 1000); } else { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
});
