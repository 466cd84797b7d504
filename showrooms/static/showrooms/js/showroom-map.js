/* Showroom maps and "use my location". The page works without this file: the list, the
 * addresses and the filter form are plain HTML. Markers come from the listed showrooms'
 * data-* attributes, so the map always shows exactly what the list shows. */
(function () {
  "use strict";

  function markerIcon(el) {
    return L.icon({
      iconUrl: el.dataset.markerIcon,
      iconRetinaUrl: el.dataset.markerIcon2x,
      shadowUrl: el.dataset.markerShadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41]
    });
  }

  function popupContent(item) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = item.dataset.url;
    link.textContent = item.dataset.name;
    box.appendChild(link);
    if (item.dataset.address) {
      var address = document.createElement("div");
      address.textContent = item.dataset.address;
      box.appendChild(address);
    }
    return box;
  }

  function initMap(el) {
    var items = document.querySelectorAll(el.dataset.markers);
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false });
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, {
        maxZoom: 19,
        attribution: el.dataset.tileAttribution || ""
      }).addTo(map);
    }
    var icon = markerIcon(el);
    var points = [];
    items.forEach(function (item) {
      var lat = parseFloat(item.dataset.lat);
      var lon = parseFloat(item.dataset.lon);
      if (isNaN(lat) || isNaN(lon)) { return; }
      var marker = L.marker([lat, lon], { icon: icon, title: item.dataset.name, alt: item.dataset.name });
      marker.bindPopup(popupContent(item));
      marker.addTo(map);
      points.push([lat, lon]);
    });
    var originLat = parseFloat(el.dataset.originLat);
    var originLon = parseFloat(el.dataset.originLon);
    if (!isNaN(originLat) && !isNaN(originLon)) {
      L.circleMarker([originLat, originLon], { radius: 8, className: "showroom-map-origin" })
        .bindTooltip(el.dataset.originLabel || "")
        .addTo(map);
      points.push([originLat, originLon]);
    }
    if (points.length === 1) {
      map.setView(points[0], parseInt(el.dataset.zoom || "15", 10));
    } else if (points.length > 1) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 16 });
    } else {
      map.setView([21.0285, 105.8542], 11);  // Hoàn Kiếm, when nothing is listed
    }
    el.classList.add("is-ready");
  }

  function initGeolocate(button) {
    if (!("geolocation" in navigator)) { return; }
    var form = document.getElementById(button.dataset.form);
    var status = document.getElementById(button.dataset.status);
    if (!form) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      if (status) { status.textContent = button.dataset.waiting || ""; }
      navigator.geolocation.getCurrentPosition(function (position) {
        var near = form.querySelector("[name=near]");
        near.value = position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5);
        // My location replaces a chosen area as the starting point.
        var area = form.querySelector("[name=area]");
        if (area && button.dataset.clearArea !== undefined) { area.value = ""; }
        form.submit();
      }, function () {
        button.disabled = false;
        if (status) { status.textContent = button.dataset.failed || ""; }
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
    });
  }

  function init() {
    if (window.L) {
      document.querySelectorAll("[data-showroom-map]").forEach(initMap);
    }
    document.querySelectorAll("[data-geolocate]").forEach(initGeolocate);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
