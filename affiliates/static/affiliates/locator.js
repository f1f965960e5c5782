// "Use my location" for the Affiliate locator: progressive enhancement only. Without this
// script (or without geolocation) the button stays hidden and the form works as before.
(function () {
  "use strict";

  var form = document.querySelector("[data-locator-form]");
  if (!form) {
    return;
  }
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
  var button = form.querySelector("[data-geolocate]");
  var status = form.querySelector("[data-geolocate-status]");
  if (!button || !status || !("geolocation" in navigator) || !window.isSecureContext) {
    return;
  }
  button.hidden = false;

  // The messages come from the page in its language (data-* attributes, translated with
  // gettext); the English here is only a fallback.
  function say(name, fallback) {
    status.textContent = status.getAttribute("data-" + name) || fallback;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    say("finding", "Finding your location…");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        // Three decimals (about 100 m) is plenty to find a ZIP code and keeps less of
        // where someone is in URLs and logs.
        var params = new URLSearchParams({
          lat: position.coords.latitude.toFixed(3),
          lng: position.coords.longitude.toFixed(3),
        });
        say("found", "Location found. Finding Affiliates near you…");
        window.location.assign(form.getAttribute("action") + "?" + params.toString());
      },
      function (error) {
        button.disabled = false;
        if (error.code === error.PERMISSION_DENIED) {
          say(
            "denied",
            "You did not allow this site to use your location, so we could not use it. " +
              "Enter your ZIP code or city and state instead."
          );
        } else if (error.code === error.TIMEOUT) {
          say("timeout", "Finding your location took too long. Try again, or enter your ZIP code or city and state.");
        } else {
          say("failed", "We could not find your location. Enter your ZIP code or city and state instead.");
        }
        form.querySelector("#locator-q").focus();
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
    );
  });
})();
