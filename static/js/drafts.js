// Draft messages stay editable: the e-mail link beside a draft follows the edits, so the
// e-mail program opens with the words on the page. The first line "Subject: …" is the
// subject; the rest, after the blank line, the message. Delegated from the document, so
// drafts htmx swaps in work too. Without JavaScript the link opens the draft as written.
"use strict";

function mailtoFor(text, to) {
  let subject = "";
  let body = text;
  const match = /^Subject:[ \t]*(.*)\r?\n?/.exec(text);
  if (match) {
    subject = match[1];
    body = text.slice(match[0].length).replace(/^\r?\n/, "");
  }
  const encode = (value) => encodeURIComponent(value.replace(/\r?\n/g, "\r\n"));
  return `mailto:${encodeURIComponent(to).replace("%40", "@")}?subject=${encode(subject)}&body=${encode(body)}`;
}

document.addEventListener("input", (event) => {
  const field = event.target;
  if (!field.matches || !field.matches("textarea[data-mailto]")) return;
  const link = document.querySelector(field.dataset.mailto);
  if (link) link.href = mailtoFor(field.value, link.dataset.to || "");
});
