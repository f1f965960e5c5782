// Saved responses: picking one fills the reason box so the moderator can adjust it.
// Without JavaScript the chosen response is used when the reason box is left empty.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select.canned-select");
  if (!select) return;
  const option = select.options[select.selectedIndex];
  const target = document.getElementById(select.dataset.target);
  if (target && option && option.dataset.text) {
    target.value = option.dataset.text;
  }
});
