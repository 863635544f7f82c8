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
    // Buttons that copy a value (API token).
    document.querySelectorAll("[data-copy]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var target = document.getElementById(btn.getAttribute("data-copy"));
        if (target && navigator.clipboard) navigator.clipboard.writeText(target.value || target.textContent);
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
