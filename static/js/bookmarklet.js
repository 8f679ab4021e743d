// The "Save to Reframe" bookmarklet on the Settings page.
//
// A bookmarklet is a link whose address is code: dragged to the bookmarks bar, it runs on
// whatever page is open when it is clicked. Its code is `saveJobPage` below, turned into
// the link's address here, so that our pages carry no script address and no inline
// script (a strict CSP holds) and the code is written once, readably. On the job's site it
// only reads the page's address, title and selected text, and opens Reframe's clip page
// with them in a new tab; nothing goes anywhere else.
"use strict";

// The clip page's whole address, in characters (all ASCII once encoded). It must fit in
// one request line: gunicorn takes up to 8190 bytes (--limit-request-line), and before
// log-in the address travels once more inside ?next=, encoded again, which can make it
// 5/3 as long. A longer selection is cut, and the clip page says so.
const MAX_ADDRESS_LENGTH = 4800;
const MAX_TITLE_LENGTH = 300;

// Runs on the job's site, as the body of the bookmarklet: self-contained, no comments
// inside (some browsers fold a bookmark's address onto one line).
function saveJobPage(clipAddress, maxLength, maxTitle) {
  var wellFormed = function (text) {
    return text.toWellFormed ? text.toWellFormed() : text;
  };
  var title = Array.from(wellFormed(document.title || "")).slice(0, maxTitle).join("");
  var selected = Array.from(wellFormed(String(window.getSelection() || "").trim()));
  var kept = Math.min(selected.length, maxLength);
  var addressKeeping = function (count) {
    var fields = [["url", location.href], ["title", title], ["text", selected.slice(0, count).join("")]];
    if (count < selected.length) fields.push(["cut", "1"]);
    return clipAddress + "?" + fields.map(function (field) {
      return field[0] + "=" + encodeURIComponent(field[1]);
    }).join("&");
  };
  var address = addressKeeping(kept);
  while (address.length > maxLength && kept > 0) {
    kept = Math.floor(kept * 0.9);
    address = addressKeeping(kept);
  }
  window.open(address, "_blank", "noopener");
}

function bookmarkletFor(clipAddress) {
  const call = `(${saveJobPage})(${JSON.stringify(clipAddress)}, ${MAX_ADDRESS_LENGTH}, ${MAX_TITLE_LENGTH})`;
  return "javascript:" + encodeURIComponent(`void ${call}`);
}

document.addEventListener("DOMContentLoaded", () => {
  for (const link of document.querySelectorAll("a[data-clip-address]")) {
    link.href = bookmarkletFor(link.dataset.clipAddress);
    link.addEventListener("click", (event) => {
      // Here, on Reframe's own page, there is no job to save (and the CSP would refuse
      // to run it): say how the button is used instead.
      event.preventDefault();
      document.getElementById(link.dataset.hint)?.removeAttribute("hidden");
    });
  }
});
