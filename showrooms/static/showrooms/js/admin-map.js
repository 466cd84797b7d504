/* Admin: a map preview under the showroom's coordinates. The pin follows what is typed, so a
 * swapped or mistyped latitude/longitude is visible at once; clicking the map moves the pin
 * and fills the fields. */
(function () {
  "use strict";

  function init() {
    var el = document.querySelector("[data-admin-map]");
    var latInput = document.getElementById("id_latitude");
    var lonInput = document.getElementById("id_longitude");
    if (!el || !latInput || !lonInput || !window.L) { return; }

    var map = L.map(el);
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: el.dataset.tileAttribution || "" }).addTo(map);
    }
    var icon = L.icon({
      iconUrl: el.dataset.markerIcon,
      iconRetinaUrl: el.dataset.markerIcon2x,
      shadowUrl: el.dataset.markerShadow,
      iconSize: [25, 41], iconAnchor: [12, 41], shadowSize: [41, 41]
    });
    var marker = null;

    function current() {
      var lat = parseFloat(latInput.value);
      var lon = parseFloat(lonInput.value);
      if (isNaN(lat) || isNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) { return null; }
      return [lat, lon];
    }

    function update(pan) {
      var point = current();
      if (!point) {
        if (marker) { map.removeLayer(marker); marker = null; }
        return;
      }
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = L.marker(point, { icon: icon }).addTo(map);
      }
      if (pan) { map.setView(point, Math.max(map.getZoom() || 0, 13)); }
    }

    var start = current();
    if (start) {
      map.setView(start, 15);
    } else {
      map.setView([parseFloat(el.dataset.defaultLat), parseFloat(el.dataset.defaultLon)], 10);
    }
    update(false);

    latInput.addEventListener("input", function () { update(true); });
    lonInput.addEventListener("input", function () { update(true); });
    map.on("click", function (event) {
      latInput.value = event.latlng.lat.toFixed(6);
      lonInput.value = event.latlng.lng.toFixed(6);
      update(false);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
