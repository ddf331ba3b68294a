// A map to set a position by clicking (team start points, citizens' addresses).
// No inline script (the CSP allows only this site's files): the page marks a
// <div data-position-map> with the ids of the latitude and longitude inputs it fills.
(function () {
  "use strict";
  var COPENHAGEN = [55.6761, 12.5683];

  function number(input) {
    var value = parseFloat(String(input.value || "").replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function setUp(element) {
    var latInput = document.getElementById(element.dataset.latInput);
    var lonInput = document.getElementById(element.dataset.lonInput);
    if (!latInput || !lonInput || typeof L === "undefined") { return; }
    var lat = number(latInput), lon = number(lonInput);
    var known = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
    var map = L.map(element, { scrollWheelZoom: false })
      .setView(known ? [lat, lon] : COPENHAGEN, known ? 16 : 12);
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { maxZoom: 19, referrerPolicy: "no-referrer" }).addTo(map);
    } else {
      element.classList.add("position-map-blank");
    }
    L.control.scale({ imperial: false }).addTo(map);
    // Known places (team start points): something to find one's way by without tiles.
    var landmarks = [];
    try { landmarks = JSON.parse(element.dataset.landmarks || "[]"); } catch (e) { landmarks = []; }
    landmarks.forEach(function (mark) {
      var label = document.createElement("span");
      label.textContent = mark.label;  // a name, never markup
      L.circleMarker([mark.lat, mark.lon], { radius: 5, color: "#555", weight: 1, fillOpacity: 0.6,
                                             interactive: false })
        .bindTooltip(label, { permanent: true, direction: "right", className: "landmark-label" })
        .addTo(map);
    });
    var marker = known ? L.marker([lat, lon], { title: element.dataset.label || "" }).addTo(map) : null;

    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); }
      else { marker = L.marker(latlng, { title: element.dataset.label || "" }).addTo(map); }
    }
    map.on("click", function (event) {
      latInput.value = event.latlng.lat.toFixed(6);
      lonInput.value = event.latlng.lng.toFixed(6);
      place(event.latlng);
      latInput.dispatchEvent(new Event("change", { bubbles: true }));
    });
    function typed() {
      var a = number(latInput), b = number(lonInput);
      if (a !== null && b !== null && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
        place([a, b]);
        map.panTo([a, b]);
      }
    }
    latInput.addEventListener("input", typed);
    lonInput.addEventListener("input", typed);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-position-map]").forEach(setUp);
  });
})();
