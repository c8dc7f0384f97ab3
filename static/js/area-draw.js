/* Drawing an area's polygon in the admin with Leaflet-Geoman. The textarea holds the GeoJSON
   geometry the server validates; the map reads it, and every drawing or edit writes it back.
   Typing or pasting in the textarea redraws the map. */
(function () {
  "use strict";
  var M = window.TrygghetMaps;

  function setUp(box) {
    var textarea = document.getElementById(box.dataset.textarea);
    var mapElement = box.querySelector(".area-draw__map");
    var map = M.baseMap(mapElement.id);
    if (map.pm.setLang) { map.pm.setLang(document.documentElement.lang === "en" ? "en" : "sv"); }
    var others = M.readJson(box.dataset.others);
    if (others && others.features.length) {
      L.geoJSON(others, {
        interactive: false, pmIgnore: true,
        style: { color: "#777", weight: 1, fillOpacity: 0.04, dashArray: "4 3" },
        onEachFeature: function (feature, layer) {
          if (feature.properties.kind !== "kommun") {
            layer.bindTooltip(M.textContent([feature.properties.name]), {
              permanent: true, direction: "center", className: "area-label", opacity: 0.8,
            });
          }
        },
      }).addTo(map);
    }
    var shape = null;

    function write() {
      textarea.value = shape ? JSON.stringify(shape.toGeoJSON(6).geometry) : "";
    }

    function adopt(layer) {
      if (shape && shape !== layer) { map.removeLayer(shape); }
      shape = layer;
      shape.on("pm:edit pm:dragend", write);
      write();
    }

    function load() {
      var geometry = null;
      try { geometry = JSON.parse(textarea.value); } catch (error) { return; }
      if (!geometry || (geometry.type !== "Polygon" && geometry.type !== "MultiPolygon")) { return; }
      if (shape) { map.removeLayer(shape); shape = null; }
      var layers = L.geoJSON(geometry, { style: { color: "#b00020", weight: 2 } }).getLayers();
      if (!layers.length) { return; }
      shape = layers[0].addTo(map);
      shape.on("pm:edit pm:dragend", write);
      map.fitBounds(shape.getBounds(), { padding: [30, 30] });
    }

    map.pm.addControls({
      position: "topleft", drawMarker: false, drawCircleMarker: false, drawPolyline: false,
      drawCircle: false, drawText: false, cutPolygon: false, rotateMode: false,
      drawRectangle: true, drawPolygon: true, editMode: true, dragMode: true, removalMode: true,
    });
    map.pm.setPathOptions({ color: "#b00020", weight: 2 });
    map.on("pm:create", function (event) { adopt(event.layer); });
    map.on("pm:remove", function (event) {
      if (event.layer === shape) { shape = null; write(); }
    });
    textarea.addEventListener("change", load);
    load();
    // The admin's stylesheets may give the map its size only once the page has loaded.
    window.addEventListener("load", function () {
      map.invalidateSize();
      if (shape) { map.fitBounds(shape.getBounds(), { padding: [30, 30] }); }
      else if (M.municipalityBounds()) { map.fitBounds(M.municipalityBounds()); }
      mapElement.dataset.ready = "true";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-area-draw]").forEach(setUp);
  });
})();
