/* The observation map: the filtered set as clustered markers over the areas. */
(function () {
  "use strict";
  var M = window.TrygghetMaps, gettext = M.gettext;
  var map = M.baseMap("observation-map");
  var areaLayer = M.areaLayer(map, M.readJson("area-features"));
  var data = M.readJson("observation-features");
  var colours = { high: "#b00020", medium: "#b35900", low: "#1d6b3a" };
  var severityNames = { high: gettext("Hög"), medium: gettext("Medel"), low: gettext("Låg") };
  var clusters = L.markerClusterGroup({ showCoverageOnHover: false });

  var points = L.geoJSON(data, {
    pointToLayer: function (feature, latlng) {
      var p = feature.properties;
      return L.circleMarker(latlng, { radius: 8, weight: 2, color: "#fff",
        fillColor: colours[p.severity] || "#333", fillOpacity: 0.9 });
    },
    onEachFeature: function (feature, layer) {
      var p = feature.properties;
      var when = p.occurred_at.replace("T", " ").slice(0, 16);
      layer.bindPopup(M.textContent([
        { text: p.category, strong: true }, when, p.area,
        gettext("Allvarlighet") + ": " + (severityNames[p.severity] || ""),
        { text: gettext("Visa observationen"), href: p.url },
      ]));
    },
  });
  clusters.addLayer(points);
  map.addLayer(clusters);
  if (data.features.length) { map.fitBounds(points.getBounds(), { maxZoom: 16, padding: [20, 20] }); }
  else if (areaLayer) { map.fitBounds(areaLayer.getBounds()); }
})();
