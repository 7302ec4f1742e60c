// Live calculators: transport and DOM only. The maths and the result HTML come from Python
// (at build time in CPython, here from the same package in Pyodide inside a module worker).
//
// Page contract: <form class="pb-calc" data-calc=ID data-state="static|loading|live|error"
// data-runtime=RUNTIME_ID data-pyodide=VERSION data-lang=zh>, one <input name=FIELD> per input,
// a [data-result] panel, a .pb-calc__status line (the engine's state) and a .pb-calc__notice line
// (what an action did, or a question before it runs) whose data-msg-* attributes hold the catalog
// text.

import { Runtime } from "./runtime.js";
import { decodeState, encodeState } from "./share.js";

const DEBOUNCE_MS = 60;

// The one place HTML goes into the page: what the worker's Python renderer built (every value
// escaped by calculators.html, the one escaping path). Messages are text, set as text.
function rendered(element, answer) {
  element.innerHTML = answer.html;
}

function fill(template, params) {
  return String(template || "").replace(/\{(\w+)\}/g, (_, key) => (key in params ? params[key] : ""));
}

// Characters that belong to a typed number: a replacement must not cut one in half.
const NUMBERISH = /[0-9.,%％０-９．万亿千kKwWmM]/;

// `text` with the first whole occurrence of `typed` replaced by `option` (what a rep chose
// when the calculator asked "0.08: 8% or 0.08%?"). Python reports `typed` verbatim.
function replaceTyped(text, typed, option) {
  for (let at = text.indexOf(typed); at >= 0; at = text.indexOf(typed, at + 1)) {
    const before = at > 0 ? text[at - 1] : "";
    const after = text[at + typed.length] || "";
    if (!NUMBERISH.test(before) && !NUMBERISH.test(after)) {
      return text.slice(0, at) + option + text.slice(at + typed.length);
    }
  }
  const at = text.indexOf(typed);
  return at < 0 ? option : text.slice(0, at) + option + text.slice(at + typed.length);
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API needs a secure context; fall back to a hidden textarea.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

// Bytes as base64, in chunks (a 20 MB file would overflow one apply()).
function toBase64(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

// The first non-blank line of a pasted table: its header, when it has one.
function headerLine(text) {
  return (String(text).split(/\r?\n/).find((line) => line.trim()) || "").trim();
}

function sizeText(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// Buttons offered together (the readings of an entry, or yes / no), on a line of their own.
function choices(...buttons) {
  const group = document.createElement("span");
  group.className = "pb-calc__choices";
  group.append(...buttons);
  return group;
}

const runtimes = new Map();

function runtimeFor(form) {
  const key = `${form.dataset.pyodide}/${form.dataset.runtime}`;
  if (!runtimes.has(key)) runtimes.set(key, new Runtime(form.dataset.pyodide, form.dataset.runtime));
  return runtimes.get(key);
}

class Calculator {
  constructor(form) {
    this.form = form;
    this.calc = form.dataset.calc;
    this.lang = form.dataset.lang || document.documentElement.lang || "zh";
    this.level = Number(form.dataset.heading) || 3; // the result panel's heading level
    this.status = form.querySelector(".pb-calc__status");
    this.notice = form.querySelector(".pb-calc__notice");
    this.progress = form.querySelector(".pb-calc__progress");
    this.retryButton = form.querySelector(".pb-calc__retry");
    this.result = form.querySelector("[data-result]");
    this.peek = this.makePeek();
    this.runtime = runtimeFor(form);
    this.timer = 0;
    this.seq = 0;
    this.pending = false;
    this.errors = []; // the problems of the inputs as they are now, from the last answer
    this.fromLink = false; // showing a share link's inputs that have not been computed yet
    this.runtime.on((event) => this.onRuntime(event));
    if (this.retryButton) this.retryButton.addEventListener("click", () => this.retry());
    const edited = () => {
      this.fromLink = false;
      this.clearNotice();
      this.schedule();
    };
    form.addEventListener("input", edited);
    form.addEventListener("change", edited);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.schedule(0);
    });
    form.addEventListener("focusin", () => this.runtime.start(), { once: true });
    this.bindActions();
    this.bindData();
    this.fillColumns(); // the build-time panel already says which column is which
    this.say(this.message("Idle")); // the page script runs: now live recalculation is a promise
    if (this.runtime.state === "ready") {
      // Already running for this page's predecessor (Material's instant navigation keeps the
      // page, its worker and its runtime): live at once.
      this.form.dataset.boot = "warm";
      this.setState("live");
      this.say(this.message("Live"));
    }
    if (this.restoreFromLink()) {
      this.fromLink = true;
      this.schedule(0);
      if (this.runtime.state !== "ready") this.say(this.message("Linkloading", { step: 1, total: 3 }));
    }
  }

  // --- share links: the inputs live in the URL fragment, which is never sent to a server ---

  controls() {
    return this.form.querySelectorAll("input[name], select[name], textarea[name]");
  }

  // What a link may carry: every input except the team's own data (a pasted table or an opened
  // file), which never leaves the browser: not in share links, 发给客户 links or the address bar.
  shareable() {
    return [...this.controls()].filter((c) => !c.hasAttribute("data-private")).map((c) => [c.name, c.value]);
  }

  linkState() {
    return encodeState(this.form.id, this.shareable());
  }

  restoreFromLink() {
    const pairs = decodeState(location.hash, this.form.id);
    if (!pairs) return false;
    const given = new Map(pairs);
    let changed = false;
    for (const control of this.controls()) {
      if (given.has(control.name) && given.get(control.name) !== control.value) {
        control.value = given.get(control.name);
        changed = true;
      }
    }
    if (changed) this.form.scrollIntoView({ block: "start" });
    return changed;
  }

  rememberInLink() {
    const state = this.linkState();
    if (location.hash !== state) history.replaceState(history.state, "", state);
  }

  // --- the team's own data: paste a table, or open a .csv / .xlsx file ---
  //
  // An opened file is read here, in the page, and handed to the worker as
  // `file:NAME;base64,DATA` in a hidden input that takes the field's name (the text area gives it
  // up until 改为粘贴); the table reader in Python decides by content what it is (.xlsx, or a
  // CSV in UTF-8 or GBK). Nothing of it is sent anywhere: see shareable().
  bindData() {
    for (const bar of this.form.querySelectorAll(".pb-data")) {
      const field = bar.closest(".pb-field");
      const area = field.querySelector(".pb-field__control [name]");
      const file = bar.querySelector(".pb-data__file");
      const chip = bar.querySelector(".pb-data__name");
      const clear = bar.querySelector(".pb-data__clear");
      const payload = bar.querySelector(".pb-data__payload");
      if (!area || !file || !payload) continue;
      const name = area.name;
      bar.hidden = false;
      const edited = () => this.form.dispatchEvent(new Event("input"));
      // Other data, other columns: the column choices go back to automatic when a file is
      // opened or put away, or when the header line of the pasted table changes.
      const columns = bar.querySelector(".pb-colmap");
      let header = headerLine(area.value);
      area.addEventListener("input", () => {
        const now = headerLine(area.value);
        if (now !== header) this.resetColumns(columns);
        header = now;
      });
      const paste = () => {
        payload.removeAttribute("name");
        payload.value = "";
        area.name = name;
        area.hidden = false;
        chip.hidden = true;
        clear.hidden = true;
        file.value = "";
      };
      file.addEventListener("change", async () => {
        const chosen = file.files && file.files[0];
        if (!chosen) return;
        const about = { name: chosen.name, size: sizeText(chosen.size) };
        if (chosen.size > Number(bar.dataset.maxBytes)) {
          file.value = "";
          chip.textContent = fill(bar.dataset.msgTooBig, about);
          chip.hidden = false;
          return;
        }
        const bytes = new Uint8Array(await chosen.arrayBuffer());
        payload.value = `file:${encodeURIComponent(chosen.name)};base64,${toBase64(bytes)}`;
        payload.name = name;
        this.resetColumns(columns);
        area.removeAttribute("name");
        area.hidden = true;
        chip.textContent = fill(bar.dataset.msgOpened, about);
        chip.hidden = false;
        clear.hidden = false;
        edited();
      });
      clear.addEventListener("click", () => {
        paste();
        this.resetColumns(columns);
        header = headerLine(area.value);
        edited();
        area.focus();
      });
    }
  }

  // 列对应: which column holds what. Only Python reads the table (an .xlsx too), so each result
  // panel carries the table's columns and the ones it read (a [data-colmap] line, JSON); the
  // selects offer those columns. A choice stays while its column is still in the table.
  fillColumns() {
    const read = new Set([...this.result.querySelectorAll("[data-colmap]")].map((l) => l.dataset.colmapField));
    // A field typed as plain numbers read no table: nothing to choose (table fields always do).
    for (const box of this.form.querySelectorAll(".pb-colmap")) box.hidden = !read.has(box.dataset.field);
    for (const line of this.result.querySelectorAll("[data-colmap]")) {
      const box = this.form.querySelector(`.pb-colmap[data-field="${CSS.escape(line.dataset.colmapField)}"]`);
      if (!box) continue;
      let about;
      try {
        about = JSON.parse(line.dataset.colmap);
      } catch {
        continue;
      }
      for (const select of box.querySelectorAll("select[data-role]")) {
        const kept = select.value;
        const fixed = [...select.options].filter((o) => o.value === "" || o.value === "-");
        const columns = about.options.map(({ value, label }) => new Option(label, value));
        select.replaceChildren(...fixed, ...columns);
        // What automatic found, said in its own option: 自动识别（客户名称）.
        const found = about.chosen[select.dataset.role];
        const shown = about.options.find((o) => o.value === found);
        const skip = fixed.find((o) => o.value === "-");
        const auto = fixed.find((o) => o.value === "");
        if (!auto.dataset.plain) auto.dataset.plain = auto.textContent;
        const what = shown ? shown.label : found === "-" && skip ? skip.textContent : "";
        auto.textContent = what ? fill(box.dataset.msgAuto, { column: what }) : auto.dataset.plain;
        select.value = [...select.options].some((o) => o.value === kept) ? kept : "";
      }
    }
  }

  resetColumns(box) {
    if (!box) return;
    for (const select of box.querySelectorAll("select[data-role]")) select.value = "";
  }

  // --- actions: share, copy table, CSV, present mode, print ---

  bindActions() {
    const bar = this.form.querySelector(".pb-calc__actions");
    if (!bar) return;
    bar.hidden = false;
    bar.addEventListener("click", (event) => {
      const button = event.target.closest("[data-action]");
      if (button) this.act(button.dataset.action, button);
    });
  }

  // Sharing inputs that are invalid, or exporting a result that is not the current inputs,
  // asks first: a rep must not send a prospect a link or a table that says something else.
  act(action, button) {
    const invalid = this.errors.length > 0;
    const behind = this.result.classList.contains("pb-calc__result--stale") ||
      this.result.classList.contains("pb-calc__result--link");
    const exports = action === "copy-table" || action === "csv" || action === "print";
    const shares = action === "share" || action === "customer";
    if ((shares && invalid) || (exports && (invalid || behind))) {
      this.confirm(action, invalid, () => this.run(action, button));
      return;
    }
    this.run(action, button);
  }

  confirm(action, invalid, proceed) {
    if (!this.notice) return proceed();
    const labels = this.errors.map((e) => this.labelOf(e.field)).filter(Boolean);
    const shares = action === "share" || action === "customer";
    const consequence = this.notice.dataset[shares ? "msgShareConsequence" : "msgExportConsequence"];
    const text = invalid
      ? fill(this.notice.dataset.msgConfirmInvalid, { fields: [...new Set(labels)].join("、"), consequence })
      : fill(this.notice.dataset.msgConfirmPending, { consequence });
    const yes = this.noticeButton(this.notice.dataset.msgProceed, () => {
      this.clearNotice();
      proceed();
    });
    const no = this.noticeButton(this.notice.dataset.msgCancel, () => this.clearNotice());
    this.notice.replaceChildren(document.createTextNode(text), choices(yes, no));
    this.notice.dataset.kind = "question";
    this.notice.hidden = false;
    yes.focus();
  }

  noticeButton(label, onClick) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button pb-calc__choice";
    button.textContent = label;
    button.addEventListener("click", onClick);
    return button;
  }

  labelOf(field) {
    const control = [...this.controls()].find((c) => c.name === field || c.name.endsWith(`.${field}`));
    const label =
      control &&
      ((control.id && this.form.querySelector(`label[for="${CSS.escape(control.id)}"]`)) ||
        control.closest(".pb-field")?.querySelector(".pb-field__label"));
    return label ? label.textContent.trim() : field;
  }

  // What an action did stays on screen until the next action or edit (the engine's own status
  // line is separate, so "链接已复制" is never replaced by "实时计算已就绪" a moment later).
  tell(text, ...more) {
    if (!this.notice || !text) return;
    this.notice.replaceChildren(document.createTextNode(text), ...more);
    this.notice.dataset.kind = "done";
    this.notice.hidden = false;
  }

  clearNotice() {
    if (!this.notice) return;
    this.notice.replaceChildren();
    this.notice.hidden = true;
  }

  async run(action, button) {
    const table = this.result.querySelector(".pb-table[data-export]");
    if (action === "share") {
      const url = new URL(this.linkState(), location.href).href;
      const kept = this.form.querySelector("[data-private]") && this.notice?.dataset.msgSharePrivate;
      if (await copyText(url)) this.tell(kept || button.dataset.done);
    } else if (action === "customer") {
      // 发给客户: the same numbers on the calculator's page of the public site (built with
      // --audience public), in its form's fragment: nothing internal, nothing sent to a server.
      const url = button.dataset.target + encodeState(button.dataset.targetForm, this.shareable());
      if (await copyText(url)) {
        const preview = document.createElement("a");
        preview.href = url;
        preview.target = "_blank";
        preview.rel = "noopener noreferrer";
        preview.className = "pb-calc__preview";
        preview.textContent = button.dataset.preview;
        this.tell(button.dataset.done, " ", preview);
      }
    } else if (action === "copy-table" && table) {
      if (await copyText(table.dataset.tsv)) this.tell(button.dataset.done);
    } else if (action === "csv" && table) {
      const blob = new Blob(["\ufeff" + table.dataset.csv], { type: "text/csv;charset=utf-8" });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = `${this.calc}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
      this.tell(button.dataset.done);
    } else if (action === "present") {
      this.present(!this.form.classList.contains("pb-calc--present"));
    } else if (action === "print") {
      window.print();
    } else if (action === "report") {
      this.openReport();
    }
  }

  // Present mode: the calculator alone on the screen, for a projector or a shared screen: its
  // title, the inputs that matter (the advanced ones and optional ones nobody filled in fold
  // away), the results beside them in big type; no site header, navigation, help lines or the
  // page's notes. Its button becomes the way out, and so does Esc.
  present(on) {
    for (const other of document.querySelectorAll("form.pb-calc--present")) {
      if (other !== this.form) other.dispatchEvent(new CustomEvent("pb-present-off"));
    }
    this.form.classList.toggle("pb-calc--present", on);
    for (const field of this.form.querySelectorAll(".pb-field[data-optional]")) {
      const control = field.querySelector("[name]");
      field.classList.toggle("pb-field--idle", on && control && !control.value.trim());
    }
    document.documentElement.classList.toggle("pb-presenting", on);
    const button = this.form.querySelector('.pb-calc__action[data-action="present"]');
    if (button) {
      if (!button.dataset.labelOff) button.dataset.labelOff = button.textContent;
      button.textContent = on ? button.dataset.labelOn || button.dataset.labelOff : button.dataset.labelOff;
      button.setAttribute("aria-pressed", String(on));
    }
    if (!this.presentBound) {
      this.presentBound = true;
      this.form.addEventListener("pb-present-off", () => this.present(false));
      document.addEventListener("keydown", (event) => {
        // Esc leaves present mode, unless it is closing a dialog (the report's) first.
        if (event.key !== "Escape" || !this.form.classList.contains("pb-calc--present")) return;
        if (document.querySelector("dialog[open]")) return;
        this.present(false);
      });
    }
    this.form.scrollIntoView({ block: "start" });
  }

  // 生成投资分析报告: the rep types the customer's name and the date; the worker renders the
  // report from the current inputs (the same Python renderer as the panel), and the page prints
  // it alone (calc.css, html.pb-printing).
  openReport() {
    const dialog = this.form.querySelector(".pb-report-dialog");
    if (!dialog || typeof dialog.showModal !== "function") return;
    const date = dialog.querySelector('[data-report="date"]');
    if (!date.value) {
      const now = new Date();
      const two = (n) => String(n).padStart(2, "0");
      date.value = `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
    }
    if (!dialog.dataset.bound) {
      dialog.dataset.bound = "1";
      dialog.querySelector("[data-report-cancel]").addEventListener("click", () => dialog.close());
      dialog.querySelector("[data-report-go]").addEventListener("click", () => this.makeReport(dialog));
      dialog.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && event.target.matches("input")) {
          event.preventDefault(); // not the calculator form's submit
          this.makeReport(dialog);
        }
      });
    }
    for (const error of dialog.querySelectorAll("[data-report-error]")) error.hidden = true;
    dialog.showModal();
    dialog.querySelector('[data-report="customer"]').focus();
  }

  async makeReport(dialog) {
    const note = dialog.querySelector(".pb-report-dialog__note");
    const go = dialog.querySelector("[data-report-go]");
    const meta = {};
    for (const input of dialog.querySelectorAll("[data-report]")) meta[input.dataset.report] = input.value;
    for (const error of dialog.querySelectorAll("[data-report-error]")) error.hidden = true;
    note.hidden = false;
    note.textContent = dialog.dataset.msgWait;
    go.disabled = true;
    let answer;
    try {
      if (this.runtime.state !== "ready") {
        await new Promise((resolve, reject) => {
          this.runtime.on((event) => {
            if (event.type === "ready") resolve();
            else if (event.type === "fatal") reject(Object.assign(new Error(event.message), { code: event.code }));
          });
          this.runtime.start();
        });
      }
      answer = await this.runtime.compute(this.calc, this.inputs(), this.lang, meta);
    } catch (error) {
      note.textContent = this.message("Failed", { reason: this.why({ code: (error && error.code) || "crash", message: String((error && error.message) || error) }) });
      go.disabled = false;
      return;
    }
    go.disabled = false;
    if (answer.internal) {
      console.error(`playbook calculator ${this.calc}: ${answer.internal}`);
      note.textContent = this.message("Internal");
      return;
    }
    if (!answer.ok) {
      const elsewhere = [];
      for (const problem of answer.errors) {
        const slot = dialog.querySelector(`[data-report-error="${problem.field}"]`);
        if (slot) {
          slot.textContent = problem.message;
          slot.hidden = false;
        } else {
          elsewhere.push(this.labelOf(problem.field) || problem.field);
        }
      }
      note.hidden = elsewhere.length === 0;
      note.textContent = fill(dialog.dataset.msgInvalid, { fields: [...new Set(elsewhere)].join("、") });
      return;
    }
    note.hidden = true;
    dialog.close();
    let sheet = document.querySelector("body > .pb-report-print");
    if (!sheet) {
      sheet = document.createElement("div");
      sheet.className = "pb-report-print md-typeset";
      document.body.append(sheet);
    }
    rendered(sheet, answer);
    const root = document.documentElement;
    root.classList.add("pb-printing");
    window.addEventListener("afterprint", () => root.classList.remove("pb-printing"), { once: true });
    window.print();
  }

  // Phones: the first headline figures in a bar at the bottom of the screen while the inputs
  // are on it (CSS shows it below 60em), so a rep sees the numbers move while typing; it steps
  // aside (invisible, still taking its place: nothing moves) while the full results are in view,
  // and its button goes to them.
  makePeek() {
    const cards = this.result ? this.result.querySelectorAll(".pb-outs .pb-out") : [];
    if (!cards.length) return null;
    const peek = document.createElement("div");
    peek.className = "pb-calc__peek";
    peek.setAttribute("aria-hidden", "true"); // the result panel itself is the live region
    const more = document.createElement("button");
    more.type = "button";
    more.className = "pb-calc__peek-more";
    more.textContent = this.message("Peek") || "↓";
    more.tabIndex = -1;
    more.addEventListener("click", () => {
      this.result.scrollIntoView({ behavior: "smooth", block: "start" });
    });
    peek.append(more);
    const inputs = this.form.querySelector(".pb-calc__inputs");
    (inputs || this.form.firstElementChild).after(peek);
    this.peekMore = more;
    this.updatePeek(peek);
    if ("IntersectionObserver" in window) {
      const shown = new IntersectionObserver((entries) => {
        for (const entry of entries) peek.classList.toggle("pb-calc__peek--idle", entry.isIntersecting);
      });
      this.watchPeek = () => {
        shown.disconnect();
        const outs = this.result.querySelector(".pb-outs");
        if (outs) shown.observe(outs);
      };
      this.watchPeek();
    }
    return peek;
  }

  updatePeek(peek = this.peek) {
    if (!peek) return;
    const items = [...this.result.querySelectorAll(".pb-outs .pb-out")].slice(0, 3).map((card) => {
      const item = document.createElement("div");
      item.className = "pb-calc__peek-out";
      const label = document.createElement("span");
      label.className = "pb-calc__peek-label";
      label.textContent = card.querySelector(".pb-out__label")?.textContent || "";
      const value = document.createElement("span");
      value.className = "pb-calc__peek-value";
      const output = card.querySelector("output");
      value.textContent = output ? output.textContent : "";
      if (output) value.dataset.peek = output.dataset.output || "";
      item.append(label, value);
      return item;
    });
    peek.replaceChildren(...items, this.peekMore);
    if (this.watchPeek) this.watchPeek();
  }

  message(name, params = {}) {
    return fill(this.status && this.status.dataset[`msg${name}`], params);
  }

  say(text) {
    if (this.status) this.status.textContent = text;
  }

  setState(state) {
    this.form.dataset.state = state;
    // The retry button is there while something failed, and only then.
    const failed = state === "error";
    if (this.retryButton && this.retryButton.hidden === failed) {
      const focused = document.activeElement === this.retryButton;
      this.retryButton.hidden = !failed;
      if (focused && !failed && this.status) {
        // Keep keyboard focus in the calculator, on the line that says what happens now.
        this.status.tabIndex = -1;
        this.status.focus();
      }
    }
  }

  // 重试: start the engine again after it failed (the form keeps what was typed), or send the
  // same numbers again after the calculator failed on them.
  retry() {
    this.pending = true;
    if (this.runtime.state === "failed") {
      this.setState("loading");
      this.say(this.message(this.fromLink ? "Linkloading" : "Loading", { step: 1, total: 3 }));
      this.runtime.retry();
    } else {
      this.schedule(0);
    }
  }

  // Why the engine failed, in the site's language (the technical detail goes to the console).
  why(event) {
    const key = { download: "WhyDownload", damaged: "WhyDamaged", timeout: "WhyTimeout", crash: "WhyCrash" }[
      event.code
    ];
    if (event.message) console.warn(`playbook calculator engine: ${event.message}`);
    return this.message(key || "WhyDownload");
  }

  onRuntime(event) {
    if (event.type === "progress") {
      this.setState("loading");
      if (this.progress) {
        this.progress.hidden = false;
        this.progress.max = event.total;
        this.progress.value = event.step;
      }
      // After a hang, keep saying why the engine restarts until it is back.
      if (!this.restarting) {
        const step = { step: Math.max(event.step, 1), total: event.total };
        this.say(this.message(this.fromLink ? "Linkloading" : "Loading", step));
      }
    } else if (event.type === "ready") {
      this.restarting = false;
      // "warm": the runtime was already running for another page (a shared worker);
      // "snapshot": restored from the build's memory snapshot; "cold": booted from scratch.
      this.form.dataset.boot = event.warm ? "warm" : event.boot || "cold";
      this.setState("live");
      if (this.progress) this.progress.hidden = true;
      if (!this.fromLink) this.say(this.message("Live")); // a link's numbers: say so once computed
      if (this.pending) this.schedule(0);
    } else if (event.type === "restart") {
      this.restarting = true;
      this.say(this.message("Timeout"));
      this.pending = true;
    } else if (event.type === "fatal") {
      this.setState("error");
      if (this.progress) this.progress.hidden = true;
      this.say(this.message(this.fromLink ? "Linkfailed" : "Failed", { reason: this.why(event) }));
      if (!this.fromLink) this.markStale(this.seq > 0);
    }
  }

  inputs() {
    const values = {};
    for (const control of this.controls()) values[control.name] = control.value;
    return values;
  }

  schedule(delay = DEBOUNCE_MS) {
    clearTimeout(this.timer);
    this.seq += 1;
    this.pending = true;
    if (this.runtime.state === "idle") this.runtime.start();
    if (this.runtime.state !== "ready") {
      this.markStale(true);
      return;
    }
    this.timer = setTimeout(() => this.send(), delay);
  }

  async send() {
    if (this.runtime.state !== "ready") return;
    this.pending = false;
    const seq = this.seq;
    let answer;
    try {
      answer = await this.runtime.compute(this.calc, this.inputs(), this.lang, null, this.level);
    } catch (error) {
      if (String(error.message) !== "timeout" && this.runtime.state === "ready") {
        this.setState("error");
        this.say(this.message("Failed", { reason: this.why({ code: "crash", message: error.message }) }));
        this.markStale(true);
      }
      return;
    }
    if (seq !== this.seq) return; // a newer edit is on its way
    if (answer.internal) {
      // A bug in the calculator for these numbers: keep the last correct result, say so.
      console.error(`playbook calculator ${this.calc}: ${answer.internal}`);
      this.setState("error");
      this.markStale(true);
      this.say(this.message("Internal"));
      return;
    }
    this.errors = answer.ok ? [] : answer.errors;
    this.showErrors(this.errors);
    if (answer.ok) {
      rendered(this.result, answer);
      this.fillColumns();
      this.updatePeek();
      this.fromLink = false;
      this.markStale(false);
      this.rememberInLink();
      this.setState("live");
      this.say(this.message("Live"));
    } else {
      this.setState("live");
      this.markStale(true);
      this.say(this.message(this.fromLink ? "Linkinvalid" : "Invalid"));
    }
    this.form.dispatchEvent(new CustomEvent("pb-calc:result", { detail: answer, bubbles: true }));
  }

  showErrors(errors) {
    const byField = new Map(errors.map((e) => [e.field, e.message]));
    const ambiguities = new Map(errors.filter((e) => e.options).map((e) => [e.field, e]));
    for (const field of this.form.querySelectorAll(".pb-field")) {
      const input = field.querySelector("[name]");
      const slot = field.querySelector(".pb-field__error");
      // Mapping inputs are named FIELD.NAME; their errors name NAME.
      const key = input && (byField.has(input.name) ? input.name : input.name.split(".").slice(1).join("."));
      const message = key && byField.get(key);
      byField.delete(key);
      if (input) input.toggleAttribute("aria-invalid", Boolean(message));
      if (input && message) input.setAttribute("aria-invalid", "true");
      if (slot) {
        slot.textContent = message || "";
        const ambiguity = message && ambiguities.get(key);
        if (ambiguity) slot.append(choices(...this.choiceButtons(input, ambiguity)));
        slot.hidden = !message;
      }
    }
    // Errors about no single field (e.g. the inputs as a whole) go to the status line.
    if (byField.size) this.say([...byField.values()].join(" "));
  }

  // Text that reads two ways ("0.08": 8% or 0.08%?) is never guessed: each reading is a button
  // that rewrites the rep's text so that it reads one way, then recomputes.
  choiceButtons(input, ambiguity) {
    const slot = input.closest(".pb-field").querySelector(".pb-field__error");
    return ambiguity.options.map((option) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button pb-calc__choice";
      button.textContent = option;
      button.setAttribute("aria-label", fill(slot.dataset.msgChoose, { option }));
      button.addEventListener("click", () => {
        input.value = replaceTyped(input.value, ambiguity.typed, option);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.focus();
      });
      return button;
    });
  }

  // The result panel is behind the inputs: after an edit ("stale"), or still the page defaults
  // while a share link's numbers are being computed ("link").
  markStale(stale) {
    const link = Boolean(stale) && this.fromLink;
    this.result.classList.toggle("pb-calc__result--stale", Boolean(stale) && !link);
    this.result.classList.toggle("pb-calc__result--link", link);
  }
}

