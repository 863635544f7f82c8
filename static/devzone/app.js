// DevZone page behaviour. Kept in a file (no inline scripts: the CSP forbids them).
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  // CSRF token for htmx requests.
  document.addEventListener("htmx:configRequest", function (e) {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (m) e.detail.headers["X-CSRFToken"] = decodeURIComponent(m[1]);
  });
  ready(function () {
    // Forms that submit as soon as a choice changes (zone switcher, per-page).
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
    // Print buttons (wall chart, notice-board sign).
    document.querySelectorAll("[data-print]").forEach(function (btn) {
      btn.addEventListener("click", function () { window.print(); });
    });
    // Buttons that copy a value (API token).
    document.querySelectorAll("[data-copy]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var target = document.getElementById(btn.getAttribute("data-copy"));
        if (target && navigator.clipboard) navigator.clipboard.writeText(target.value || target.textContent);
      });
    });
    // Tables sorted by clicking a header with data-sort ("number" or "text").
    document.querySelectorAll("table[data-sortable]").forEach(function (table) {
      table.querySelectorAll("th[data-sort]").forEach(function (th, index) {
        th.style.cursor = "pointer";
        th.addEventListener("click", function () {
          var numeric = th.getAttribute("data-sort") === "number";
          var desc = th.getAttribute("data-dir") !== "desc";
          th.setAttribute("data-dir", desc ? "desc" : "asc");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          function key(row) {
            var cell = row.cells[index];
            var raw = cell.getAttribute("data-value");
            if (raw === null) raw = cell.textContent.trim();
            if (!numeric) return raw;
            return raw === "" ? null : parseFloat(raw);
          }
          rows.sort(function (a, b) {
            var x = key(a), y = key(b);
            if (x === null && y === null) return 0;
            if (x === null) return 1;  // missing values stay last
            if (y === null) return -1;
            var c = numeric ? x - y : String(x).localeCompare(String(y), "zh");
            return desc ? -c : c;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
    // Confirmation before dangerous submits.
    document.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (e) {
        if (!window.confirm(el.getAttribute("data-confirm"))) e.preventDefault();
      });
    });
  });
})();
