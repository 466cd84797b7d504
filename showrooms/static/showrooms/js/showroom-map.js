/* Showroom and village maps, and "use my location". The pages work without this file: the list,
 * the addresses and the filter form are plain HTML, and the list stays the accessible
 * alternative to the map.
 *
 * Markers come from a json_script element (data-markers-json: every place matching the filters,
 * not only the page of the list shown) or from elements' data-* attributes (data-markers). With
 * data-cluster, crowded markers are grouped (Leaflet.markercluster) and markers sharing a point
 * fan out ("spiderfy") when their group is opened. Markers and groups are buttons in the tab
 * order (Enter opens a marker's popup, which links to the place's page, or opens a group).
 * With data-list, hovering or focusing an item of that list ([data-showroom-id]) highlights its
 * marker, or the group it is in. */
(function () {
  "use strict";

  var HANOI = [21.0285, 105.8542];

  function readPoints(el) {
    if (el.dataset.markersJson) {
      var source = document.getElementById(el.dataset.markersJson);
      try {
        return source ? JSON.parse(source.textContent) : [];
      } catch (error) {
        return [];
      }
    }
    var points = [];
    document.querySelectorAll(el.dataset.markers || "[data-showroom]").forEach(function (item) {
      points.push({
        id: item.dataset.showroomId || "",
        name: item.dataset.name || "",
        kind: item.dataset.kind || "",
        kind_label: item.dataset.kindLabel || "",
        lat: parseFloat(item.dataset.lat),
        lon: parseFloat(item.dataset.lon),
        address: item.dataset.address || "",
        url: item.dataset.url || ""
      });
    });
    return points;
  }

  function pinIcon(point) {
    // Built with the DOM, never from HTML strings: names and addresses are staff-typed text.
    var pin = document.createElement("span");
    pin.className = "map-pin map-pin-" + (point.kind || "default");
    var glyph = document.createElement("span");
    glyph.className = "map-pin-glyph";
    glyph.setAttribute("aria-hidden", "true");
    pin.appendChild(glyph);
    var name = document.createElement("span");
    name.className = "visually-hidden";
    name.textContent = point.name + (point.kind_label ? " (" + point.kind_label + ")" : "");
    pin.appendChild(name);
    return L.divIcon({ html: pin, className: "map-marker", iconSize: [30, 30], iconAnchor: [15, 30],
                       popupAnchor: [0, -28] });
  }

  function imageIcon(el) {
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

  function popupContent(point) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    box.appendChild(link);
    [point.kind_label, point.address].forEach(function (text) {
      if (!text) { return; }
      var line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    return box;
  }

  function clusterIcon(el) {
    var template = el.dataset.clusterLabel || "{count}";
    return function (cluster) {
      var count = cluster.getChildCount();
      var box = document.createElement("div");
      var number = document.createElement("span");
      number.className = "map-cluster-count";
      number.setAttribute("aria-hidden", "true");
      number.textContent = String(count);
      box.appendChild(number);
      var label = document.createElement("span");
      label.className = "visually-hidden";
      label.textContent = template.replace("{count}", String(count));
      box.appendChild(label);
      var size = count < 10 ? "small" : count < 50 ? "medium" : "large";
      return L.divIcon({ html: box, className: "map-cluster map-cluster-" + size, iconSize: [40, 40] });
    };
  }

  function openCluster(map, cluster) {
    // What a click does: zoom in to separate them, or fan them out when zooming cannot.
    var bounds = cluster.getBounds();
    var samePoint = bounds.getNorthEast().equals(bounds.getSouthWest());
    if (samePoint || map.getZoom() >= map.getMaxZoom()) {
      cluster.spiderfy();
    } else {
      cluster.zoomToBounds({ padding: [24, 24] });
    }
  }

  function linkList(el, map, group, markersById) {
    var list = el.dataset.list && document.querySelector(el.dataset.list);
    if (!list) { return; }
    var highlighted = null;

    function clear() {
      if (highlighted && highlighted._icon) { highlighted._icon.classList.remove("is-highlighted"); }
      highlighted = null;
    }

    function highlight(item) {
      clear();
      var marker = markersById[item.dataset.showroomId];
      if (!marker) { return; }
      var shown = group && group.getVisibleParent ? group.getVisibleParent(marker) : marker;
      if (shown && shown._icon) {
        shown._icon.classList.add("is-highlighted");
        highlighted = shown;
      }
    }

    function itemOf(event) {
      return event.target.closest ? event.target.closest("[data-showroom-id]") : null;
    }

    list.addEventListener("mouseover", function (event) { var item = itemOf(event); if (item) { highlight(item); } });
    list.addEventListener("focusin", function (event) { var item = itemOf(event); if (item) { highlight(item); } });
    list.addEventListener("mouseleave", clear);
    list.addEventListener("focusout", clear);
    map.on("zoomend", clear);
  }

  function initMap(el) {
    var points = readPoints(el).filter(function (p) {
      return typeof p.lat === "number" && typeof p.lon === "number" && !isNaN(p.lat) && !isNaN(p.lon);
    });
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false, maxZoom: 18 });
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, {
        maxZoom: 19,
        attribution: el.dataset.tileAttribution || ""
      }).addTo(map);
    }
    var clustered = el.dataset.cluster !== undefined && typeof L.markerClusterGroup === "function";
    var group = clustered
      ? L.markerClusterGroup({
          maxClusterRadius: 40,
          showCoverageOnHover: false,
          spiderfyOnMaxZoom: true,
          zoomToBoundsOnClick: true,
          iconCreateFunction: clusterIcon(el)
        })
      : L.featureGroup();
    var fallbackIcon = imageIcon(el);
    var markersById = {};
    var latlngs = [];
    points.forEach(function (point) {
      var icon = point.kind ? pinIcon(point) : fallbackIcon;
      var marker = L.marker([point.lat, point.lon], { icon: icon, title: point.name, alt: point.name,
                                                      keyboard: true, riseOnHover: true });
      marker.bindPopup(popupContent(point));
      group.addLayer(marker);
      if (point.id !== "" && point.id !== undefined) { markersById[String(point.id)] = marker; }
      latlngs.push([point.lat, point.lon]);
    });
    if (clustered) {
      // Groups are markers too: Enter on a focused group opens it, as a click does.
      group.on("clusterkeypress", function (event) {
        if (event.originalEvent && event.originalEvent.keyCode === 13) { openCluster(map, event.layer); }
      });
    }
    group.addTo(map);
    var originLat = parseFloat(el.dataset.originLat);
    var originLon = parseFloat(el.dataset.originLon);
    if (!isNaN(originLat) && !isNaN(originLon)) {
      L.circleMarker([originLat, originLon], { radius: 8, className: "showroom-map-origin" })
        .bindTooltip(el.dataset.originLabel || "")
        .addTo(map);
      latlngs.push([originLat, originLon]);
    }
    if (latlngs.length === 1) {
      map.setView(latlngs[0], parseInt(el.dataset.zoom || "15", 10));
    } else if (latlngs.length > 1) {
      map.fitBounds(latlngs, { padding: [24, 24], maxZoom: 16 });
    } else {
      map.setView(HANOI, 11);  // Hoàn Kiếm, when nothing is listed
    }
    linkList(el, map, clustered ? group : null, markersById);
    el.showroomMap = { map: map, group: group, markers: markersById };
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
