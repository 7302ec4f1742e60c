// Playbook pages: copy buttons on talk-track lines, the stage filter of the objection library,
// sortable tables, glossary definitions on touch, and the offline service worker. DOM only; the pages are complete and
// readable without it.

// This file is <root>/assets/playbook/content.js; the service worker lives at <root>/sw.js so
// that its scope is the whole site (also when the site is served under a sub-path).
const SITE_ROOT = document.currentScript ? new URL("../../", document.currentScript.src) : null;

let offlineRegistration = null; // once the service worker is active

function registerServiceWorker() {
  if (!SITE_ROOT || !("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  const firstVisit = !navigator.serviceWorker.controller;
  navigator.serviceWorker
    .register(new URL("sw.js", SITE_ROOT), { scope: SITE_ROOT.pathname })
    .then(() => navigator.serviceWorker.ready)
    .then(settled)
    .then((registration) => {
      if (!registration.active) return;
      offlineRegistration = registration;
      offlineCopy(registration);
      // This page and its files came before the worker: ask it to keep them for offline use.
      if (!firstVisit) return;
      const urls = [location.href];
      for (const entry of performance.getEntriesByType("resource")) urls.push(entry.name);
      registration.active.postMessage({ type: "keep", urls });
    })
    .catch(() => {}); // offline support is a bonus: never let it break the page
}

// A new build's worker is on its way in (it takes over at once): talk to it, not to the one it
// replaces, which may stop in the middle of a download.
function settled(registration) {
  if (!registration.installing && !registration.waiting) return registration;
  return new Promise((resolve) => {
    const done = () => resolve(registration);
    navigator.serviceWorker.addEventListener("controllerchange", done, { once: true });
    setTimeout(done, 10000);
  });
}

// 下载离线版, in the footer: the service worker keeps the whole playbook (offline.json) and
// reports progress; a copy, once there, is brought up to date by itself after a new build.
function offlineCopy(registration) {
  const worker = {
    postMessage: (message) => (navigator.serviceWorker.controller || registration.active)?.postMessage(message),
  };
  const box = document.querySelector(".pb-offline");
  if (!box || box.dataset.bound) return;
  box.dataset.bound = "1";
  const text = JSON.parse(box.dataset.text || "{}");
  const fill = (template, values) =>
    String(template || "").replace(/\{(\w+)\}/g, (_, key) => (key in values ? values[key] : `{${key}}`));
  // Plain formatting, no Intl: a first Intl formatter costs a page tens of milliseconds on
  // the main thread while the calculators boot, for a line in the footer.
  const size = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
  const two = (n) => String(n).padStart(2, "0");
  const when = (ms) => {
    const d = new Date(ms);
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
  };
  const action = box.querySelector(".pb-offline__action");
  const bar = box.querySelector(".pb-offline__bar");
  const state = box.querySelector(".pb-offline__state");
  const remove = box.querySelector(".pb-offline__remove");
  const explain = box.querySelector(".pb-offline__explain");
  let last = { copy: null, latest: null, download: null };
  let failure = null;
  // The worker can stop in the middle of a download and forget it: the browser stops idle or
  // long-running workers, and a new build's worker replaces this one. While the page waits for
  // an answer or a download, it asks again when the worker has said nothing for a while, and a
  // download the worker no longer knows of is started again (files already kept are skipped).
  let heard = 0;
  let answered = false;
  let restarts = 0;
  const QUIET_MS = 6000;
  const watch = setInterval(() => {
    if (!box.isConnected) return clearInterval(watch);
    if ((!answered || last.download) && Date.now() - heard > QUIET_MS) {
      heard = Date.now();
      worker.postMessage({ type: "offline-status" });
    }
  }, 1000);

  const render = () => {
    const { copy, latest, download } = last;
    box.hidden = false;
    box.dataset.state = download ? "downloading" : failure ? "failed" : copy ? "ready" : "none";
    bar.hidden = !download;
    action.disabled = Boolean(download);
    explain.hidden = Boolean(copy) && !failure;
    remove.hidden = !copy || Boolean(download);
    if (download) {
      const total = download.totalBytes || (latest && latest.bytes) || 0;
      bar.value = total ? download.bytes / total : 0;
      state.textContent = fill(text.offline_progress, {
        percent: `${Math.floor((total ? download.bytes / total : 0) * 100)}%`,
        done: size(download.bytes),
        total: size(total),
      });
      action.hidden = true;
      return;
    }
    const need = latest ? fill(text.offline_size, { size: size(latest.bytes) }) : "";
    if (failure) {
      const reason = text[`offline_failed_${failure}`] || text.offline_failed_network;
      const bytes = latest ? size(latest.bytes) : "";
      state.textContent = [fill(reason, { size: bytes }), copy ? text.offline_kept : ""].join(" ").trim();
      action.textContent = text.offline_retry;
      action.hidden = false;
      return;
    }
    state.textContent = copy ? fill(text.offline_ready, { date: when(copy.date) }) : "";
    action.textContent = need ? `${text.offline_download}（${need}）` : text.offline_download;
    action.hidden = Boolean(copy);
  };

  const start = async () => {
    failure = null;
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
    last = { ...last, download: { done: 0, total: 0, bytes: 0, totalBytes: last.latest ? last.latest.bytes : 0 } };
    render();
    worker.postMessage({ type: "offline-download" });
  };

  const onMessage = (event) => {
    if (!box.isConnected) {
      // Material's instant navigation put a new footer in: its own box listens now.
      navigator.serviceWorker.removeEventListener("message", onMessage);
      return;
    }
    const data = event.data || {};
    if (typeof data.type === "string" && data.type.startsWith("offline-")) heard = Date.now();
    if (data.type === "offline-status") {
      const current = data.copy && data.latest && data.copy.version === data.latest.version;
      const lost = !data.download && last.download && !failure && !current;
      answered = true;
      last = data;
      render();
      const stale = data.copy && data.latest && data.copy.version !== data.latest.version;
      const wanted = !data.copy && data.latest && box.dataset.mode === "automatic" && !saveData();
      if (lost && data.latest && restarts < 3) {
        restarts += 1;
        start();
      } else if (lost) {
        failure = data.latest ? "stopped" : "network";
        render();
      } else if (!data.download && !failure && (stale || wanted)) {
        // A copy the rep asked for follows the site: a new build replaces it, whole. Not after a
        // failure on this page: the rep retries (重试), or the next page starts afresh; otherwise
        // any later status (a new worker taking over) would restart a download that keeps failing.
        start();
      }
    } else if (data.type === "offline-progress" && !failure) {
      last = { ...last, download: data };
      render();
    } else if (data.type === "offline-done") {
      last = { ...last, copy: data.copy, download: null };
      render();
    } else if (data.type === "offline-failed") {
      failure = data.reason;
      last = { ...last, download: null };
      render();
    }
  };
  navigator.serviceWorker.addEventListener("message", onMessage);
  // A new worker took over: it is the one to ask from now on.
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (box.isConnected) worker.postMessage({ type: "offline-status" });
  });
  action.addEventListener("click", () => {
    restarts = 0;
    start();
  });
  remove.addEventListener("click", () => worker.postMessage({ type: "offline-remove" }));
  worker.postMessage({ type: "offline-status" });
}

