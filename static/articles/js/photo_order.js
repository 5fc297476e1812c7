// The article form's photos: drag a row by its handle to reorder them; the 排序 numbers follow the rows (the
// first is the lead photo). Without JavaScript the numbers are typed in as before.
document.addEventListener("DOMContentLoaded", () => {
  const group = document.getElementById("photos-group");
  if (!group) return;
  const body = group.querySelector("tbody");
  const rows = () => [...body.querySelectorAll("tr.form-row:not(.empty-form)")];
  const renumber = () => rows().forEach((row, i) => {
    const input = row.querySelector("input[name$='-order']");
    if (input) input.value = i;
  });
  let dragged = null;
  const prepare = (row) => {
    if (row.dataset.sortable) return;
    row.dataset.sortable = "1";
    row.draggable = true;
    const cell = row.querySelector("td.field-order");
    if (cell) {
      const handle = document.createElement("span");
      handle.className = "photo-drag-handle";
      handle.title = "拖动以调整顺序";
      handle.textContent = "⠿";
      cell.prepend(handle);
    }
    row.addEventListener("dragstart", (event) => {
      dragged = row;
      event.dataTransfer.effectAllowed = "move";
    });
    row.addEventListener("dragover", (event) => {
      if (!dragged || dragged === row) return;
      event.preventDefault();
      const after = event.clientY > row.getBoundingClientRect().top + row.offsetHeight / 2;
      body.insertBefore(dragged, after ? row.nextSibling : row);
    });
    row.addEventListener("dragend", () => {
      dragged = null;
      renumber();
    });
  };
  rows().forEach(prepare);
  // Rows added with "添加另一个" become sortable too.
  new MutationObserver(() => rows().forEach(prepare)).observe(body, { childList: true });
});
