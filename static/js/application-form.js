/* The expression-of-interest form: live word counts, the external-partner section, and a copy
   of what was typed kept on this device until the server has it, so an expired session or a
   lost connection loses nothing. Equality answers are never copied to the device. */
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form) { return; }

  // After a refused submission, start from the list of problems, which links to each field.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  function countWords(text) {
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }

  function number(n) { return n.toLocaleString("en-GB"); }

  form.querySelectorAll("textarea[data-word-limit]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("data-word-limit"), 10);
    // The most a draft holds (the field's maxlength): said once the text comes close to it,
    // so text that stops going in, or a paste cut short, is never a surprise.
    var most = area.maxLength > 0 ? area.maxLength : 0;
    var output = form.querySelector('.word-count[data-for="' + area.id + '"]');
    if (!output) { return; }
    function update() {
      var words = countWords(area.value);
      var text;
      if (words > limit) {
        text = words + " words: " + (words - limit) + " over the limit of " + limit + ".";
        output.classList.add("text-danger", "fw-semibold");
      } else {
        text = words + " of " + limit + " words.";
        output.classList.remove("text-danger", "fw-semibold");
      }
      if (most && area.value.length >= most * 0.9) {
        text += " " + number(area.value.length) + " of " + number(most) +
          " characters: the most a draft can hold.";
      }
      output.textContent = text;
    }
    area.addEventListener("input", update);
    update();
  });

  var orgType = document.getElementById("id_organisation_type");
  var external = document.getElementById("external-partner-section");
  if (orgType && external) {
    var toggle = function () { external.hidden = orgType.value === "local_authority"; };
    orgType.addEventListener("change", toggle);
    toggle();
  }

  var key = form.getAttribute("data-backup-key");
  var savedAt = parseInt(form.getAttribute("data-saved-at") || "0", 10) * 1000;
  var storage;
  try { storage = window.localStorage; } catch (e) { storage = null; }
  if (!storage || !key || form.querySelector("fieldset[disabled]")) { return; }

  function copiedFields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name.indexOf("equality-") !== 0 &&
        el.type !== "submit" && el.type !== "button";
    });
  }
  function snapshot() {
    var values = {};
    copiedFields().forEach(function (el) {
      values[el.name] = el.type === "checkbox" ? el.checked : el.value;
    });
    return values;
  }
  function differs(values) {
    return copiedFields().some(function (el) {
      if (!(el.name in values)) { return false; }
      return el.type === "checkbox" ? el.checked !== values[el.name] : el.value !== values[el.name];
    });
  }

  var stored = null;
  try { stored = JSON.parse(storage.getItem(key) || "null"); } catch (e) { stored = null; }
  if (stored && stored.t > savedAt && differs(stored.values)) {
    var offer = document.getElementById("backup-offer");
    var when = new Date(stored.t).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" });
    offer.innerHTML = "";
    var text = document.createElement("p");
    text.textContent = "This device has answers you typed at " + when + " that were not saved. Restore them into the form?";
    var restore = document.createElement("button");
    restore.type = "button"; restore.className = "btn btn-primary me-2"; restore.textContent = "Restore my answers";
    var discard = document.createElement("button");
    discard.type = "button"; discard.className = "btn btn-outline-secondary"; discard.textContent = "Discard them";
    offer.append(text, restore, discard);
    form.parentNode.insertBefore(offer, form);
    offer.classList.remove("d-none");
    // The button just pressed goes away: say what happened and put the focus there, so
    // keyboard and screen-reader users are not left on nothing.
    function settle(message) {
      var done = document.createElement("p");
      done.className = "mb-0";
      done.tabIndex = -1;
      done.textContent = message;
      offer.replaceChildren(done);
      done.focus();
    }
    restore.addEventListener("click", function () {
      copiedFields().forEach(function (el) {
        if (!(el.name in stored.values)) { return; }
        if (el.type === "checkbox") { el.checked = stored.values[el.name]; } else { el.value = stored.values[el.name]; }
        el.dispatchEvent(new Event("input", { bubbles: true }));
        el.dispatchEvent(new Event("change", { bubbles: true }));
      });
      settle("Your answers are back in the form. Press Save draft to keep them.");
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
  // Save draft pressed straight after typing: copy the last words now, before the page goes,
  // in case the server turns the request away (an expired session sends the person to sign in).
  form.addEventListener("submit", keepNow);
})();