function saveData() {
  const connection = navigator.connection;
  return Boolean(connection && connection.saveData);
}

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

// Tables marked data-sortable sort by a column when its header is clicked (text compare in
// the page's language; numbers compare as numbers).
function bindSort(root) {
  for (const table of root.querySelectorAll("table[data-sortable]")) {
    if (table.dataset.bound) continue;
    table.dataset.bound = "1";
    const collator = new Intl.Collator(document.documentElement.lang || "zh", { numeric: true });
    table.querySelectorAll("thead th").forEach((th, column) => {
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      th.style.cursor = "pointer";
      const sort = () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        for (const other of table.querySelectorAll("thead th")) other.setAttribute("aria-sort", "none");
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const body = table.tBodies[0];
        const rows = [...body.rows].sort((a, b) => {
          const order = collator.compare(a.cells[column].textContent, b.cells[column].textContent);
          return ascending ? order : -order;
        });
        body.append(...rows);
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sort();
        }
      });
    });
  }
}

// Glossary terms on touch: a tap shows the definition in place (a rep mid-call must not be sent
// away to the glossary); a mouse or keyboard still follows the link, with Material's hover
// tooltip. Tap elsewhere, tap the term again or press Escape to close; one open at a time.
let lastPointer = "mouse";
let popover = null;
let openTerm = null;

