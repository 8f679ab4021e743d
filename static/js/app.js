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
