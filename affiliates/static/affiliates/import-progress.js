// The admin's affiliate import page while an import runs: polls its progress JSON, moves the
// progress bar and reloads the page once the import has finished or stopped. Without this
// script the page offers a refresh link instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress-url]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-import-progress-url");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-import-progress-text]");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (data.status !== "queued" && data.status !== "running") {
          window.location.assign(data.url);
          return;
        }
        bar.max = data.total || 1;
        bar.value = data.done;
        bar.textContent = data.percent + "%";
        text.textContent = data.label;
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
