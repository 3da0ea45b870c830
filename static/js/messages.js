/* Results of a full-page submit, announced (WCAG 4.1.3) and where the person is working.
 *
 * A page that comes back with a message ("Draft saved", "12 people marked present") had it in
 * the page from the start, so a screen reader would not read it, and focus would be at the top.
 * When the page opens at a row (#participant-12 after a change to that row), focus goes to the
 * row and the message is read through the announcer, an empty live region filled after load.
 * Otherwise focus goes to the message itself, which reads it. After a refused submit the error
 * summary takes focus instead (some forms' own scripts do so too), and its links lead to each
 * field. The admin panel's messages have the same ids, so they are announced in the same way.
 */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    return;
  }
  var box = document.getElementById("page-messages");
  if (!box) {
    return;
  }
  var id = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : "";
  var target = id ? document.getElementById(id) : null;
  if (!target) {
    box.focus();
    return;
  }
  if (!target.hasAttribute("tabindex")) {
    target.setAttribute("tabindex", "-1");
  }
  target.focus();
  var announcer = document.getElementById("page-announcer");
  // After the live region has been seen empty, so the change is announced.
  window.setTimeout(function () {
    announcer.textContent = box.textContent.replace(/\s+/g, " ").trim();
  }, 150);
})();
