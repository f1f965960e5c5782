// The editor's "Reading level" panel (pages.models.readability.ReadabilityPanel): posts the
// page form (with its CSRF token) to the readability_check admin view a moment after the
// editor stops typing, or when "Recalculate" is pressed, and shows the new result. Nothing is
// saved. Without JavaScript the panel shows the grade of the text as it was last saved.
(function () {
  'use strict';
  var DELAY = 800;

  function setUp(panel) {
    var form = panel.closest('form');
    if (!form) return;
    var url = panel.getAttribute('data-readability-url');
    var results = panel.querySelector('[data-readability-results]');
    var status = panel.querySelector('[data-readability-status]');
    var timer = null;
    var pending = null;

    function recalculate() {
      timer = null;
      if (pending) pending.abort();
      pending = new AbortController();
      status.textContent = 'Recalculating…';
      fetch(url, {
        method: 'POST',
        body: new FormData(form),
        credentials: 'same-origin',
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
        signal: pending.signal,
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          results.innerHTML = html;
          status.textContent = '';
        })
        .catch(function (error) {
          if (error.name !== 'AbortError') status.textContent = 'Could not recalculate. Try again.';
        });
    }

    function schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(recalculate, DELAY);
    }

    panel.querySelector('[data-readability-recalculate]').addEventListener('click', recalculate);
    // Typing in plain fields and in Draftail (contenteditable) bubbles `input`; adding,
    // removing or moving StreamField blocks changes the form's hidden fields, seen by the observer.
    form.addEventListener('input', schedule);
    form.addEventListener('change', schedule);
    var body = form.querySelector('[data-contentpath="body"]') || form;
    new MutationObserver(function (mutations) {
      for (var i = 0; i < mutations.length; i++) {
        if (!panel.contains(mutations[i].target)) { schedule(); return; }
      }
    }).observe(body, { childList: true, subtree: true });
  }

  function init() {
    document.querySelectorAll('[data-readability-panel]').forEach(setUp);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
