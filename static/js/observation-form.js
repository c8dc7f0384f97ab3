/* The log form's map: click (or use your position) to set the point. The area list and the
   place description are the way to log without the map. */
(function () {
  "use strict";
  var M = window.TrygghetMaps, gettext = M.gettext;
  var latInput = document.getElementById("id_latitude");
  var lonInput = document.getElementById("id_longitude");
  var status = document.getElementById("point-status");
  var clearButton = document.getElementById("clear-point");
  var positionButton = document.getElementById("use-position");
  // The map is a pointer aid; keyboard and screen-reader users choose an area instead, so the
  // map and its controls stay out of the tab order (the element is aria-hidden).
  var map = M.baseMap("pick-map", { keyboard: false });
  var mapElement = document.getElementById("pick-map");
  mapElement.setAttribute("tabindex", "-1");
  mapElement.querySelectorAll("a, button").forEach(function (el) { el.setAttribute("tabindex", "-1"); });
  var areas = M.readJson("area-features");
  var layer = M.areaLayer(map, areas, { labels: true });
  if (layer) { map.fitBounds(layer.getBounds()); }
  var marker = null;

  function setPoint(lat, lon, pan) {
    lat = Math.round(lat * 1e6) / 1e6; lon = Math.round(lon * 1e6) / 1e6;
    latInput.value = lat; lonInput.value = lon;
    if (marker) { marker.setLatLng([lat, lon]); }
    else { marker = L.marker([lat, lon], { title: gettext("Vald plats") }).addTo(map); }
    if (pan) { map.setView([lat, lon], Math.max(map.getZoom(), 15)); }
    status.textContent = interpolate(gettext("Vald punkt: %s, %s"), [lat.toFixed(5), lon.toFixed(5)]);
    clearButton.hidden = false;
  }

  function interpolate(fmt, args) {
    if (window.interpolate) { return window.interpolate(fmt, args); }
    var i = 0; return fmt.replace(/%s/g, function () { return args[i++]; });
  }

  map.on("click", function (e) { setPoint(e.latlng.lat, e.latlng.lng, false); });

  clearButton.addEventListener("click", function () {
    latInput.value = ""; lonInput.value = "";
    if (marker) { map.removeLayer(marker); marker = null; }
    status.textContent = gettext("Ingen punkt vald. Välj ett område i listan i stället.");
    clearButton.hidden = true;
  });

  if ("geolocation" in navigator) {
    positionButton.hidden = false;
    positionButton.addEventListener("click", function () {
      status.textContent = gettext("Hämtar din position …");
      navigator.geolocation.getCurrentPosition(
        function (pos) { setPoint(pos.coords.latitude, pos.coords.longitude, true); },
        function () { status.textContent = gettext("Din position kunde inte hämtas. Klicka i kartan eller välj ett område."); },
        { enableHighAccuracy: true, timeout: 15000 }
      );
    });
  }

  // A form shown again after an error keeps its point.
  if (latInput.value && lonInput.value) {
    setPoint(parseFloat(latInput.value), parseFloat(lonInput.value), true);
  }
  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }
})();
