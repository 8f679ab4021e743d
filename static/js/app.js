// Page glue shared by every page. No inline scripts anywhere, so a strict CSP holds.
"use strict";

// A message banner fades after a while; errors stay until the page changes.
document.addEventListener("DOMContentLoaded", () => {
  for (const message of document.querySelectorAll(".message-success, .message-info")) {
    setTimeout(() => message.remove(), 8000);
  }
});

// The account menu is a <details>: it closes on Escape and on a click anywhere else.
document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll("details.account-menu[open]")) {
    if (!menu.contains(event.target)) menu.open = false;
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const menu of document.querySelectorAll("details.account-menu[open]")) {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});

// An htmx request that fails swaps nothing, so without this the page would simply not
// react. Say what happened, and that nothing was saved.
function problemMessage(status) {
  if (status === 0) return "Reframe could not be reached. Check your connection; nothing was saved.";
  if (status === 503) return "Reframe cannot reach its database just now; nothing was saved. Try again in a moment.";
  if (status === 413) return "That was too large to send; nothing was saved.";
  if (status === 403) return "That was refused, perhaps because the page is old. Reload it and try again.";
  if (status >= 500) return "Something went wrong on our side; nothing was saved. Try again, or reload the page.";
  return `That did not go through (HTTP ${status}). Reload the page and try again.`;
}

function showProblem(status) {
  const main = document.getElementById("main");
  if (!main) return;
  let box = main.querySelector(":scope > .messages");
  if (!box) {
    box = document.createElement("div");
    box.className = "messages";
    main.prepend(box);
  }
  box.setAttribute("role", "alert");
  const message = document.createElement("p");
  message.className = "message message-error htmx-problem";
  message.textContent = problemMessage(status);
  box.querySelector(".htmx-problem")?.remove(); // one at a time: the latest says it
  box.append(message);
}

document.addEventListener("htmx:responseError", (event) => showProblem(event.detail.xhr.status));
document.addEventListener("htmx:sendError", () => showProblem(0));

// Back and Forward between filtered tables: htmx puts back its copy of the page, but a
// form field's choice is not part of that copy, so the filters would read "All" (or the
// last choice). The address holds the filters of each step: set the fields from it.
document.addEventListener("htmx:historyRestore", () => {
  const params = new URLSearchParams(window.location.search);
  for (const form of document.querySelectorAll("form.filters")) {
    for (const field of form.elements) {
      if (!field.name || field.type === "submit") continue;
      const value = params.get(field.name) ?? "";
      const offered = field.tagName !== "SELECT" || [...field.options].some((o) => o.value === value);
      if (offered) field.value = value; // a select without that choice keeps its own
    }
  }
});
