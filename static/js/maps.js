/* Shared map plumbing: a Leaflet map with the municipality's tiles when configured and
   reachable, otherwise a plain background on which areas and points still show. Maps start
   on the municipality's boundary (from the data, never from code).

   Anything user- or admin-entered (names of areas, categories, organisations) reaches the
   map as text: tooltips and popups are built from DOM nodes with textContent, never from
   HTML strings, because Leaflet inserts a string as HTML. */
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };

  // The map settings come on the script tag, or (in the admin, whose scripts load in the head
  // before the page's body) on an element with the id map-config: read them when a map is made.
  function config() {
    var element = document.getElementById("maps-js") || document.getElementById("map-config");
    return element ? element.dataset : {};
  }

  function municipalityBounds() {
    var parts = (config().bounds || "").split(",").map(parseFloat);
    if (parts.length !== 4 || parts.some(isNaN)) { return null; }
    return L.latLngBounds([parts[1], parts[0]], [parts[3], parts[2]]);
  }

  function baseMap(elementId, options) {
    var element = document.getElementById(elementId);
    element.classList.add("map--plain");
    var map = L.map(element, Object.assign({ maxZoom: 19 }, options || {}));
    if (!options || !options.center) {
      var bounds = municipalityBounds();
      if (bounds) { map.fitBounds(bounds); } else { map.setView([62.0, 15.0], 5); }
    }
    var tilesUrl = config().tiles;
    if (tilesUrl) {
      var tiles = L.tileLayer(tilesUrl, { maxZoom: 19, attribution: config().attribution || "" });
      tiles.on("tileload", function () { element.classList.remove("map--plain"); });
      tiles.addTo(map);
    }
    element.leafletMap = map;
    return map;
  }

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  /* A node holding lines of text; `lines` are strings, or {text, strong} or {text, href}. */
  function textContent(lines) {
    var box = document.createElement("div");
    lines.forEach(function (line, index) {
      if (line === null || line === undefined || line === "") { return; }
      if (index > 0 && box.childNodes.length) { box.appendChild(document.createElement("br")); }
      var item = typeof line === "object" ? line : { text: line };
      var node;
      if (item.href) {
        node = document.createElement("a");
        node.href = item.href;
      } else if (item.strong) {
        node = document.createElement("strong");
      } else {
        node = document.createElement("span");
      }
      node.textContent = String(item.text);
      box.appendChild(node);
    });
    return box;
  }

  /* The areas as outlines; with labels, each named area carries its name on the map (a phone
     user without tiles would otherwise tap on unnamed shapes). The names lie under the map's
     markers, and where two would overlap at the current zoom only one shows. */
  function areaLayer(map, areas, options) {
    if (!areas || !areas.features.length) { return null; }
    var labels = options && options.labels;
    if (labels && !map.getPane("area-labels")) {
      // Above the outlines (overlayPane, 400), below markers (600) and popups.
      map.createPane("area-labels").style.zIndex = 550;
    }
    var layer = L.geoJSON(areas, {
      style: function (feature) {
        var boundary = feature.properties.kind === "kommun";
        return {
          color: boundary ? "#1d3557" : "#457b9d", weight: boundary ? 3 : 1.5,
          fillOpacity: boundary ? 0.03 : 0.08, dashArray: boundary ? "6 4" : null,
          interactive: !boundary,
        };
      },
      onEachFeature: function (feature, lyr) {
        if (feature.properties.kind !== "kommun") {
          lyr.bindTooltip(textContent([feature.properties.name]), labels ? {
            permanent: true, direction: "top", className: "area-label", opacity: 0.9,
            pane: "area-labels", offset: [0, -1],
          } : {});
        }
      },
    }).addTo(map);
    if (labels) {
      // Each name just above its area's top, clear of the observations inside it.
      layer.eachLayer(function (lyr) {
        if (!lyr.getTooltip()) { return; }
        var bounds = lyr.getBounds();
        lyr.openTooltip(L.latLng(bounds.getNorth(), bounds.getCenter().lng));
      });
      var declutter = function () { declutterLabels(layer); };
      map.on("zoomend moveend", declutter);
      map.whenReady(declutter);
    }
    return layer;
  }

  /* Where labels would overlap, the most specific area whose outline holds its label on the
     screen keeps it: Bro when the map is zoomed out, Bro centrum when zoomed in there. */
  function declutterLabels(layer) {
    var labels = [];
    layer.eachLayer(function (lyr) {
      var tooltip = lyr.getTooltip && lyr.getTooltip();
      var node = tooltip && tooltip.getElement();
      if (!node || !lyr.getBounds) { return; }
      node.classList.remove("area-label--hidden");
      var box = node.getBoundingClientRect();
      var map = lyr._map;
      var bounds = lyr.getBounds();
      var corner1 = map.latLngToContainerPoint(bounds.getNorthWest());
      var corner2 = map.latLngToContainerPoint(bounds.getSouthEast());
      var width = Math.abs(corner2.x - corner1.x), height = Math.abs(corner2.y - corner1.y);
      labels.push({ node: node, box: box, fits: box.width <= width && box.height <= height,
        size: width * height });
    });
    labels.sort(function (a, b) {
      if (a.fits !== b.fits) { return a.fits ? -1 : 1; }
      return a.fits ? a.size - b.size : b.size - a.size;
    });
    var kept = [];
    labels.forEach(function (label) {
      var box = label.box;
      var overlaps = kept.some(function (other) {
        return box.left < other.right && other.left < box.right &&
          box.top < other.bottom && other.top < box.bottom;
      });
      if (overlaps) { label.node.classList.add("area-label--hidden"); } else { kept.push(box); }
    });
  }

  function pointMap(elementId) {
    var element = document.getElementById(elementId);
    var lat = parseFloat(element.dataset.lat), lon = parseFloat(element.dataset.lon);
    var map = baseMap(elementId, { center: [lat, lon], zoom: 15 });
    L.circleMarker([lat, lon], { radius: 9, color: "#b00020", weight: 3 }).addTo(map);
    return map;
  }

  window.TrygghetMaps = { baseMap: baseMap, readJson: readJson, areaLayer: areaLayer,
    pointMap: pointMap, textContent: textContent, municipalityBounds: municipalityBounds,
    gettext: gettext };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-point-map]").forEach(function (el) { pointMap(el.id); });
  });
})();
