/* Copy buttons: a button with data-copy="ID" puts the text of the element with that id on the
   clipboard and says "Copied" in the live region named by its data-copy-status. Where the
   clipboard refuses, the text is selected instead and the reader is told how to copy it. The
   buttons stay hidden without this script; the text itself can always be selected. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-copy]");

  function announce(status, text) {
    if (!status) { return; }
    // Emptying first makes a second "Copied" announced again.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function select(source) {
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  buttons.forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.textContent.trim();
      var fallback = function () {
        select(source);
        announce(status, "Selected: press Ctrl+C (or Command+C) to copy");
      };
      if (!navigator.clipboard || !navigator.clipboard.writeText) { fallback(); return; }
      navigator.clipboard.writeText(text).then(function () {
        announce(status, "Copied");
      }, fallback);
    });
  });
}());
