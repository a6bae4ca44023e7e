/* Progressive enhancements shared by every portal page (loaded with defer; strict CSP, so no
   inline script). Without JavaScript the page works as is: the full menu is shown and the
   error summary stays at the top of the form. */
(function () {
    "use strict";

    /* RGAA 11.10: after a form comes back with errors, focus moves to its summary, which lists
       each error with a link to its field. */
    function focusErrorSummary() {
        var summary = document.querySelector(".error-summary");
        if (summary) {
            summary.focus();
        }
    }

    /* On small screens the main menu folds behind a "Menu" button (disclosure pattern). The
       button only exists once this script runs: without it the menu stays a plain, full list. */
    function collapsibleMenu() {
        var nav = document.querySelector("[data-collapsible-nav]");
        if (!nav) {
            return;
        }
        var list = nav.querySelector(".main-nav__list");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "main-nav__toggle";
        button.textContent = nav.getAttribute("data-toggle-label") || "Menu";
        button.setAttribute("aria-expanded", "false");
        button.setAttribute("aria-controls", list.id);
        button.addEventListener("click", function () {
            var open = button.getAttribute("aria-expanded") !== "true";
            button.setAttribute("aria-expanded", open ? "true" : "false");
            nav.classList.toggle("main-nav--open", open);
        });
        nav.insertBefore(button, list);
        nav.classList.add("main-nav--collapsible");
    }

    function start() {
        collapsibleMenu();
        focusErrorSummary();
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
