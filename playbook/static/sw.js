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
    })(),
  );
});

async function cacheFirst(request) {
  const cache = await caches.open(IMMUTABLE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  const cache = await caches.open(PAGES);
  const network = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  const timeout = new Promise((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_MS));
  try {
    const response = await Promise.race([network, timeout]);
    if (response) return response;
  } catch {
    // offline or the server is gone: fall through to the cache
  }
  const hit = (await cache.match(request)) || (await cache.match(request, { ignoreSearch: true }));
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
// the worker is active, and they are kept like everything fetched later.
async function keep(urls) {
  const pages = await caches.open(PAGES);
  const immutable = await caches.open(IMMUTABLE);
  for (const address of urls) {
    try {
      const url = new URL(address);
      if (url.origin !== self.location.origin) continue;
      url.hash = "";
      const cache = IMMUTABLE_PATH.test(url.pathname) ? immutable : pages;
      if (await cache.match(url.href)) continue;
      const response = await fetch(url.href);
      if (response.ok) await cache.put(url.href, response);
    } catch {
      // one address that cannot be kept does not stop the others
    }
  }
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep" && Array.isArray(data.urls)) event.waitUntil(keep(data.urls));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(IMMUTABLE_PATH.test(url.pathname) ? cacheFirst(request) : networkFirst(request));
});
