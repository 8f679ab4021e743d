// Page glue shared by every page. No inline scripts anywhere, so a strict CSP holds.
"use strict";

// A message banner fades after a while; errors stay until the page changes.
document.addEventListener("DOMContentLoaded", () => {
  for (const message of document.querySelectorAll(".message-success, .message-info")) {
    setTimeout(() => message.remove(), 8000);
  }
});
