/* The evaluation pages: the error summary takes the focus after a refusal; on the self
   evaluation and the rater's form, a live count of the qualities answered, and a copy
   of what was typed kept on this device until the server has it, so an expired session or a
   lost connection loses nothing. A page that says the answers are in deletes the copy. */
(function () {
  "use strict";
  var storage;
  try { storage = window.localStorage; } catch (e) { storage = null; }

  // Submitted or declined: the copy on this device is no longer needed, and should not stay
  // on a shared computer.
  document.querySelectorAll("[data-clear-backup]").forEach(function (el) {
    if (storage) { storage.removeItem(el.getAttribute("data-clear-backup")); }
  });

  // After a refused save, submission or invitation, start from the list of problems, which
  // links to each field.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  var form = document.getElementById("evaluation-form");
  if (!form) { return; }

  var total = parseInt(form.getAttribute("data-progress-total") || "0", 10);
  var outputs = document.querySelectorAll("[data-progress-output]");
  function updateProgress() {
    var groups = form.querySelectorAll("fieldset[data-quality]");
    var answered = Array.prototype.filter.call(groups, function (group) {
      return group.querySelector("input[type=radio]:checked") !== null;
    }).length;
    outputs.forEach(function (output) {
      output.textContent = answered + " of " + total + " qualities answered";
    });
  }
  form.addEventListener("change", updateProgress);

  var key = form.getAttribute("data-backup-key");
  var savedAt = parseInt(form.getAttribute("data-saved-at") || "0", 10) * 1000;
  if (!storage || !key || form.querySelector("fieldset[disabled]")) { return; }

  function copiedFields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "hidden" && el.type !== "submit" && el.type !== "button" &&
        el.tagName !== "FIELDSET";
    });
  }
  function snapshot() {
    var values = {};
    copiedFields().forEach(function (el) {
      if (el.type === "radio") {
        if (!(el.name in values)) { values[el.name] = ""; }
        if (el.checked) { values[el.name] = el.value; }
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }
  function differs(values) {
    var now = snapshot();
    return Object.keys(values).some(function (name) {
      return name in now && now[name] !== values[name];
    });
  }
  function restore(values) {
    copiedFields().forEach(function (el) {
      if (!(el.name in values)) { return; }
      if (el.type === "radio") {
        el.checked = el.value === values[el.name];
      } else {
        el.value = values[el.name];
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
    updateProgress();
  }

  var stored = null;
  try { stored = JSON.parse(storage.getItem(key) || "null"); } catch (e) { stored = null; }
  if (stored && stored.t > savedAt && stored.values && differs(stored.values)) {
    var offer = document.getElementById("backup-offer");
    var when = new Date(stored.t).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" });
    var text = document.createElement("p");
    text.textContent = "This device has answers you typed at " + when + " that were not saved. Restore them into the form?";
    var restoreButton = document.createElement("button");
    restoreButton.type = "button"; restoreButton.className = "btn btn-primary me-2 mb-2"; restoreButton.textContent = "Restore my answers";
    var discard = document.createElement("button");
    discard.type = "button"; discard.className = "btn btn-outline-secondary mb-2"; discard.textContent = "Discard them";
    offer.replaceChildren(text, restoreButton, discard);
    form.parentNode.insertBefore(offer, form);
    offer.classList.remove("d-none");
    // The button just pressed goes away: say what happened and put the focus there, so
    // keyboard and screen-reader users are not left on nothing.
    var settle = function (message) {
      var done = document.createElement("p");
      done.className = "mb-0";
      done.tabIndex = -1;
      done.textContent = message;
      offer.replaceChildren(done);
      done.focus();
    };
    restoreButton.addEventListener("click", function () {
      restore(stored.values);
      settle("Your answers are back in the form. Press Save and come back later to keep them.");
    });
    discard.addEventListener("click", function () {
      storage.removeItem(key);
      settle("The answers kept on this device are deleted.");
    });
  } else if (stored) {
    storage.removeItem(key);
  }

  var timer = null;
  var lastEdit = 0;
  function keepNow() {
    clearTimeout(timer);
    if (!lastEdit) { return; }
    try { storage.setItem(key, JSON.stringify({ t: lastEdit, values: snapshot() })); } catch (e) { /* storage full or off */ }
  }
  function keep() {
    lastEdit = Date.now();
    clearTimeout(timer);
    timer = setTimeout(keepNow, 400);
  }
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  // Saved or submitted straight after typing: copy the last answers now, before the page
  // goes, in case the server turns the request away (an expired session, a lost connection).
  form.addEventListener("submit", keepNow);
})();
