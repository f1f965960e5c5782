// Glossary terms in articles (marked up on the server, pages/glossary.py): each first use is a
// link to the term's glossary entry. Here that link becomes a disclosure button showing the
// definition in place; Enter, Space, a click or a tap toggle it and Escape closes it.
(function () {
  "use strict";
  function toggle(button, panel, open) {
    button.setAttribute("aria-expanded", String(open));
    panel.hidden = !open;
  }
  function enhance(link) {
    var panel = document.getElementById(link.getAttribute("data-glossary-definition"));
    if (!panel) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "glossary-term__button";
    button.textContent = link.textContent;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", panel.id);
    link.parentNode.replaceChild(button, link);
    button.addEventListener("click", function () {
      toggle(button, panel, button.getAttribute("aria-expanded") !== "true");
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        toggle(button, panel, false);
        button.focus();
      }
    });
    button.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        toggle(button, panel, false);
      }
    });
  }
  function init() {
    var links = document.querySelectorAll("a.glossary-term__link[data-glossary-definition]");
    for (var i = 0; i < links.length; i++) enhance(links[i]);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
