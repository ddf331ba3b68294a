// The field app's service worker (served as /field/sw.js; the server prepends
// SHELL_VERSION, SHELL_FILES and TILE_URL).
//
// It keeps the app shell (page, styles, scripts, Leaflet, icons) for offline use and map
// tiles once seen. It never caches the API: the route lives in IndexedDB, where logout
// and the end of the day can remove it. Background Sync, where the browser has it, sends
// the outbox too; the page sends on open, on `online` and on a timer as well.
/* global FieldOutbox */
importScripts("/static/js/field-outbox.js");

var SHELL_CACHE = "field-shell-" + self.SHELL_VERSION;
var TILE_CACHE = "field-tiles";
var TILE_LIMIT = 600;
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

function tileOrigin() {
  if (!self.TILE_URL) { return null; }
  try { return new URL(self.TILE_URL.replace("{s}", "a").replace(/\{[xyzr]\}/g, "0")).hostname.replace(/^a\./, ""); }
  catch (e) { return null; }
}
var TILE_HOST = tileOrigin();

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
    return cache.match(request).then(function (hit) {
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

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin === self.location.origin) {
    if (url.pathname.indexOf("/api/") === 0) { return; }  // never cached
    if (request.mode === "navigate" && url.pathname === PAGE) {
      event.respondWith(page(request));
    } else if (url.pathname.indexOf("/static/") === 0 || url.pathname === "/field/manifest.webmanifest") {
      event.respondWith(shellFile(request));
    }
    return;
  }
  if (TILE_HOST && url.hostname.slice(-TILE_HOST.length) === TILE_HOST) {
    event.respondWith(tile(request));
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
  if (event.data && event.data.type === "clear-personal") {
    // The tiles show where the day's visits are: they go with the route.
    event.waitUntil(caches.delete(TILE_CACHE));
  }
});
