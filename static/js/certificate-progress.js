/* A certificate batch's progress, kept up to date while it runs: the page asks the server how
   far it has gone every two seconds and updates the bar and the count. Only a change of
   status (generating, ready, failed) is announced, not every certificate. Without this
   script the page still works: the coordinator follows the link to see how far it has gone. */
(function () {
  "use strict";
  var batch = document.getElementById("batch");
  if (!batch || !window.fetch || batch.dataset.active !== "true") { return; }
  var url = batch.dataset.progressUrl;
  var bar = document.getElementById("batch-bar");
  var lastStatus = batch.dataset.status;

  function part(name) {
    return batch.querySelector('[data-batch="' + name + '"]');
  }

  function show(data) {
    if (data.status !== lastStatus) {
      part("status").textContent = data.status_label;
      lastStatus = data.status;
    }
    bar.max = data.total || 1;
    bar.value = data.total ? data.done : (data.status === "done" ? 1 : 0);
    bar.textContent = Math.round(100 * bar.value / bar.max) + "%";
    part("count").textContent =
      data.status === "queued" ? "Counted when it starts." : data.done + " of " + data.total;
    part("reload").hidden = !data.active;
    part("done").hidden = data.status !== "done";
    part("empty").hidden = !(data.status === "done" && data.total === 0);
    part("failed").hidden = data.status !== "failed";
    part("error").textContent = data.error;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.active) { window.setTimeout(poll, 2000); }
      })
      .catch(function () {
        // A lost connection or an expired session: the link on the page still works.
        part("reload").hidden = false;
      });
  }

  window.setTimeout(poll, 2000);
})();
