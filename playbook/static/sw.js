// The playbook's service worker: once a page or the calculator runtime has loaded, it keeps
// working without a network (reps on trains, in basements, in mainland China behind a poor
// connection). Served from the site root so its scope is the whole site.
//
// - Immutable files (the versioned Pyodide runtime, our versioned wheel and lock file, Material's
//   hashed bundles): cache first — they never change under the same URL.
// - Everything else of this origin (pages, search index, our CSS/JS): network first with a short
//   timeout, falling back to the last copy — so an edited page shows up at once when online.
// - Other origins and non-GET requests are never touched (the site loads nothing from them).
//
// - 下载离线版 (the page's footer asks; see download below): every page, the search index and the
//   runtime of the build, listed in offline.json, kept as one copy that a new build replaces
//   whole.
//
// BUILD is replaced at build time by the runtime id; a new build gets a fresh page cache.
// Page caches are named by scope too: sites sharing an origin (the main site and its
// pull-request previews under pr/<n>/, or two teams' playbooks under different paths) share the
// browser's CacheStorage, and one site's new build must not delete another site's pages.

const BUILD = "__PLAYBOOK_BUILD__";
// Shown for a page never opened before when there is no network (built, escaped and put in the
// site's language at build time; playbook.assets.RuntimeAssets.service_worker).
const OFFLINE_PAGE = "__PLAYBOOK_OFFLINE_PAGE__";
const PAGES_PREFIX = `playbook-pages-${self.registration.scope}-`;
const PAGES = `${PAGES_PREFIX}${BUILD}`;
const IMMUTABLE = "playbook-immutable";
// The offline copy: one cache per version of offline.json, and a small record of which copy is
// complete (written last, so a copy is used only once every file of it is in).
const COPY_PREFIX = `playbook-offline-${self.registration.scope}-`;
const STATE_CACHE = `playbook-offline-state-${self.registration.scope}`;
const STATE_URL = new URL("offline-state", self.registration.scope).href;
const MANIFEST_URL = new URL("offline.json", self.registration.scope).href;
const NETWORK_TIMEOUT_MS = 4000;
const IMMUTABLE_PATH = /\/assets\/(pyodide\/[^/]+|calculators\/[0-9a-f]+)\/|\.[0-9a-f]{8}\.min\.(js|css)$/;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PAGES_PREFIX) && name !== PAGES) await caches.delete(name);
      }
      await self.clients.claim();
      try {
        // Runtimes and bundles of builds gone by: keep this build's and the offline copy's.
        const manifest = await (await fetch(MANIFEST_URL, { cache: "no-store" })).json();
        const copy = await readState();
        await prune(new Set([...keepKeys(manifest.files), ...((copy && copy.keep) || [])]));
      } catch {
        // no network or no list: prune next time
      }
    })(),
  );
});

