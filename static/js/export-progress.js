// "Your data" (templates/mydata/index.html): while a download is being prepared, fetch the
// page again every few seconds and swap in its status part only, so the progress bar moves
// without a reload and the status line (role="status") is announced. Without JavaScript a
// <noscript> meta refresh reloads the page instead. A separate file: the CSP allows no inline script.
(function () {
  "use strict";

  var EVERY_MS = 2000;

  function poll() {
    var area = document.querySelector("[data-export-area]");
    if (!area || !area.hasAttribute("data-in-progress")) {
      return;
    }
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-export-area]");
        if (!fresh) {
          return;
        }
        if (!fresh.hasAttribute("data-in-progress")) {
          // Ready (or failed): load the page once, so the button and links come back with it.
          window.location.reload();
          return;
        }
        var text = area.querySelector("#export-status-text");
        var freshText = fresh.querySelector("#export-status-text");
        if (text && freshText && text.textContent !== freshText.textContent) {
          text.textContent = freshText.textContent;
        }
        var bar = area.querySelector("#export-progress");
        var freshBar = fresh.querySelector("#export-progress");
        if (bar && freshBar) {
          bar.value = freshBar.value;
          bar.textContent = freshBar.textContent;
        }
        window.setTimeout(poll, EVERY_MS);
      })
      .catch(function () {
        window.setTimeout(poll, EVERY_MS * 5);
      });
  }

  window.setTimeout(poll, EVERY_MS);
})();
