// The field app's service worker (served as /field/sw.js; the server prepends
// SHELL_VERSION, SHELL_FILES and TILE_URL).
//
// It keeps the app shell (page, styles, scripts, Leaflet, icons) for offline use, and map
// tiles from the configured tile server (TILE_URL): those around the day's stops, which
// the page asks it to fetch ahead ("precache-tiles"), and any other once seen. It never
// caches the API: the route lives in IndexedDB, where logout and the end of the day can
// remove it. Background Sync, where the browser has it, sends the outbox too; the page
// sends on open, on `online` and on a timer as well.
/* global FieldOutbox */
importScripts("/static/js/field-outbox.js");

var SHELL_CACHE = "field-shell-" + self.SHELL_VERSION;
var TILE_CACHE = "field-tiles";
var TILE_LIMIT = 600;
// At most this many tiles are fetched ahead for one route (about 15 KB each).
var PRECACHE_LIMIT = 300;
var PRECACHE_PARALLEL = 4;
var PAGE = self.SHELL_FILES[0];
var NETWORK_TIMEOUT_MS = 4000;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) {
      return cache.addAll(self.SHELL_FILES.map(function (url) {
        // The page load just fetched these: the HTTP cache revalidates them (304) instead
        // of downloading the shell a second time.
        return new Request(url, { credentials: "same-origin", cache: "no-cache" });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("field-shell-") === 0 && name !== SHELL_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// The configured tile URL template as a pattern: a request is a tile only if it matches
// (same site or not), and only such URLs are ever fetched ahead.
function tilePattern(template) {
  if (!template) { return null; }
  if (template.charAt(0) === "/") { template = self.location.origin + template; }
  var parts = template.split(/(\{[a-z]+\})/);
  var source = parts.map(function (part) {
    if (part === "{s}") { return "[a-z0-9-]+"; }
    if (part === "{z}" || part === "{x}" || part === "{y}") { return "-?\\d+"; }
    if (part === "{r}") { return "(?:@2x)?"; }
    if (/^\{[a-z]+\}$/.test(part)) { return "[^/?#]*"; }
    return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }).join("");
  return new RegExp("^" + source + "$");
}
var TILE_RE = tilePattern(self.TILE_URL);

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
    promise.then(function (v) { clearTimeout(timer); resolve(v); },
                 function (e) { clearTimeout(timer); reject(e); });
  });
}

// The page: from the network when it answers soon (a logged-out worker gets the login
// page), else the kept shell, which holds no personal data.
function page(request) {
  return withTimeout(fetch(request), NETWORK_TIMEOUT_MS).then(function (response) {
    if (response.ok && !response.redirected && response.type === "basic") {
      var copy = response.clone();
      caches.open(SHELL_CACHE).then(function (cache) { cache.put(PAGE, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(PAGE, { cacheName: SHELL_CACHE }).then(function (hit) {
      return hit || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
    });
  });
}

function shellFile(request) {
  return caches.match(request, { cacheName: SHELL_CACHE, ignoreSearch: true }).then(function (hit) {
    return hit || fetch(request);
  });
}

function trimTiles(cache) {
  return cache.keys().then(function (keys) {
    var extra = keys.length - TILE_LIMIT;
    return Promise.all(keys.slice(0, Math.max(0, extra)).map(function (k) { return cache.delete(k); }));
  });
}

function tile(request) {
  return caches.open(TILE_CACHE).then(function (cache) {
    return cache.match(request, { ignoreVary: true }).then(function (hit) {
      if (hit) { return hit; }
      return fetch(request).then(function (response) {
        if (response.ok || response.type === "opaque") {
          cache.put(request, response.clone()).then(function () { return trimTiles(cache); });
        }
        return response;
      });
    });
  });
}

// Fetch the day's tiles ahead, a few at a time; the ones already kept are not fetched
// again. CORS or same-site only: an opaque answer would count megabytes against the
// phone's storage quota. Resolves with how many of the asked tiles are now kept.
function precacheTiles(urls) {
  var wanted = urls.filter(function (u) { return TILE_RE && TILE_RE.test(u); })
    .slice(0, PRECACHE_LIMIT);
  var kept = 0;
  return caches.open(TILE_CACHE).then(function (cache) {
    var queue = wanted.slice();
    function next() {
      var url = queue.shift();
      if (url === undefined) { return Promise.resolve(); }
      return cache.match(url, { ignoreVary: true }).then(function (hit) {
        if (hit) { kept += 1; return null; }
        return fetch(url, { mode: "cors", credentials: "same-origin" }).then(function (response) {
          if (!response.ok) { return null; }
          return cache.put(url, response).then(function () { kept += 1; });
        });
      }).catch(function () { /* no network or no CORS: it stays missing */ }).then(next);
    }
    var workers = [];
    for (var i = 0; i < PRECACHE_PARALLEL; i++) { workers.push(next()); }
    return Promise.all(workers).then(function () { return trimTiles(cache); });
  }).then(function () { return { kept: kept, asked: wanted.length }; });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  if (TILE_RE && TILE_RE.test(request.url)) {
    event.respondWith(tile(request));
    return;
  }
  var url = new URL(request.url);
  if (url.origin === self.location.origin) {
    if (url.pathname.indexOf("/api/") === 0) { return; }  // never cached
    if (request.mode === "navigate" && url.pathname === PAGE) {
      event.respondWith(page(request));
    } else if (url.pathname.indexOf("/static/") === 0 || url.pathname === "/field/manifest.webmanifest") {
      event.respondWith(shellFile(request));
    }
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag === "outbox") {
    event.waitUntil(FieldOutbox.send().then(function (results) {
      // Still waiting: let the browser try again later.
      if (results.indexOf("retry") !== -1) { throw new Error("outcomes still waiting"); }
    }));
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "clear-personal") {
    // The tiles show where the day's visits are: they go with the route.
    event.waitUntil(caches.delete(TILE_CACHE));
  } else if (data.type === "precache-tiles" && Array.isArray(data.urls)) {
    var port = event.ports && event.ports[0];
    event.waitUntil(precacheTiles(data.urls).then(function (result) {
      if (port) { port.postMessage(result); }
    }));
  }
});