async function cacheFirst(event) {
  const request = event.request;
  const cache = await caches.open(IMMUTABLE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  // Streamed to the page (the runtime compiles while it downloads) and kept meanwhile; a
  // no-store request (the worker re-checking a file it found damaged) is never kept.
  if (response.ok && request.cache !== "no-store") {
    event.waitUntil(cache.put(request, response.clone()).catch(() => {}));
  }
  return response;
}

async function networkFirst(event) {
  const request = event.request;
  const cache = await caches.open(PAGES);
  const network = fetch(request).then((response) => {
    // Kept for offline use while the page already reads the response.
    if (response.ok && request.cache !== "no-store") {
      event.waitUntil(cache.put(request, response.clone()).catch(() => {}));
    }
    return response;
  });
  const timeout = new Promise((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_MS));
  try {
    const response = await Promise.race([network, timeout]);
    if (response) return response;
  } catch {
    // offline or the server is gone: fall through to the cache
  }
  const hit =
    (await cache.match(request)) ||
    (await cache.match(request, { ignoreSearch: true })) ||
    (await fromCopy(request));
  if (hit) return hit;
  if (request.mode === "navigate") {
    // A page never opened, and no network: say so in the site's language, not a browser error.
    return network.catch(
      () =>
        new Response(OFFLINE_PAGE.replace("__PLAYBOOK_HOME__", self.registration.scope), {
          status: 503,
          headers: { "Content-Type": "text/html; charset=utf-8" },
        }),
    );
  }
  return network; // nothing cached: let the browser show its own error
}

// The first page a browser opens is fetched before this worker controls it, so neither it nor
// its styles and scripts went through the fetch handler: the page sends their addresses once
// the worker is active, and they are kept like everything fetched later. A page swapped in by
// instant navigation did not come through here either: it is sent with refresh (the copy kept
// is replaced, as a page fetched through the worker would be).
async function keep(urls, refresh = false) {
  const pages = await caches.open(PAGES);
  const immutable = await caches.open(IMMUTABLE);
  for (const address of urls) {
    try {
      const url = new URL(address);
      if (url.origin !== self.location.origin) continue;
      url.hash = "";
      const cache = IMMUTABLE_PATH.test(url.pathname) ? immutable : pages;
      if (!(refresh && cache === pages) && (await cache.match(url.href))) continue;
      const response = await fetch(url.href);
      if (response.ok) await cache.put(url.href, response);
    } catch {
      // one address that cannot be kept does not stop the others
    }
  }
}

// ---- the offline copy ------------------------------------------------------------------

const VERSIONED_DIR = /^assets\/(?:pyodide\/[^/]+|calculators\/[0-9a-f]+)\//;

// What a site path is kept as in the shared cache of versioned files: its runtime directory
// (snapshot and all), or the file itself (a hashed bundle).
function keepKey(path) {
  const dir = VERSIONED_DIR.exec(path);
  return dir ? dir[0] : path;
}

function keepKeys(files) {
  return files.map(([path]) => path).filter((path) => IMMUTABLE_PATH.test(`/${path}`)).map(keepKey);
}

async function readState() {
  try {
    if (!(await caches.has(STATE_CACHE))) return null;
    const hit = await (await caches.open(STATE_CACHE)).match(STATE_URL);
    return hit ? await hit.json() : null;
  } catch {
    return null;
  }
}

async function fromCopy(request) {
  const state = await readState();
  if (!state) return undefined;
  const copy = await caches.open(COPY_PREFIX + state.version);
  return (await copy.match(request)) || (await copy.match(request, { ignoreSearch: true }));
}

// Versioned files of this site (not of other sites on the origin: a preview under pr/7/ has
// its own) that no build in use needs any more.
async function prune(keep) {
  const cache = await caches.open(IMMUTABLE);
  const scope = self.registration.scope;
  for (const request of await cache.keys()) {
    if (!request.url.startsWith(scope)) continue;
    const path = request.url.slice(scope.length);
    if (!path.startsWith("assets/") || keep.has(keepKey(path))) continue;
    await cache.delete(request);
  }
}

let download = null; // the download under way: { done, total, bytes, totalBytes }

async function tell(message) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) {
    client.postMessage(message);
  }
}

class Failure extends Error {
  constructor(reason) {
    super(reason);
    this.reason = reason; // network | changed | quota
  }
}

async function fetchFile(url, size) {
  let response;
  try {
    response = await fetch(url, { cache: "no-cache" });
  } catch {
    throw new Failure("network");
  }
  if (!response.ok) throw new Failure(response.status === 404 ? "changed" : "network");
  const body = await response.blob();
  // A file that is not the size the list says: the site was rebuilt while downloading.
  if (body.size !== size) throw new Failure("changed");
  const type = response.headers.get("Content-Type");
  return new Response(body, { status: 200, headers: type ? { "Content-Type": type } : {} });
}

async function store(cache, url, response) {
  try {
    await cache.put(url, response);
  } catch (error) {
    throw new Failure(error && error.name === "QuotaExceededError" ? "quota" : "network");
  }
}

