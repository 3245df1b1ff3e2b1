// Progressive enhancements for the catalogue. Every page works without this file.
//  - "/" focuses the search box; Escape leaves it.
//  - Typing in a facet's "Find a …" box filters the values already on the page at once
//    (Enter still asks the server, which searches every value of the facet).
(function () {
  "use strict";

  function isTyping(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey) {
      if (isTyping(event.target)) return;
      var box = document.querySelector("input[data-shortcut='/']");
      if (box) {
        event.preventDefault();
        box.focus();
        box.select();
      }
    } else if (event.key === "Escape" && isTyping(event.target)) {
      event.target.blur();
    }
  });

  function normalise(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").trim();
  }

  function filterList(input) {
    var list = document.getElementById(input.getAttribute("data-facet-filter"));
    if (!list) return;
    var needle = normalise(input.value);
    var shown = 0;
    list.querySelectorAll("li").forEach(function (item) {
      var name = item.querySelector(".facet-name");
      var text = normalise((name ? name.textContent : item.textContent) + " " +
        (item.querySelector("a") ? item.querySelector("a").title || "" : ""));
      var match = !needle || text.indexOf(needle) !== -1;
      if (match) {
        item.removeAttribute("data-filter-hidden");
        shown += 1;
      } else {
        item.setAttribute("data-filter-hidden", "");
      }
    });
    list.setAttribute("aria-busy", "false");
    input.setAttribute("aria-description", shown + " shown");
  }

  document.querySelectorAll("input[data-facet-filter]").forEach(function (input) {
    input.addEventListener("input", function () {
      filterList(input);
    });
    if (input.value) filterList(input);
  });
})();
