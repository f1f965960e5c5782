// @mention autocomplete for message fields: progressive enhancement only. Without this file
// (or without JavaScript) "@display name" typed as plain text works the same.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-mention-source]");
  Array.prototype.forEach.call(forms, function (form) {
    var source = form.getAttribute("data-mention-source");
    var textarea = form.querySelector("textarea");
    if (!source || !textarea) { return; }
    var list = document.createElement("ul");
    list.id = textarea.id + "-mentions";
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Members to mention");
    list.hidden = true;
    textarea.parentNode.insertBefore(list, textarea.nextSibling);
    textarea.setAttribute("aria-controls", list.id);
    textarea.setAttribute("aria-autocomplete", "list");
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    list.parentNode.insertBefore(status, list.nextSibling);
    var active = -1;
    var timer = null;

    function query() {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var match = /(^|[^\w@])@([^\s@]{2,40})$/.exec(before);
      return match ? { text: match[2], start: before.length - match[2].length } : null;
    }
    function close() { list.hidden = true; list.textContent = ""; active = -1; textarea.removeAttribute("aria-activedescendant"); }
    function choose(name) {
      var q = query();
      if (!q) { return close(); }
      var after = textarea.value.slice(textarea.selectionStart);
      textarea.value = textarea.value.slice(0, q.start) + name + " " + after;
      var caret = q.start + name.length + 1;
      textarea.setSelectionRange(caret, caret);
      close();
      textarea.focus();
    }
    function highlight(index) {
      var items = list.querySelectorAll("li");
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      Array.prototype.forEach.call(items, function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      textarea.setAttribute("aria-activedescendant", items[active].id);
    }
    function show(names) {
      list.textContent = "";
      names.forEach(function (name, i) {
        var item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.textContent = name;
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(name); });
        list.appendChild(item);
      });
      list.hidden = names.length === 0;
      status.textContent = names.length ? names.length + " members found: use up and down arrows, Enter to choose." : "";
    }
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      var q = query();
      if (!q) { return close(); }
      timer = setTimeout(function () {
        fetch(source + "?q=" + encodeURIComponent(q.text), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { names: [] }; })
          .then(function (data) { show(data.names || []); })
          .catch(close);
      }, 200);
    });
    textarea.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(list.querySelectorAll("li")[active].textContent); }
      else if (event.key === "Escape") { close(); }
    });
    textarea.addEventListener("blur", function () { setTimeout(close, 150); });
  });
})();