async function downloadCopy() {
  let manifest;
  try {
    manifest = await (await fetch(MANIFEST_URL, { cache: "no-store" })).json();
  } catch {
    throw new Failure("network");
  }
  const previous = await readState();
  const name = COPY_PREFIX + manifest.version;
  // Partial copies of other versions are of no use now (this one's part is kept: it resumes).
  for (const other of await caches.keys()) {
    if (other.startsWith(COPY_PREFIX) && other !== name && other !== COPY_PREFIX + previous?.version) {
      await caches.delete(other);
    }
  }
  const copy = await caches.open(name);
  const immutable = await caches.open(IMMUTABLE);
  const progress = { done: 0, total: manifest.files.length, bytes: 0, totalBytes: manifest.bytes };
  download = progress;
  let told = 0;
  const queue = [...manifest.files];
  const fetchNext = async () => {
    try {
      await fetchAll();
    } catch (error) {
      queue.length = 0; // one file failed: the others stop, and no progress is told after it
      throw error;
    }
  };
  const fetchAll = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const [path, size] = item;
      const url = new URL(path, self.registration.scope).href;
      const cache = IMMUTABLE_PATH.test(new URL(url).pathname) ? immutable : copy;
      if (!(await cache.match(url))) await store(cache, url, await fetchFile(url, size));
      progress.done += 1;
      progress.bytes += size;
      if (queue.length && Date.now() - told > 200) {
        told = Date.now();
        await tell({ type: "offline-progress", ...progress });
      }
    }
  };
  await Promise.all([fetchNext(), fetchNext(), fetchNext(), fetchNext()]);
  const state = {
    version: manifest.version,
    bytes: manifest.bytes,
    files: manifest.files.length,
    date: Date.now(),
    keep: keepKeys(manifest.files),
  };
  await (await caches.open(STATE_CACHE)).put(
    STATE_URL,
    new Response(JSON.stringify(state), { headers: { "Content-Type": "application/json" } }),
  );
  // Only now, with the new copy complete, does the old one go, with runtimes nobody needs.
  for (const other of await caches.keys()) {
    if (other.startsWith(COPY_PREFIX) && other !== name) await caches.delete(other);
  }
  await prune(new Set([...state.keep, ...keepKeys(await currentFiles(manifest))]));
  return state;
}

// This build's own files (the copy may be of it, or the page may be of a newer build).
async function currentFiles(fallback) {
  try {
    return (await (await fetch(MANIFEST_URL, { cache: "no-store" })).json()).files;
  } catch {
    return fallback.files;
  }
}

async function startDownload() {
  if (!download) {
    download = { done: 0, total: 0, bytes: 0, totalBytes: 0 };
    try {
      const copy = await downloadCopy();
      await tell({ type: "offline-done", copy });
    } catch (error) {
      await tell({ type: "offline-failed", reason: (error && error.reason) || "network" });
    } finally {
      download = null;
    }
  }
}

async function removeCopy() {
  await caches.delete(STATE_CACHE);
  for (const name of await caches.keys()) {
    if (name.startsWith(COPY_PREFIX)) await caches.delete(name);
  }
}

async function status() {
  let latest = null;
  try {
    const manifest = await (await fetch(MANIFEST_URL, { cache: "no-store" })).json();
    latest = { version: manifest.version, bytes: manifest.bytes };
  } catch {
    // offline: the copy is what there is
  }
  return { type: "offline-status", copy: await readState(), latest, download };
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (message) => event.source && event.source.postMessage(message);
  if (data.type === "keep" && Array.isArray(data.urls)) {
    event.waitUntil(keep(data.urls, Boolean(data.refresh)));
  }
  if (data.type === "offline-status") event.waitUntil(status().then(reply));
  if (data.type === "offline-download") event.waitUntil(startDownload());
  if (data.type === "offline-remove") event.waitUntil(removeCopy().then(status).then(reply));
});

function isPage(url) {
  return url.pathname.endsWith("/") || url.pathname.endsWith(".html");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // A page fetched by Material's instant navigation, online: straight to the network (the
  // detour through this worker costs the next page tens of milliseconds). The page asks to keep
  // it afterwards (content.js); if the network fails, the theme falls back to an ordinary
  // navigation, which this worker answers from its caches.
  if (request.mode !== "navigate" && request.destination === "" && isPage(url) && self.navigator.onLine) return;
  event.respondWith(IMMUTABLE_PATH.test(url.pathname) ? cacheFirst(event) : networkFirst(event));
});
