/* Map of actors (Leaflet, served from the project's static files). Progressive enhancement: without
   JavaScript the list below the map is the directory. Tiles only when MAILLAGE_MAP_TILES_URL is set. */
(function () {
  "use strict";
  var el = document.getElementById("carte");
  if (!el || typeof L === "undefined") return;
  el.hidden = false;
  var caption = document.getElementById("carte-legende");
  if (caption) caption.hidden = false;
  var map = L.map(el, { scrollWheelZoom: false, maxZoom: 18 });  // clustering needs maxZoom, even without tiles
  // A territory's map starts on the territory (its centre, at a zoom for its level); the directory on France.
  if (el.dataset.centerLat && el.dataset.centerLon) {
    map.setView([parseFloat(el.dataset.centerLat), parseFloat(el.dataset.centerLon)],
                parseInt(el.dataset.centerZoom || "9", 10));
  } else {
    map.setView([46.6, 2.4], 5);
  }
  if (el.dataset.tiles) {
    var tiles = L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution || "" });
    // A blocked or unreachable tile server leaves a grey box: say so (the markers and the list still work).
    var loaded = 0, failed = 0;
    tiles.on("tileload", function () { loaded += 1; setNotice(false); });
    tiles.on("tileerror", function () {
      failed += 1;
      if (!loaded && failed >= 2) setNotice(true);
    });
    tiles.addTo(map);
  }

  function setNotice(show) {
    var notice = document.getElementById("carte-sans-fond");
    if (notice) notice.hidden = !show;
    el.dataset.tilesFailed = show ? "1" : "";
  }
  var style = { radius: 6, color: "#1d4e89", weight: 1, fillColor: "#2e7dd7", fillOpacity: 0.8 };

  function popup(props) {
    var box = document.createElement("div");
    var link = document.createElement(props.url ? "a" : "strong");
    if (props.url) link.href = props.url;
    link.textContent = props.name;
    box.appendChild(link);
    var details = [props.form, props.commune].filter(Boolean).join(" · ");
    if (details) {
      var p = document.createElement("div");
      p.textContent = details;
      box.appendChild(p);
    }
    if (props.approx) {
      var note = document.createElement("div");
      note.className = "meta";
      note.textContent = "Position approximative : centre de la commune";
      box.appendChild(note);
    }
    return box;
  }

  if (el.dataset.lat && el.dataset.lon) {
    var point = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
    L.circleMarker(point, style).bindPopup(popup({ name: el.dataset.name, approx: !!el.dataset.approx })).addTo(map);
    map.setView(point, 13);
    return;
  }
  if (!el.dataset.geojson) return;
  fetch(el.dataset.geojson, { headers: { Accept: "application/geo+json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      // Markers are clustered (Leaflet.markercluster) so that tens of thousands of actors stay usable.
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) { return L.marker(latlng, { title: feature.properties.name, alt: feature.properties.name }); },
        onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
      });
      var group = L.markerClusterGroup ? L.markerClusterGroup({ chunkedLoading: true }) : L.featureGroup();
      group.addLayer(layer).addTo(map);
      el.dataset.markers = String(data.features.length);
      if (!data.features.length) {  // nothing to place: no empty map, the list says there is no actor
        el.hidden = true;
        if (caption) caption.hidden = true;
        setNotice(false);
        return;
      }
      map.fitBounds(group.getBounds(), { maxZoom: 13, padding: [20, 20] });
      if (data.truncated && caption) {
        caption.textContent += " Seuls les " + data.features.length + " premiers acteurs sont placés : affinez les filtres.";
      }
    })
    .catch(function (error) { el.hidden = true; if (window.console) console.error("carte :", error); });
})();
