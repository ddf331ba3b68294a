// The field app's own outbox in IndexedDB, shared by the page and the service worker.
//
// Saving an outcome means writing it here; an item leaves only on a server receipt for
// its client id (never on "no error"). Items are sent one by one and independently: an
// item the server refuses (4xx) moves to a visible "could not be sent" state with the
// server's reason and never blocks the others; network errors, timeouts, 429 and 5xx are
// retried with backoff, without end and without expiry. Sends are serialised across tabs
// and the service worker with the Web Locks API where it exists; the server's
// insert-or-return on the client id makes a double send harmless anyway.
(function (root) {
  "use strict";

  var DB_NAME = "outreach-field";
  var DB_VERSION = 1;
  var ENDPOINT = "/api/v1/outcomes";
  var TIMEOUT_MS = 15000;
  var BASE_DELAY_MS = 15000;
  var MAX_DELAY_MS = 15 * 60 * 1000;

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  var opening = null;
  function open() {
    if (opening) { return opening; }
    opening = new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = function () {
        var db = req.result;
        // outbox: unconfirmed outcomes (kept across logout until the server confirms).
        if (!db.objectStoreNames.contains("outbox")) {
          db.createObjectStore("outbox", { keyPath: "client_id" });
        }
        // data: the route and receipts (personal data: cleared at logout and day end).
        if (!db.objectStoreNames.contains("data")) {
          db.createObjectStore("data", { keyPath: "key" });
        }
      };
      req.onsuccess = function () {
        var db = req.result;
        // Another tab (or "clear site data") wants the database gone: let it go.
        db.onversionchange = function () { db.close(); opening = null; };
        resolve(db);
      };
      req.onerror = function () { opening = null; reject(req.error); };
      req.onblocked = function () { /* waits for the other tab to close it */ };
    });
    return opening;
  }

  function tx(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(store, mode);
        var result;
        Promise.resolve(work(t.objectStore(store))).then(function (value) { result = value; });
        t.oncomplete = function () { resolve(result); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error); };
      });
    });
  }

  function all() {
    return tx("outbox", "readonly", function (s) { return request(s.getAll()); })
      .then(function (items) {
        return items.sort(function (a, b) { return a.recorded_at < b.recorded_at ? -1 : 1; });
      });
  }
  function get(id) { return tx("outbox", "readonly", function (s) { return request(s.get(id)); }); }
  function put(item) { return tx("outbox", "readwrite", function (s) { return request(s.put(item)); }); }
  function remove(id) { return tx("outbox", "readwrite", function (s) { return request(s.delete(id)); }); }

  function getData(key) {
    return tx("data", "readonly", function (s) { return request(s.get(key)); })
      .then(function (row) { return row ? row.value : undefined; });
  }
  function setData(key, value) {
    return tx("data", "readwrite", function (s) { return request(s.put({ key: key, value: value })); });
  }
  function clearData() {
    return tx("data", "readwrite", function (s) { return request(s.clear()); });
  }

  function uuid() {
    if (root.crypto && root.crypto.randomUUID) { return root.crypto.randomUUID(); }
    var b = root.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // Save an outcome on the phone: this is the "save"; sending comes after. `owner` is the
  // worker who recorded it ({id, name}): it is sent only while they are the one logged in.
  function add(body, label, owner) {
    var item = {
      client_id: body.client_id || uuid(),
      visit_id: body.visit_id,
      recorded_at: body.recorded_at,
      label: label || "",
      owner: owner || null,
      body: body,
      state: "waiting",          // waiting | failed | conflict
      attempts: 0,
      next_try: 0,
      error: null
    };
    item.body.client_id = item.client_id;
    if (owner) { item.body.recorded_by = owner.id; }
    return put(item).then(function () { return item; });
  }

  // Whether `item` may be sent while `me` is logged in: never under another user's
  // session (a shared phone). Items saved before outcomes had an owner go with anyone.
  function mine(item, me) {
    return !item.owner || !!(me && me.id === item.owner.id);
  }

  function delay(attempts, retryAfterSeconds) {
    if (retryAfterSeconds > 0) { return Math.min(retryAfterSeconds * 1000, MAX_DELAY_MS); }
    var base = Math.min(BASE_DELAY_MS * Math.pow(2, Math.max(0, attempts - 1)), MAX_DELAY_MS);
    return base / 2 + Math.random() * base / 2;
  }

  function readJson(response) {
    return response.text().then(function (text) {
      try { return JSON.parse(text); } catch (e) { return null; }
    });
  }

  // One send. Resolves with what happened; never rejects.
  function sendOne(item, fetcher) {
    var controller = typeof AbortController !== "undefined" ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) { controller.abort(); } }, TIMEOUT_MS);
    var init = {
      method: "POST", credentials: "same-origin", cache: "no-store", redirect: "manual",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(item.body)
    };
    if (controller) { init.signal = controller.signal; }
    return (fetcher || fetch)(ENDPOINT, init).then(function (response) {
      clearTimeout(timer);
      return readJson(response).then(function (data) {
        return { status: response.status, data: data,
                 retryAfter: parseInt(response.headers.get("Retry-After") || "0", 10) || 0 };
      });
    }, function () {
      clearTimeout(timer);
      return { status: 0, data: null, retryAfter: 0 };
    });
  }

  function storeReceipt(item, data) {
    return getData("receipts").then(function (receipts) {
      receipts = receipts || {};
      receipts[String(item.visit_id)] = {
        client_id: data.client_id, outcome: item.body.outcome, result: data.result,
        stop_state: data.stop_state || null,
        label: item.label || "",
        message: data.message || null, received_at: data.received_at
      };
      return setData("receipts", receipts);
    }).then(function () {
      return setData("last_receipt", { at: data.received_at, client_id: data.client_id });
    });
  }

  // What the answer means for the item.
  function settle(item, answer) {
    var status = answer.status, data = answer.data;
    if (status === 200 && data && data.client_id === item.client_id) {
      // A receipt: stored (or stored before, for a repeat). Only now the item leaves.
      return storeReceipt(item, data).then(function () { return remove(item.client_id); })
        .then(function () { return "confirmed"; });
    }
    if (status === 403 && data && data.reason === "other_user") {
      // The phone's idea of who is logged in was stale: keep it for its author.
      item.state = "waiting";
      item.error = "other_user";
      return put(item).then(function () { return "other_user"; });
    }
    if (status === 409) {
      item.state = "conflict";
      item.error = (data && data.message) || "409";
      return put(item).then(function () { return "conflict"; });
    }
    var retry = status === 0 || status === 408 || status === 429 || status >= 500 ||
      status === 401 || status === 403 || (status >= 300 && status < 400) ||
      (status === 200 && !(data && data.client_id === item.client_id));
    if (retry) {
      // No network, a timeout, the server busy or failing, or logged out: try again later.
      item.state = "waiting";
      item.attempts += 1;
      item.next_try = Date.now() + delay(item.attempts, answer.retryAfter);
      item.error = status === 401 || status === 403 ? "login" : (status ? "server" : "network");
      return put(item).then(function () { return status === 401 ? "login" : "retry"; });
    }
    // Any other 4xx: the server cannot take this outcome as it is. Keep it, visibly, and
    // do not loop on it.
    item.state = "failed";
    item.error = (data && data.message) || ("HTTP " + status);
    return put(item).then(function () { return "failed"; });
  }

  function sendDue(options) {
    options = options || {};
    var now = Date.now();
    return Promise.all([all(), getData("me")]).then(function (found) {
      var items = found[0], me = found[1];
      var due = items.filter(function (i) {
        return i.state === "waiting" && (options.force || i.next_try <= now) && mine(i, me);
      });
      var results = [];
      // One by one, each independent of the others: no head-of-line blocking.
      return due.reduce(function (chain, item) {
        return chain.then(function () {
          // Re-read: another tab may have sent it meanwhile.
          return get(item.client_id).then(function (fresh) {
            if (!fresh || fresh.state !== "waiting") { return null; }
            return sendOne(fresh, options.fetch).then(function (answer) {
              return settle(fresh, answer);
            }).then(function (result) { results.push(result); });
          });
        });
      }, Promise.resolve()).then(function () { return results; });
    });
  }

  // Send what is due; one sender at a time across tabs and the service worker.
  function send(options) {
    var locks = root.navigator && root.navigator.locks;
    if (locks && locks.request) {
      return locks.request("outreach-field-outbox", function () { return sendDue(options); });
    }
    return sendDue(options);
  }

  // A refused item goes back to the queue only when the worker asks for it.
  function retry(id) {
    return get(id).then(function (item) {
      if (!item) { return null; }
      item.state = "waiting"; item.next_try = 0; item.error = null;
      return put(item);
    });
  }

  root.FieldOutbox = {
    open: open, all: all, add: add, get: get, put: put, remove: remove, retry: retry, mine: mine,
    send: send, getData: getData, setData: setData, clearData: clearData, uuid: uuid,
    ENDPOINT: ENDPOINT
  };
})(typeof self !== "undefined" ? self : this);
