/* The lägesbild page: the week's points as a heat map with the hotspot cells, and the
   12-week trend chart (the same figures are in the tables). */
(function () {
  "use strict";
  var M = window.TrygghetMaps, gettext = M.gettext;
  var points = M.readJson("report-points") || [];
  var cells = M.readJson("report-cells") || [];
  var trend = M.readJson("report-trend");
  var trendLabels = M.readJson("report-trend-labels");
  var map = M.baseMap("report-map");
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

  if (trend && window.Chart) {
    var palette = ["#1d3557", "#b00020", "#0b6e4f", "#8a4b00", "#5a2a82", "#00627a",
      "#6b6b00", "#a3336b", "#2f5d9e", "#4d4d4d", "#7a3d00", "#2e7d32"];
    new window.Chart(document.getElementById("trend-chart"), {
      type: "line",
      data: {
        labels: trendLabels,
        datasets: trend.series.map(function (s, i) {
          return { label: s.name, data: s.counts, borderColor: palette[i % palette.length],
            backgroundColor: palette[i % palette.length], tension: 0.2 };
        }),
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }
})();