// The runtime (~7 MB) starts for a calculator that is out on the page, at once; for one folded
// away (inside a closed <details>) when its block is opened and it comes into view, or when it
// is touched. A page whose calculators are all folded (the KPI dictionary: one per KPI)
// downloads nothing until the rep opens one. No prefetch otherwise: many reps are on metered
// phone data.
const seen =
  "IntersectionObserver" in window
    ? new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            if (!entry.isIntersecting) continue;
            seen.unobserve(entry.target);
            entry.target.pbCalculator?.runtime.start();
          }
        },
        { rootMargin: "50% 0px" },
      )
    : null;

// Each form once: its Calculator, and its runtime started now or when it is seen.
function bindAll(root = document) {
  for (const form of root.querySelectorAll("form.pb-calc[data-runtime]")) {
    if (form.pbCalculator) continue;
    form.pbCalculator = new Calculator(form);
    if (seen && form.closest("details:not([open])")) seen.observe(form);
    else form.pbCalculator.runtime.start();
  }
}

// The page names this module `async`, right after its first calculator: it runs as soon as it
// has loaded, before the theme's scripts and the rest of the page, so the runtime starts (or a
// running one is joined) early. Forms further down are bound once the page is parsed.
let subscribed = false;
function bindPage() {
  bindAll();
  if (!subscribed && window.document$ && typeof window.document$.subscribe === "function") {
    subscribed = true;
    // Material's instant navigation swaps the page without reloading: bind the new forms and
    // keep the worker that is already running.
    // A page left while presenting (the back button) does not take present mode along.
    window.document$.subscribe(() => {
      if (!document.querySelector("form.pb-calc--present")) {
        document.documentElement.classList.remove("pb-presenting");
      }
      bindAll();
    });
  }
}
bindPage();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bindPage);
