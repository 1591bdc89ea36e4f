// The error summary (templates/partials/error_summary.html), as GOV.UK's does it:
// - when a page arrives showing one, focus it, so a screen reader reads the errors first
//   and a keyboard user's next Tab is its first link;
// - a link in it focuses its field and scrolls the field's label (or its group's legend)
//   into view with it: following "#id_adults" alone would hide the label above the fold.
// A separate file because the Content Security Policy allows no inline script.
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) {
      return;
    }
    event.preventDefault();
    var details = field.closest("details");
    if (details) {
      details.open = true;
    }
    var fieldset = field.closest("fieldset");
    var caption = (fieldset && fieldset.querySelector("legend")) || (field.labels && field.labels[0]) || field;
    caption.scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
