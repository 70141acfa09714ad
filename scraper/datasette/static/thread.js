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
    // Datasette closes every open <details> on any click outside it (for its menus). Here the
    // <details> are reading aids, so clicks inside the thread only close Datasette's menus.
    var thread = document.querySelector("article.thread");
    if (thread) {
      thread.addEventListener("click", function (ev) {
        document.querySelectorAll("details.nav-menu[open], .actions-menu-links[open]").forEach(function (d) {
          d.open = false;
        });
        ev.stopPropagation();
      });
    }
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
