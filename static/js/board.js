// The board's drag-and-drop. A drop only fills in the card's own "Move to" form and
// submits it, so dragging, the keyboard and no-JavaScript all take the same path.
"use strict";

function moveTarget(element) {
  return element && element.closest("[data-move-to]");
}

document.addEventListener("dragstart", (event) => {
  const card = event.target.closest && event.target.closest(".board-card");
  if (!card) return;
  card.classList.add("dragging");
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", card.id);
});

document.addEventListener("dragend", (event) => {
  const card = event.target.closest && event.target.closest(".board-card");
  if (card) card.classList.remove("dragging");
  for (const zone of document.querySelectorAll(".drop-target")) zone.classList.remove("drop-target");
});

document.addEventListener("dragover", (event) => {
  const zone = moveTarget(event.target);
  if (!zone || !zone.dataset.moveTo) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = "move";
  zone.classList.add("drop-target");
});

document.addEventListener("dragleave", (event) => {
  const zone = moveTarget(event.target);
  if (zone && !zone.contains(event.relatedTarget)) zone.classList.remove("drop-target");
});

document.addEventListener("drop", (event) => {
  const zone = moveTarget(event.target);
  if (!zone || !zone.dataset.moveTo) return;
  event.preventDefault();
  const card = document.getElementById(event.dataTransfer.getData("text/plain"));
  if (!card) return;
  const form = card.querySelector(".move-form");
  const select = form.querySelector("select[name='move_to']");
  if (select.value === zone.dataset.moveTo) return;
  select.value = zone.dataset.moveTo;
  form.requestSubmit();
});

// A move from the keyboard (the card's own form) redraws the board: give the focus back
// to the moved card's menu, where the person was, instead of losing it to the page.
let movedCard = null;
document.addEventListener("submit", (event) => {
  const card = event.target.closest && event.target.closest(".board-card");
  movedCard = card ? card.id : null;
});
document.addEventListener("htmx:afterSwap", (event) => {
  if (!movedCard || event.detail.target.id !== "board") return;
  document.querySelector(`#${movedCard} select`)?.focus();
  movedCard = null;
});
