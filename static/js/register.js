/* The register of attendance: a tap on a status button, or a saved note, is sent with fetch
   and the person's row is updated in place and announced. Anything unexpected (a lost
   connection, an expired session) falls back to submitting the form normally, so no tap is
   lost and the coordinator sees why. Without this script every form still works. */
(function () {
  "use strict";
  var register = document.getElementById("register");
  if (!register || !window.fetch || !window.FormData) { return; }
  var announcer = document.getElementById("register-announcer");
  var summary = document.getElementById("register-summary");

  function part(row, name) {
    return row.querySelector('[data-register="' + name + '"]');
  }

  function announce(text) {
    // Emptying first makes a repeated message ("Present" twice) announced again.
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function showRow(row, data) {
    part(row, "mark").querySelectorAll('button[name="status"]').forEach(function (button) {
      var pressed = button.value === data.selected;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.classList.toggle("btn-primary", pressed);
      button.classList.toggle("btn-outline-secondary", !pressed);
    });
    var status = part(row, "status");
    status.textContent = data.status_label;
    status.className = "badge border text-bg-" + data.tone;
    part(row, "marked").textContent = data.marked;
    var note = part(row, "note");
    note.hidden = false;
    var input = note.querySelector('input[name="note"]');
    if (document.activeElement !== input) { input.value = data.note; }
    input.removeAttribute("aria-invalid");
    var history = part(row, "history");
    var list = part(row, "history-list");
    list.textContent = "";
    data.history.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    history.hidden = data.history.length === 0;
    part(row, "error").hidden = true;
  }

  function showError(row, form, text) {
    var error = part(row, "error");
    error.textContent = text;
    error.hidden = false;
    var input = form.querySelector('input[name="note"]');
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", error.id);
    }
    announce(text);
  }

  function submitNormally(form, submitter) {
    if (submitter && submitter.name) {
      var carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = submitter.name;
      carried.value = submitter.value;
      form.appendChild(carried);
    }
    form.submit();
  }

  function send(form, submitter) {
    var row = form.closest("[data-participant]");
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") !== 0 || (!response.ok && response.status !== 400)) {
        throw new Error("Not an answer from the register");
      }
      return response.json();
    }).then(function (answer) {
      if (answer.error) {
        showError(row, form, answer.error);
        return;
      }
      showRow(row, answer.row);
      summary.textContent = answer.summary;
      announce(answer.message);
    }).catch(function () {
      submitNormally(form, submitter);
    });
  }

  // Taps on one row are sent one after another, so quick corrections arrive in order.
  var queues = new WeakMap();

  register.addEventListener("submit", function (event) {
    var form = event.target;
    var kind = form.getAttribute("data-register");
    if (kind !== "mark" && kind !== "note") { return; }
    event.preventDefault();
    var submitter = event.submitter;
    var row = form.closest("[data-participant]");
    var queue = (queues.get(row) || Promise.resolve()).then(function () {
      return send(form, submitter);
    });
    queues.set(row, queue);
  });
}());
