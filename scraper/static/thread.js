/* wdtk-archive thread page: page-wide switches for the per-message <details> views.
   Without JavaScript every message still has its own "removed text" and "raw text" controls. */
(function () {
  "use strict";

  function setAll(selector, open) {
    document.querySelectorAll(selector).forEach(function (el) { el.open = open; });
  }

  function wire(button, selector) {
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", open ? "true" : "false");
      setAll(selector, open);
    });
  }

  function start() {
    wire(document.getElementById("reveal-stripped"), "details.msg-stripped");
    wire(document.getElementById("reveal-raw"), "details.msg-raw");
    // A link to a message (#incoming-123) opens nothing by itself; make sure it is visible.
    if (location.hash.length > 1) {
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target && target.scrollIntoView) { target.scrollIntoView(); }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
