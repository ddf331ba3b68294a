// The field app: today's route from the phone's own storage, refreshed in the background;
// outcomes saved in the outbox (field-outbox.js) and sent when there is network.
// Everything personal is written with textContent, never as markup.
/* global FieldOutbox, L */
(function () {
  "use strict";

  var main = document.getElementById("main");
  var S = JSON.parse(document.getElementById("field-strings").textContent);
  var TZ = "Europe/Copenhagen";
  var REFRESH_MS = 5 * 60 * 1000;
  var TICK_MS = 20 * 1000;
  // Tiles fetched ahead for the day: the route at the zoom the map opens with (and one
  // step out and in), and the streets around each stop at these zooms, at most
  // TILES_AHEAD_MAX in all. Only with a configured tile server.
  var STREET_ZOOMS = [16, 17];
  var TILES_AHEAD_MAX = 300;
  var TILES_AHEAD_DELAY_MS = 3000;
  // me: the worker logged in when the route was last fetched ({id, name}).
  var state = { route: null, receipts: {}, items: [], me: null, map: null, stop: null, near: null, online: true };

  function t(key, values) {
    var text = S[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("%(" + name + ")s").join(String(values[name]));
    });
    return text;
  }
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function localDay(date) {
    // YYYY-MM-DD in the municipality's time zone.
    return new Intl.DateTimeFormat("sv-SE", { timeZone: TZ }).format(date || new Date());
  }
  function clock(iso) {
    if (!iso) { return ""; }
    return new Intl.DateTimeFormat(document.documentElement.lang || "da",
      { timeZone: TZ, hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
  }
  function longDay(day) {
    return new Intl.DateTimeFormat(document.documentElement.lang || "da",
      { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" })
      .format(new Date(day + "T12:00:00Z"));
  }

  // -- navigation links -----------------------------------------------------------------
  function navigateLinks(stop) {
    var ua = navigator.userAgent || "";
    var where = stop.lat !== null && stop.lon !== null ? stop.lat + "," + stop.lon : null;
    var q = encodeURIComponent(stop.address);
    var plain = where
      ? "https://www.openstreetmap.org/directions?to=" + where
      : "https://www.openstreetmap.org/search?query=" + q;
    var primary = plain;
    if (/iPhone|iPad|iPod/.test(ua)) {
      primary = "https://maps.apple.com/?daddr=" + (where || q) + "&dirflg=w";
    } else if (/Android/.test(ua)) {
      primary = where ? "geo:" + where + "?q=" + where : "geo:0,0?q=" + q;
    }
    return { primary: primary, plain: plain };
  }

  // -- state of one stop ----------------------------------------------------------------
  function othersItem(item) { return !FieldOutbox.mine(item, state.me); }

  function stopState(stop) {
    var item = state.items.filter(function (i) { return i.visit_id === stop.visit_id; })[0];
    if (item && othersItem(item)) { return { key: "other_user", item: item }; }
    if (item) {
      return { key: item.state === "waiting" ? "waiting" : "failed", item: item };
    }
    var receipt = state.receipts[String(stop.visit_id)];
    if (receipt) {
      // The server's receipt says whether it counts as contact; one rule, on the server.
      return { key: receipt.stop_state || stop.state, receipt: receipt };
    }
    return { key: stop.state };
  }

  var STATE_TEXT = { todo: "state_todo", done: "state_done", not_met: "state_not_met",
                     waiting: "state_waiting", failed: "state_failed",
                     other_user: "state_other_user" };

  function renderStop(stop, index) {
    var li = el("li", "field-stop");
    li.id = "stop-" + stop.visit_id;
    var st = stopState(stop);
    li.dataset.state = st.key;
    var head = el("h3", "stop-head");
    head.appendChild(el("span", "stop-no", String(index + 1)));
    head.appendChild(el("span", "eta", stop.eta));
    head.appendChild(el("span", "stop-name", stop.name));
    li.appendChild(head);
    var badge = el("p", "stop-state state-" + st.key,
                   t(STATE_TEXT[st.key], { name: st.item && st.item.owner ? st.item.owner.name : "" }));
    if (st.receipt) {
      badge.textContent += " · " + t("state_sent") + " " + clock(st.receipt.received_at);
    }
    li.appendChild(badge);
    if (st.receipt && st.receipt.message) {
      li.appendChild(el("p", "stop-note", t("sent_note") + ": " + st.receipt.message));
    }
    li.appendChild(el("p", "stop-address", stop.address));
    // Safety before anything else at the door: each flag in words, one per line.
    var flags = (stop.safety_flags || []).filter(function (f) {
      return !(stop.needs_pair && f.flag === "pairs");  // said once, as "Visit in pairs"
    }).map(function (f) { return f.text; });
    if (stop.needs_pair) { flags.unshift(t("pairs")); }
    if (stop.safety_note) { flags.push(stop.safety_note); }
    if (flags.length) {
      var safety = el("div", "safety");
      safety.appendChild(el("strong", null, t("safety")));
      var list = el("ul", "safety-flags");
      flags.forEach(function (text) { list.appendChild(el("li", null, text)); });
      safety.appendChild(list);
      li.appendChild(safety);
    }
    if (stop.access_notes) {
      var access = el("p", "access");
      access.appendChild(el("strong", null, t("access") + ": "));
      access.appendChild(document.createTextNode(stop.access_notes));
      li.appendChild(access);
    }
    var card = el("details", "visit-card");
    card.appendChild(el("summary", null, t("visit_card")));
    card.appendChild(el("p", null, t("script", { phone: main.dataset.officePhone })));
    card.appendChild(el("p", null, t("script_leave")));
    li.appendChild(card);
    var actions = el("div", "stop-actions");
    var links = navigateLinks(stop);
    var nav = el("a", "button", t("navigate"));
    nav.href = links.primary;
    nav.setAttribute("aria-label", t("navigate_to", { n: index + 1 }));
    nav.rel = "noreferrer";
    actions.appendChild(nav);
    if (st.key === "todo") {
      var record = el("button", "button primary", t("record"));
      record.type = "button";
      record.setAttribute("aria-label", t("record_for", { n: index + 1 }));
      record.addEventListener("click", function () { openOutcome(stop); });
      actions.appendChild(record);
    }
    li.appendChild(actions);
    if (links.plain !== links.primary) {
      var other = el("a", "small-link", t("navigate_other"));
      other.href = links.plain;
      other.rel = "noreferrer";
      li.appendChild(other);
    }
    return li;
  }

  function renderMap(stops) {
    var box = $("route-map");
    var placed = stops.filter(function (s) { return s.lat !== null && s.lon !== null; });
    if (typeof L === "undefined" || !placed.length) { box.hidden = true; return; }
    box.hidden = false;
    if (!state.map) {
      state.map = L.map(box, { scrollWheelZoom: false, tap: false });
      if (main.dataset.tiles) {
        state.tiles = L.tileLayer(main.dataset.tiles, { maxZoom: 19, referrerPolicy: "no-referrer" })
          .addTo(state.map);
      } else {
        box.classList.add("position-map-blank");
      }
      state.layer = L.layerGroup().addTo(state.map);
    }
    state.layer.clearLayers();
    var points = placed.map(function (s) { return [s.lat, s.lon]; });
    L.polyline(points, { color: "#0b3d62", weight: 3, opacity: 0.7 }).addTo(state.layer);
    placed.forEach(function (s) {
      var number = stops.indexOf(s) + 1;
      var icon = L.divIcon({ className: "stop-marker", html: String(number), iconSize: [32, 32] });
      L.marker([s.lat, s.lon], { icon: icon, title: t("stop", { n: number }), keyboard: false })
        .addTo(state.layer);
    });
    state.map.fitBounds(L.latLngBounds(points).pad(0.2), { maxZoom: 16 });
  }

  // The tile URLs the map of these stops shows, most needed first, at most `limit`.
  function tileUrls(stops, limit) {
    var layer = state.tiles;
    var placed = stops.filter(function (s) { return s.lat !== null && s.lon !== null; });
    if (!layer || !placed.length) { return []; }
    var opts = layer.options;
    var urls = [], seen = {};
    function tileAt(lat, lon, z) {
      return L.CRS.EPSG3857.latLngToPoint(L.latLng(lat, lon), z).divideBy(opts.tileSize).floor();
    }
    function add(x, y, z) {
      var key = z + "/" + x + "/" + y;
      if (seen[key] || urls.length >= limit || y < 0 || y >= Math.pow(2, z)) { return; }
      seen[key] = true;
      // As Leaflet's getTileUrl builds it, for any zoom (not only the current one).
      var subdomains = typeof opts.subdomains === "string" ? opts.subdomains.split("") : opts.subdomains;
      urls.push(new URL(L.Util.template(layer._url, L.Util.extend({}, opts, {
        r: L.Browser.retina ? "@2x" : "", s: subdomains[Math.abs(x + y) % subdomains.length],
        x: x, y: y, z: z
      })), window.location.href).href);
    }
    var bounds = L.latLngBounds(placed.map(function (s) { return [s.lat, s.lon]; })).pad(0.2);
    var fit = Math.min(state.map.getBoundsZoom(bounds), 16);
    [fit, fit - 1, fit + 1].forEach(function (z) {
      var nw = tileAt(bounds.getNorth(), bounds.getWest(), z);
      var se = tileAt(bounds.getSouth(), bounds.getEast(), z);
      for (var x = nw.x - 1; x <= se.x + 1; x++) {
        for (var y = nw.y - 1; y <= se.y + 1; y++) { add(x, y, z); }
      }
    });
    STREET_ZOOMS.forEach(function (z) {
      placed.forEach(function (s) {
        var c = tileAt(s.lat, s.lon, z);
        for (var dx = -1; dx <= 1; dx++) {
          for (var dy = -1; dy <= 1; dy++) { add(c.x + dx, c.y + dy, z); }
        }
      });
    });
    return urls;
  }

  function renderTilesKept(r) {
    var info = $("map-info");
    if (!info || !r) { return; }
    info.textContent = r.kept >= r.asked
      ? t("map_saved", { n: r.kept }) : t("map_partly", { n: r.kept, total: r.asked });
    info.dataset.kept = String(r.kept);
    info.dataset.asked = String(r.asked);
  }

  // Ask the service worker to keep the day's map for the stairwell without network.
  var tilesAheadTimer = null;
  function keepTilesAhead() {
    if (!state.tiles || !state.route || !state.route.today || !navigator.serviceWorker) { return; }
    clearTimeout(tilesAheadTimer);
    // After the page has settled: the first load stays small and quick.
    tilesAheadTimer = setTimeout(function () {
      var urls = tileUrls(state.route.today.stops, TILES_AHEAD_MAX);
      if (!urls.length) { return; }
      navigator.serviceWorker.ready.then(function (reg) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          var r = event.data || {};
          FieldOutbox.setData("tiles", r).then(function () { renderTilesKept(r); });
        };
        reg.active.postMessage({ type: "precache-tiles", urls: urls }, [channel.port2]);
      });
    }, TILES_AHEAD_DELAY_MS);
  }

  function dayAfter(day) {
    var next = new Date(day + "T12:00:00Z");
    next.setUTCDate(next.getUTCDate() + 1);
    return next.toISOString().slice(0, 10);
  }

  // The next working day's route: tomorrow's, or after a weekend or holiday the next one.
  function renderTomorrow(route, today) {
    $("tomorrow").hidden = false;
    $("tomorrow-h").textContent = route && route.day !== dayAfter(today)
      ? t("next_route", { day: longDay(route.day) }) : t("tomorrow_route");
    var list = $("tomorrow-stops");
    list.textContent = "";
    var has = route && route.stops.length;
    $("tomorrow-empty").hidden = !!has;
    if (!has) { return; }
    route.stops.forEach(function (stop) {
      var li = el("li", null, stop.eta + " · " + stop.address);
      if (stop.needs_pair) { li.appendChild(el("strong", null, " · " + t("pairs"))); }
      list.appendChild(li);
    });
  }

  function renderRoute() {
    var data = state.route;
    var list = $("stops");
    list.textContent = "";
    var today = data && data.today;
    if (!data) {
      $("route-day").textContent = "";
      $("route-empty").textContent = t("no_route_offline");
      $("route-empty").hidden = false;
      $("route-map").hidden = true;
      $("tomorrow").hidden = true;
      return;
    }
    $("route-day").textContent = longDay(data.day);
    var stops = today ? today.stops : [];
    $("route-empty").textContent = t("no_route");
    $("route-empty").hidden = stops.length > 0;
    stops.forEach(function (stop, i) { list.appendChild(renderStop(stop, i)); });
    renderMap(stops);
    renderTomorrow(data.tomorrow, data.day);
  }

  // -- outbox status --------------------------------------------------------------------
  // Outcomes another user recorded on this phone: kept, shown, sent when they log in.
  function renderOthers(items) {
    var list = $("others-list");
    list.textContent = "";
    $("others").hidden = items.length === 0;
    items.forEach(function (item) {
      var li = el("li", "other-item");
      var name = item.owner ? item.owner.name : "";
      li.appendChild(el("strong", null, t("recorded_by", { name: name })));
      li.appendChild(el("p", null, (item.label || "#" + item.visit_id) + " · " + clock(item.recorded_at)));
      li.appendChild(el("p", "muted", t("sent_when_back", { name: name })));
      list.appendChild(li);
    });
  }

  function renderSync() {
    var own = state.items.filter(function (i) { return !othersItem(i); });
    renderOthers(state.items.filter(othersItem));
    var waiting = own.filter(function (i) { return i.state === "waiting"; });
    var failed = own.filter(function (i) { return i.state !== "waiting"; });
    $("sync-waiting").textContent = waiting.length
      ? t("waiting", { n: waiting.length }) : t("waiting_none");
    $("sync-waiting").dataset.count = String(waiting.length);
    // "Saved, it is sent as soon as …" is over once nothing of this worker's waits.
    if (!waiting.length && $("sync-info").textContent === t("saved")) { $("sync-info").textContent = ""; }
    return FieldOutbox.getData("last_receipt").then(function (last) {
      $("sync-receipt").textContent = last && last.at
        ? t("last_receipt", { time: clock(last.at) }) : t("no_receipt");
      var box = $("failed"), list = $("failed-list");
      list.textContent = "";
      box.hidden = failed.length === 0;
      failed.forEach(function (item) {
        var li = el("li", "failed-item");
        var stop = findStop(item.visit_id);
        li.appendChild(el("strong", null, (item.label || (stop ? stop.address : "#" + item.visit_id)) + " · " +
          clock(item.recorded_at)));
        li.appendChild(el("p", "field-error", item.error || ""));
        var retry = el("button", "button", t("retry"));
        retry.type = "button";
        retry.addEventListener("click", function () {
          FieldOutbox.retry(item.client_id).then(function () { return sendNow(true); });
        });
        li.appendChild(retry);
        var drop = el("button", "button danger", t("discard"));
        drop.type = "button";
        drop.addEventListener("click", function () {
          if (window.confirm(t("discard_confirm"))) {
            FieldOutbox.remove(item.client_id).then(refresh);
          }
        });
        li.appendChild(drop);
        list.appendChild(li);
      });
      // Outcomes the server took with a note (e.g. the visit was cancelled at the office):
      // the stop may have left the route, the note must not.
      var notes = $("notes-list");
      notes.textContent = "";
      var noted = Object.keys(state.receipts).map(function (k) { return state.receipts[k]; })
        .filter(function (r) { return r.message; });
      $("notes").hidden = noted.length === 0;
      noted.forEach(function (r) {
        var li = el("li", "note-item");
        li.appendChild(el("strong", null, (r.label || "") + " · " + clock(r.received_at)));
        li.appendChild(el("p", null, r.message));
        notes.appendChild(li);
      });
    });
  }

  function findStop(visitId) {
    var days = state.route ? [state.route.today, state.route.tomorrow] : [];
    for (var d = 0; d < days.length; d++) {
      var stops = days[d] ? days[d].stops : [];
      for (var i = 0; i < stops.length; i++) {
        if (stops[i].visit_id === visitId) { return stops[i]; }
      }
    }
    return null;
  }

  function refresh() {
    return Promise.all([FieldOutbox.all(), FieldOutbox.getData("receipts"),
                        FieldOutbox.getData("me"), FieldOutbox.getData("tiles")])
      .then(function (r) {
        state.items = r[0];
        state.receipts = r[1] || {};
        state.me = r[2] || null;
        renderTilesKept(r[3]);
        renderRoute();
        return renderSync();
      });
  }

  // -- sending --------------------------------------------------------------------------
  var sending = null, queued = null, queuedForce = false;
  function sendNow(force) {
    if (sending) {
      // One more round after this one: an outcome saved meanwhile, or a "Send now"
      // pressed meanwhile, is not left waiting for the timer and its backoff.
      queuedForce = queuedForce || !!force;
      if (!queued) {
        queued = sending.then(function () {
          var again = queuedForce;
          queued = null;
          queuedForce = false;
          return sendNow(again);
        });
      }
      return queued;
    }
    sending = FieldOutbox.send({ force: !!force }).then(function (results) {
      if (results.indexOf("login") !== -1) { $("sync-info").textContent = t("logged_out"); }
      // Someone else logged in meanwhile (another tab): learn who, keep the items.
      if (results.indexOf("other_user") !== -1) { return fetchRoute(); }
      return refresh();
    }).catch(function () { return refresh(); }).then(function () { sending = null; });
    return sending;
  }

  function askBackgroundSync() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.sync && reg.sync.register) { return reg.sync.register("outbox"); }
    }).catch(function () { /* no Background Sync here: the timer and `online` send */ });
  }

  // -- the route ------------------------------------------------------------------------
  function clearPersonal() {
    state.route = null;
    state.receipts = {};
    state.me = null;
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "clear-personal" });
    }
    return Promise.all([FieldOutbox.clearData(),
                        window.caches ? caches.delete("field-tiles") : null]);
  }

  // The route's day is over: its data goes, unsent outcomes stay.
  function dropPastDay() {
    var today = localDay();
    if (!state.route || state.route.day >= today) { return Promise.resolve(); }
    var tomorrow = state.route.tomorrow;
    var me = state.me;
    return clearPersonal().then(function () {
      // Still the same worker, logged in: their outcomes may go on being sent.
      if (me) { state.me = me; return FieldOutbox.setData("me", me); }
    }).then(function () {
      if (tomorrow && tomorrow.day === today) {
        state.route = { day: today, today: tomorrow, tomorrow: null };
        return FieldOutbox.setData("route", state.route);
      }
    });
  }

  function fetchRoute() {
    return fetch("/api/v1/route", { credentials: "same-origin", cache: "no-store",
                                     headers: { Accept: "application/json" }, redirect: "manual" })
      .then(function (response) {
        if (response.status === 401 || response.type === "opaqueredirect") {
          $("route-info").textContent = t("logged_out");
          return null;
        }
        if (!response.ok) { throw new Error("route " + response.status); }
        return response.json().then(function (data) {
          var before = state.me;
          // Another worker logged in on this phone: the previous one's route goes first
          // (their unsent outcomes stay, and wait for them).
          var switched = before && data.worker && before.id !== data.worker.id;
          return (switched ? clearPersonal() : Promise.resolve()).then(function () {
            return data;
          });
        }).then(function (data) {
          state.route = data;
          state.me = data.worker || null;
          state.fetchedAt = new Date().toISOString();
          $("route-info").textContent = t("route_updated", { time: clock(state.fetchedAt) });
          state.tilesWanted = true;
          return FieldOutbox.setData("route", data)
            .then(function () { return FieldOutbox.setData("me", state.me); })
            .then(function () { return FieldOutbox.setData("fetched_at", state.fetchedAt); })
            .then(function () { return FieldOutbox.getData("receipts"); })
            .then(function (receipts) {
              // The server's own states now include what it confirmed: keep only receipts
              // for stops it does not yet show as visited (their notes stay visible).
              return FieldOutbox.setData("receipts", receipts || {});
            });
        });
      })
      .catch(function () {
        return FieldOutbox.getData("fetched_at").then(function (at) {
          $("route-info").textContent = state.route
            ? t("offline_route", { time: clock(at) }) : t("route_failed");
        });
      })
      .then(dropPastDay)
      .then(refresh)
      .then(function () {
        if (state.tilesWanted) { state.tilesWanted = false; keepTilesAhead(); }
      });
  }

  // -- the outcome form -----------------------------------------------------------------
  var dialog = $("outcome-dialog");
  var form = $("outcome-form");

  // "At the address?" is answered on the phone: the position is compared with the stop's
  // and forgotten; only yes/no goes with the outcome. A fix less precise than the radius
  // answers nothing rather than a guess.
  var NEAR_METRES = 100;
  function metresBetween(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var a = Math.pow(Math.sin((lat2 - lat1) * rad / 2), 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin((lon2 - lon1) * rad / 2), 2);
    return 2 * 6371000 * Math.asin(Math.sqrt(a));
  }
  $("near-check").addEventListener("click", function () {
    var stop = state.stop, out = $("near-result");
    if (!stop) { return; }
    state.near = null;
    out.textContent = t("near_checking");
    navigator.geolocation.getCurrentPosition(function (position) {
      if (state.stop !== stop) { return; }
      var c = position.coords;
      if (c.accuracy > NEAR_METRES) {
        out.textContent = t("near_unsure", { m: Math.round(c.accuracy) });
        return;
      }
      state.near = metresBetween(c.latitude, c.longitude, stop.lat, stop.lon) <= NEAR_METRES;
      out.textContent = state.near ? t("near_yes") : t("near_no");
    }, function () {
      if (state.stop === stop) { out.textContent = t("near_failed"); }
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
  });

  function canCheckNear(stop) {
    return !!(stop && stop.lat !== null && stop.lon !== null && navigator.geolocation);
  }

  function showFor(outcome) {
    Array.prototype.forEach.call(form.querySelectorAll(".when"), function (part) {
      var show = part.classList.contains("when-" + outcome) ||
        (part.classList.contains("when-any") && !!outcome);
      if (part.id === "near") { show = show && canCheckNear(state.stop); }
      part.hidden = !show;
    });
  }

  function openOutcome(stop) {
    state.stop = stop;
    state.near = null;
    $("near-result").textContent = "";
    form.reset();
    showFor(null);
    $("outcome-error").hidden = true;
    $("outcome-h").textContent = t("outcome_title", { address: stop.address });
    if (dialog.showModal) { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
    var first = form.querySelector("input[name=outcome]");
    if (first) { first.focus(); }
  }

  function closeOutcome() {
    if (dialog.close) { dialog.close(); } else { dialog.removeAttribute("open"); }
    var stopNode = state.stop && $("stop-" + state.stop.visit_id);
    state.stop = null;
    if (stopNode) { stopNode.focus && stopNode.querySelector("a,button") && stopNode.querySelector("a,button").focus(); }
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "outcome") { showFor(event.target.value); }
  });
  $("outcome-cancel").addEventListener("click", closeOutcome);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    var outcome = data.get("outcome");
    var error = $("outcome-error");
    if (!outcome) { error.textContent = t("choose_outcome"); error.hidden = false; return; }
    var card = data.get("card_left");
    if (outcome === "not_at_home" && !card) {
      error.textContent = t("choose_card"); error.hidden = false; return;
    }
    var body = {
      visit_id: state.stop.visit_id,
      outcome: outcome,
      recorded_at: new Date().toISOString(),
      explanation: String(data.get("explanation") || "")
    };
    if (outcome === "met") {
      body.reason_category = data.get("reason_category") || null;
      body.updated_phone = String(data.get("updated_phone") || "") || null;
      body.next_step = String(data.get("next_step") || "");
    }
    if (outcome === "not_at_home") { body.card_left = card === "yes"; }
    if (state.near !== null) { body.near_address = state.near; }
    FieldOutbox.add(body, state.stop.address, state.me).then(function () {
      closeOutcome();
      $("sync-info").textContent = t("saved");
      askBackgroundSync();
      return refresh();
    }).then(function () { return sendNow(true); });
  });

  // -- logout ---------------------------------------------------------------------------
  var logoutDialog = $("logout-dialog");
  function finishLogout() {
    return clearPersonal().then(function () {
      try { localStorage.setItem("field-logout-pending", "1"); } catch (e) { /* private mode */ }
      return fetch("/api/v1/logout", { method: "POST", credentials: "same-origin",
                                        headers: { "Content-Type": "application/json" }, body: "{}" })
        .then(function (response) {
          if (!response.ok && response.status !== 401) { throw new Error("logout"); }
          localStorage.removeItem("field-logout-pending");
          window.location.assign("/login");
        });
    }).catch(function () {
      // Offline: the phone is cleared now; the server session ends at the next start
      // with network (the pending flag), and until then the app shows nothing personal.
      state.route = null;
      Array.prototype.forEach.call(main.children, function (child) { child.hidden = true; });
      var note = el("p", "flash flash-warning", t("logged_out_offline"));
      note.setAttribute("role", "status");
      main.appendChild(note);
    });
  }
  $("logout").addEventListener("click", function () {
    sendNow(true).then(function () {
      // Another user's outcomes stay anyway and are not this worker's to confirm.
      var unsent = state.items.filter(function (i) { return !othersItem(i); }).length;
      if (!unsent) { return finishLogout(); }
      $("logout-text").textContent = t("unsent_logout", { n: unsent });
      logoutDialog.showModal();
    });
  });
  $("logout-stay").addEventListener("click", function () { logoutDialog.close(); });
  $("logout-anyway").addEventListener("click", function () {
    logoutDialog.close();
    finishLogout();
  });

  // -- start ----------------------------------------------------------------------------
  $("send-now").addEventListener("click", function () { sendNow(true); });
  window.addEventListener("online", function () { sendNow(true); fetchRoute(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { sendNow(false); dropPastDay().then(refresh); }
  });
  setInterval(function () { sendNow(false); }, TICK_MS);
  setInterval(function () { if (navigator.onLine) { fetchRoute(); } }, REFRESH_MS);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/field/sw.js", { scope: "/field/" }).catch(function () {});
  }
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().catch(function () {});
  }

  var pendingLogout = false;
  try { pendingLogout = localStorage.getItem("field-logout-pending") === "1"; } catch (e) { /* */ }

  Promise.all([FieldOutbox.getData("route"), FieldOutbox.getData("fetched_at")])
    .then(function (r) {
      state.route = pendingLogout ? null : (r[0] || null);
      return dropPastDay();
    })
    .then(refresh)
    .then(function () {
      if (pendingLogout) { return finishLogout(); }
      // Opening the app sends everything waiting, whatever its backoff said, once the
      // server said who is logged in (a phone may be shared).
      return fetchRoute().then(function () { return sendNow(true); });
    });
})();
