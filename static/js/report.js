/* The lägesbild page's map: the areas with their names, the week's points as a heat map and
   the hotspot cells (the same figures are in the tables). The trend is a server-drawn image. */
(function () {
  "use strict";
  var M = window.TrygghetMaps, gettext = M.gettext;
  var points = M.readJson("report-points") || [];
  var cells = M.readJson("report-cells") || [];
  var map = M.baseMap("report-map");
  var areas = M.areaLayer(map, M.readJson("area-features"), { labels: true });
  var bounds = [];
  if (points.length && L.heatLayer) {
    L.heatLayer(points.map(function (p) {
      return [p.lat, p.lon, p.severity === "high" ? 1 : p.severity === "medium" ? 0.6 : 0.35];
    }), { radius: 22, blur: 18, minOpacity: 0.3 }).addTo(map);
    points.forEach(function (p) { bounds.push([p.lat, p.lon]); });
  }
  cells.forEach(function (c, i) {
    L.rectangle([[c.south, c.west], [c.north, c.east]], {
      color: c.flag === "up" ? "#b00020" : "#1d3557", weight: 2, fillOpacity: 0.05,
    }).bindTooltip(M.textContent([(i + 1) + ". " + c.count + " " + gettext("observationer")]))
      .addTo(map);
  });
  if (bounds.length) { map.fitBounds(bounds, { maxZoom: 15, padding: [20, 20] }); }
  else if (areas) { map.fitBounds(areas.getBounds()); }
})();
