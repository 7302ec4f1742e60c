// Playbook pages: copy buttons on talk-track lines and the stage filter of the objection
// library. DOM only; the pages are complete and readable without it.

function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement("textarea");
  area.value = text;
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
  return Promise.resolve();
}

function bindCopy(root) {
  for (const button of root.querySelectorAll("button.pb-copy")) {
    if (button.dataset.bound) continue;
    button.dataset.bound = "1";
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener("click", async () => {
      const text = button.closest(".pb-say").querySelector(".pb-say__text").textContent;
      await copyText(text);
      button.textContent = button.dataset.done;
      setTimeout(() => (button.textContent = label), 1500);
    });
  }
}

function bindFilter(root) {
  for (const group of root.querySelectorAll(".pb-filter")) {
    if (group.dataset.bound) continue;
    group.dataset.bound = "1";
    group.hidden = false;
    const cards = root.querySelectorAll(".pb-objection[data-stage]");
    group.addEventListener("click", (event) => {
      const button = event.target.closest("[data-filter]");
      if (!button) return;
      for (const other of group.querySelectorAll("[data-filter]")) {
        other.setAttribute("aria-pressed", String(other === button));
      }
      const stage = button.dataset.filter;
      for (const card of cards) card.hidden = Boolean(stage) && card.dataset.stage !== stage;
    });
  }
}

function bind() {
  bindCopy(document);
  bindFilter(document);
}

bind();
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => bind());
}
