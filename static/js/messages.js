/* Results of a full-page submit, announced (WCAG 4.1.3) and where the person is working.
 *
 * A page that comes back with a message ("Draft saved", "12 people marked present") had it in
 * the page from the start, so a screen reader would not read it, and focus would be at the top.
 * When the page opens at a row (#participant-12 after a change to that row), focus goes to the
 * row and the message is read through the announcer, an empty live region filled after load.
 * Otherwise focus goes to the message itself, which reads it. An error summary takes focus by
 * its own script and is left to do so.
 */
(function () {
  "use strict";
  var box = document.getElementById("page-messages");
  if (!box || document.getElementById("error-summary")) {
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
