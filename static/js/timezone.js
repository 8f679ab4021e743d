// Sign-up: record the browser's time zone so dates and the digest use local time.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const field = document.querySelector("input[name='time_zone']");
  if (field && !field.value) {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  }
});