function closeTerm({ refocus = false } = {}) {
  if (!popover || !openTerm) return;
  popover.hidden = true;
  openTerm.setAttribute("aria-expanded", "false");
  if (refocus) openTerm.focus();
  openTerm = null;
}

function showTerm(term) {
  if (!popover) {
    popover = document.createElement("div");
    popover.className = "pb-popover";
    popover.id = "pb-popover";
    popover.setAttribute("role", "dialog");
    popover.hidden = true;
    document.body.append(popover);
  }
  const name = document.createElement("strong");
  name.className = "pb-popover__term";
  name.id = "pb-popover-term";
  name.textContent = term.dataset.pbTerm || term.textContent;
  const text = document.createElement("p");
  text.className = "pb-popover__text";
  text.textContent = term.dataset.pbDefinition || term.getAttribute("title") || "";
  const more = document.createElement("a");
  more.className = "pb-popover__more";
  more.href = term.href;
  const label = document.querySelector('meta[name="pb-glossary-more"]');
  more.textContent = (label && label.content) || term.href;
  popover.replaceChildren(name, text, more);
  popover.setAttribute("aria-labelledby", name.id);
  popover.hidden = false;
  // Under the term, inside the viewport (8 px from either edge).
  const box = term.getBoundingClientRect();
  const width = popover.offsetWidth;
  const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
  popover.style.left = `${left + window.scrollX}px`;
  popover.style.top = `${box.bottom + window.scrollY + 6}px`;
  if (openTerm && openTerm !== term) openTerm.setAttribute("aria-expanded", "false");
  openTerm = term;
  term.setAttribute("aria-expanded", "true");
  term.setAttribute("aria-controls", popover.id);
}

function bindTerms() {
  if (document.documentElement.dataset.pbTerms) return;
  document.documentElement.dataset.pbTerms = "1";
  document.addEventListener("pointerdown", (event) => {
    lastPointer = event.pointerType || "mouse";
    const inside = event.target.closest && event.target.closest(".pb-popover, a.pb-term");
    if (!inside) closeTerm();
  }, true);
  document.addEventListener("click", (event) => {
    const term = event.target.closest && event.target.closest("a.pb-term");
    if (!term || (lastPointer !== "touch" && lastPointer !== "pen")) return;
    event.preventDefault();
    if (openTerm === term) closeTerm();
    else showTerm(term);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && openTerm) closeTerm({ refocus: true });
  });
}

// A page past its review date says so even when the site was built before that date.
function showStale(root) {
  const today = new Date().toISOString().slice(0, 10);
  for (const banner of root.querySelectorAll(".pb-stale[hidden][data-pb-review-by]")) {
    if (banner.dataset.pbReviewBy < today) banner.hidden = false;
  }
}

// Material's search is a dialog without a name; name it as its own input is named.
function labelSearch() {
  const dialog = document.querySelector('.md-search[role="dialog"]:not([aria-label])');
  const input = document.querySelector(".md-search__input[aria-label]");
  if (dialog && input) dialog.setAttribute("aria-label", input.getAttribute("aria-label"));
}

function bind() {
  labelSearch();
  showStale(document);
  bindCopy(document);
  bindFilter(document);
  bindSort(document);
  bindTerms();
  closeTerm();
  if (offlineRegistration) offlineCopy(offlineRegistration);
}

// The page as first loaded; pages swapped in by instant navigation after it are kept for
// offline use by the service worker on request (their fetch does not go through it).
const firstPage = location.href.split("#")[0];

function keepSwappedIn() {
  const here = location.href.split("#")[0];
  const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (here !== firstPage && worker) worker.postMessage({ type: "keep", urls: [here], refresh: true });
}

bind();
registerServiceWorker();
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => {
    bind();
    keepSwappedIn();
  });
}
