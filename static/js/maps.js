/* Shared map plumbing: a Leaflet map with the municipality's tiles when configured and
   reachable, otherwise a plain background on which areas and points still show. */
(function () {
  "use strict";
  var script = document.getElementById("maps-js");
  var tilesUrl = script ? script.dataset.tiles : "";
  var attribution = script ? script.dataset.attribution : "";
  var gettext = window.gettext || function (s) { return s; };

  function baseMap(elementId, options) {
    var element = document.getElementById(elementId);
    element.classList.add("map--plain");
    var map = L.map(element, Object.assign({ center: [59.49, 17.68], zoom: 12, maxZoom: 19 }, options || {}));
    if (tilesUrl) {
      var tiles = L.tileLayer(tilesUrl, { maxZoom: 19, attribution: attribution });
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

  function areaLayer(map, areas) {
    if (!areas || !areas.features.length) { return null; }
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
        if (feature.properties.kind !== "kommun") { lyr.bindTooltip(feature.properties.name); }
      },
    }).addTo(map);
    return layer;
  }

  function pointMap(elementId) {
    var element = document.getElementById(elementId);
    var lat = parseFloat(element.dataset.lat), lon = parseFloat(element.dataset.lon);
    var map = baseMap(elementId, { center: [lat, lon], zoom: 15 });
    L.circleMarker([lat, lon], { radius: 9, color: "#b00020", weight: 3 }).addTo(map);
    return map;
  }

  window.TrygghetMaps = { baseMap: baseMap, readJson: readJson, areaLayer: areaLayer,
    pointMap: pointMap, gettext: gettext };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-point-map]").forEach(function (el) { pointMap(el.id); });
  });
})();
