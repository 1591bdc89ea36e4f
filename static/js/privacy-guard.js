// The privacy guard as you type (issue 12): after a pause in typing, the message is sent to
// the group's check URL and what could identify a child is listed under the box. Posting
// still runs the guard on the server; without this script the page works the same way.
// A separate file because the Content Security Policy allows no inline script.
(function () {
  "use strict";

  var form = document.querySelector("form[data-guard-url]");
  if (!form) {
    return;
  }
  var box = form.querySelector("textarea[data-guard-check]");
  var live = form.querySelector("[data-guard-live]");
  if (!box || !live) {
    return;
  }
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");
  var timer = null;
  var last = null;

  function show(findings) {
    live.textContent = "";
    if (!findings.length) {
      return;
    }
    var list = document.createElement("ul");
    list.className = "list-unstyled mb-0";
    findings.forEach(function (finding) {
      var item = document.createElement("li");
      var mark = document.createElement("mark");
      mark.textContent = finding.text;
      item.appendChild(mark);
      item.appendChild(document.createTextNode(": " + finding.explanation));
      list.appendChild(item);
    });
    live.appendChild(list);
  }

  function check() {
    var text = box.value;
    if (text === last) {
      return;
    }
    last = text;
    var body = new FormData();
    body.append("text", text);
    fetch(form.dataset.guardUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
    })
      .then(function (response) {
        return response.ok ? response.json() : { findings: [] };
      })
      .then(function (data) {
        if (box.value === text) {
          show(data.findings || []);
        }
      })
      .catch(function () {});
  }

  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 700);
  });
})();
