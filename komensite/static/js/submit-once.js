// Posting forms (form[data-submit-once]): after the first submit, disable the submit button
// and say the message is on its way, so a double click or an impatient second click does not
// send it twice. The server refuses a second send anyway (each form carries a one-use
// submission token); this only spares members the confusion. Without JavaScript the form
// works as before. Going back to the page (back/forward cache) enables the button again.
(function () {
  "use strict";

  function onSubmit(event) {
    var form = event.target;
    if (!form.matches("form[data-submit-once]")) {
      return;
    }
    if (form.dataset.submitting === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    form.querySelectorAll("button[type='submit']").forEach(function (button) {
      button.dataset.label = button.textContent;
      button.textContent = "Sending…";
      // Disabled after this event: a button disabled now would drop its name/value from the data.
      window.setTimeout(function () {
        button.disabled = true;
      }, 0);
    });
  }

  function reset() {
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      delete form.dataset.submitting;
      form.querySelectorAll("button[type='submit']").forEach(function (button) {
        button.disabled = false;
        if (button.dataset.label) {
          button.textContent = button.dataset.label;
        }
      });
    });
  }

  document.addEventListener("submit", onSubmit);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      reset();
    }
  });
})();
