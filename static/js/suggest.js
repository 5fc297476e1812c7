// The article list's 人物 and 机构 boxes: as the reader types, the names of people and organizations readers
// may see are offered in the box's <datalist> (from /suggest/). Without JavaScript the boxes work as before.
document.querySelectorAll("input[data-suggest]").forEach((input) => {
  const list = document.getElementById(input.getAttribute("list"));
  let timer = null;
  let asked = "";
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = input.value.trim();
      if (!text || text === asked) return;
      asked = text;
      const response = await fetch(`${input.dataset.suggest}&q=${encodeURIComponent(text)}`);
      if (!response.ok) return;
      const { names } = await response.json();
      list.replaceChildren(...names.map((name) => Object.assign(document.createElement("option"), { value: name })));
    }, 200);
  });
});
