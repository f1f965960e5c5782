// Error summary (templates/includes/form_errors.html): on load, move focus to the summary so
// keyboard and screen-reader users learn at once that the form needs fixing; its links then
// focus the field itself rather than only scrolling to it. Without JavaScript the summary
// is still at the top of the page and the links still jump to the fields.
(function () {
  "use strict";

  function focusField(event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  }

  function init() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.addEventListener("click", focusField);
    summary.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
