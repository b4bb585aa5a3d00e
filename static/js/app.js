// Aula's only script besides htmx. htmx reads its configuration from
// <meta name="htmx-config">; this file adds the CSRF header to every htmx
// request, from <meta name="csrf-token">. No inline script anywhere (CSP).
(function () {
  "use strict";
  function csrfToken() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  }
  document.addEventListener("htmx:configRequest", function (evt) {
    var token = csrfToken();
    if (token) {
      evt.detail.headers["X-CSRF-Token"] = token;
    }
  });
  // Confirmation for destructive actions without inline script:
  // <form data-confirm="Delete 3 trainings?">.
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    var msg = form && form.getAttribute && form.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) {
      evt.preventDefault();
    }
  }, true);
  // A dismiss button on flash messages.
  document.addEventListener("click", function (evt) {
    var btn = evt.target.closest && evt.target.closest("[data-dismiss]");
    if (btn) {
      var box = btn.closest(".flash");
      if (box) { box.remove(); }
    }
  });
})();
