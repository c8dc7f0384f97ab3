/* An insats's page: observations per category in the four weeks before it began and the four
   weeks from then, as a bar chart (the same figures are in the table beside it). Category
   names reach the chart as data; Chart.js draws them on a canvas, never as HTML. */
(function () {
  "use strict";
  var node = document.getElementById("effect-data");
  var canvas = document.getElementById("effect-chart");
  if (!node || !canvas || !window.Chart) { return; }
  var data = JSON.parse(node.textContent);
  var colours = ["#6b6b6b", "#1d3557"];
  var horizontal = data.labels.length > 4;
  if (horizontal) {
    // Room for every category's name and its two bars.
    canvas.parentNode.style.height = (data.labels.length * 44 + 70) + "px";
  }
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map(function (s, i) {
        return { label: s.label, data: s.counts, backgroundColor: colours[i % colours.length] };
      }),
    },
    options: { responsive: true, maintainAspectRatio: false, animation: false,
      indexAxis: horizontal ? "y" : "x",
      plugins: { legend: { position: "bottom" } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0, autoSkip: false } },
                y: { beginAtZero: true, ticks: { precision: 0, autoSkip: false } } } },
  });
})();
