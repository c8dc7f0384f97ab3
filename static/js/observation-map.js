/* The observation map: the filtered set, whatever its size, over the named areas. For each view
   the map asks the server (observation_map_data) for the observations in it: single points
   while the view holds few enough, otherwise grid cells with their counts, which a click
   zooms into. A switchable heat map is drawn from the same cells. */
(function () {
  "use strict";
  var M = window.TrygghetMaps, gettext = M.gettext;
  var element = document.getElementById("observation-map");
  var status = document.getElementById("map-status");
  var heatToggle = document.getElementById("heat-toggle");
  // Quarter zoom steps, so that the municipality fills a phone's map rather than a third of it;
  // the server counts cells for the nearest whole zoom level.
  var map = M.baseMap("observation-map", { zoomSnap: 0.25 });
  var areas = M.readJson("area-features");
  var areaLayer = M.areaLayer(map, areas, { labels: true });
  var colours = { high: "#b00020", medium: "#b35900", low: "#1d6b3a" };
  var severityNames = { high: gettext("Hög"), medium: gettext("Medel"), low: gettext("Låg") };
  var language = document.documentElement.lang || "sv";
  var points = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 12 });
  var cells = L.layerGroup();
  var heat = null;
  var pending = null, timer = null, asked = 0;
  map.addLayer(points);
  map.addLayer(cells);

  function ngettext(singular, plural, n) {
    return window.ngettext ? window.ngettext(singular, plural, n) : (n === 1 ? singular : plural);
  }

  function interpolate(fmt, args) {
    if (window.interpolate) { return window.interpolate(fmt, args); }
    var i = 0;
    return fmt.replace(/%s/g, function () { return args[i++]; });
  }

  function number(n) { return n.toLocaleString(language); }

  // Start on the chosen area when the filter names one, else on the municipality (baseMap).
  var chosen = new URLSearchParams(element.dataset.query).get("area");
  if (chosen && areaLayer) {
    areaLayer.eachLayer(function (layer) {
      if (String(layer.feature.id) === chosen) { map.fitBounds(layer.getBounds()); }
    });
  } else if (areaLayer && !M.municipalityBounds()) {
    map.fitBounds(areaLayer.getBounds());
  }

  function view() {
    var b = map.getBounds();
    function clamp(v, limit) { return Math.max(-limit, Math.min(limit, v)).toFixed(5); }
    return {
      zoom: String(Math.round(map.getZoom())),
      bbox: [clamp(b.getWest(), 180), clamp(b.getSouth(), 90),
        clamp(b.getEast(), 180), clamp(b.getNorth(), 90)].join(","),
    };
  }

  function fetchView(extra) {
    var params = new URLSearchParams(element.dataset.query);
    var v = view();
    params.set("zoom", v.zoom);
    params.set("bbox", v.bbox);
    Object.keys(extra || {}).forEach(function (key) { params.set(key, extra[key]); });
    return fetch(element.dataset.url + "?" + params.toString(), {
      credentials: "same-origin", headers: { Accept: "application/json" },
      signal: pending ? pending.signal : undefined,
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          var messages = [];
          Object.keys(body).forEach(function (key) { messages = messages.concat(body[key]); });
          throw new Error(messages.join(" "));
        }
        return body;
      });
    });
  }

  function pointLayer(feature) {
    var p = feature.properties;
    var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
    var marker = L.circleMarker(latlng, { radius: 8, weight: 2, color: "#fff",
      fillColor: colours[p.severity] || "#333", fillOpacity: 0.9 });
    var when = p.occurred_at.replace("T", " ").slice(0, 16);
    marker.bindPopup(M.textContent([
      { text: p.category, strong: true }, when, p.area,
      gettext("Allvarlighet") + ": " + (severityNames[p.severity] || ""),
      { text: gettext("Visa observationen"), href: p.url },
    ]));
    return marker;
  }

  function cellLayer(feature, largest) {
    var p = feature.properties;
    var size = Math.round(26 + 16 * Math.sqrt(p.count / largest));
    var label = document.createElement("span");
    label.textContent = number(p.count);
    var bounds = L.latLngBounds([p.bounds[1], p.bounds[0]], [p.bounds[3], p.bounds[2]]);
    var marker = L.marker([feature.geometry.coordinates[1], feature.geometry.coordinates[0]], {
      icon: L.divIcon({ html: label, className: "map-cell", iconSize: [size, size] }),
      title: interpolate(ngettext("%s observation här; zooma in", "%s observationer här; zooma in",
        p.count), [number(p.count)]),
      riseOnHover: true,
    });
    marker.on("click", function () {
      map.fitBounds(bounds, { maxZoom: Math.min(map.getZoom() + 3, map.getMaxZoom()) });
    });
    return marker;
  }

  function drawHeat(collection) {
    var largest = 1;
    collection.features.forEach(function (f) { largest = Math.max(largest, f.properties.count); });
    var data = collection.features.map(function (f) {
      return [f.geometry.coordinates[1], f.geometry.coordinates[0],
        Math.log(1 + f.properties.count) / Math.log(1 + largest)];
    });
    // leaflet.heat dims points below its maxZoom; the cells are counted for this zoom already.
    var options = { radius: 30, blur: 24, max: 1, minOpacity: 0.3, maxZoom: map.getZoom() };
    if (heat) { heat.setOptions(options); heat.setLatLngs(data); }
    else { heat = L.heatLayer(data, options).addTo(map); }
    element.dataset.heat = String(data.length);
  }

  function clearHeat() {
    if (heat) { map.removeLayer(heat); heat = null; }
    delete element.dataset.heat;
  }

  function show(collection, zoom) {
    points.clearLayers();
    cells.clearLayers();
    if (collection.kind === "points") {
      points.addLayers(collection.features.map(pointLayer));
    } else if (!heatToggle.checked) {
      // With the heat map on, the heat shows where the cells are; single points stay.
      var largest = 1;
      collection.features.forEach(function (f) { largest = Math.max(largest, f.properties.count); });
      collection.features.forEach(function (f) { cells.addLayer(cellLayer(f, largest)); });
    }
    var text = interpolate(ngettext("%s observation på kartan", "%s observationer på kartan",
      collection.count), [number(collection.count)]);
    if (collection.kind === "cells") { text += " " + gettext("(i rutor: zooma in för att se var och en)"); }
    status.textContent = text;
    element.dataset.kind = collection.kind;
    element.dataset.count = String(collection.count);
    element.dataset.zoom = String(zoom);
  }

  function refresh() {
    if (pending) { pending.abort(); }
    pending = window.AbortController ? new AbortController() : null;
    element.setAttribute("aria-busy", "true");
    var zoom = Math.round(map.getZoom()), request = ++asked;
    fetchView().then(function (collection) {
      show(collection, zoom);
      if (!heatToggle.checked) { clearHeat(); return null; }
      if (collection.kind === "cells") { drawHeat(collection); return null; }
      return fetchView({ kind: "cells" }).then(drawHeat);
    }).catch(function (error) {
      if (error.name === "AbortError") { return; }
      status.textContent = gettext("Kartan kunde inte hämta observationerna.") + " " + error.message;
    }).then(function () {
      if (request === asked) { element.removeAttribute("aria-busy"); }
    });
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 150);
  }

  map.on("moveend", soon);
  heatToggle.addEventListener("change", refresh);
  refresh();
})();
