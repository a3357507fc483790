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
  // The server answers for the map's zoom (and, once moved, its bounding box): the actors themselves when they
  // are few (clustered here by Leaflet.markercluster, the map fits them), else counted cells of a grid computed
  // by the server, fetched again at each move: a map of the whole register loads a few hundred features.
  var layer = L.markerClusterGroup ? L.markerClusterGroup({ chunkedLoading: true }) : L.featureGroup();
  layer.addTo(map);
  var sequence = 0;
  var base = el.dataset.geojson + (el.dataset.geojson.indexOf("?") < 0 ? "?" : "&");

  function clusterIcon(count) {
    var size = count < 100 ? "small" : count < 1000 ? "medium" : "large";
    var html = document.createElement("div");
    var span = document.createElement("span");
    span.textContent = count.toLocaleString("fr-FR");
    html.appendChild(span);
    return L.divIcon({ html: html, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
  }

  function draw(data) {
    layer.clearLayers();
    if (data.mode === "clusters") {
      data.features.forEach(function (feature) {
        var c = feature.geometry.coordinates, n = feature.properties.count;
        var label = n + (n > 1 ? " acteurs" : " acteur") + " : zoomer pour les voir";
        var marker = L.marker([c[1], c[0]], { icon: clusterIcon(n), title: label, alt: label, keyboard: true });
        marker.on("click", function () { map.setView([c[1], c[0]], Math.min(map.getZoom() + 2, 18)); });
        layer.addLayer(marker);
      });
    } else {
      layer.addLayer(L.geoJSON(data, {
        pointToLayer: function (feature, latlng) { return L.marker(latlng, { title: feature.properties.name, alt: feature.properties.name }); },
        onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
      }));
    }
    el.dataset.markers = String(data.total !== undefined ? data.total : data.features.length);
    el.dataset.mode = data.mode || "points";
    el.dataset.features = String(data.features.length);
    el.dataset.drawnAt = String(Math.round(performance.now()));  // read by bench.map
  }

  function load(withBounds) {
    var current = ++sequence;
    var url = base + "zoom=" + map.getZoom();
    if (withBounds) url += "&bbox=" + map.getBounds().toBBoxString();
    return fetch(url, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { if (current === sequence) draw(data); return data; });
  }

  load(false)
    .then(function (data) {
      if (data.mode === "clusters") {
        map.on("moveend", function () { load(true); });  // the whole set is too large: ask for each view
      } else if (data.features.length) {
        map.fitBounds(layer.getBounds(), { maxZoom: 13, padding: [20, 20] });
      } else {  // nothing to place: no empty map, the list says there is no actor
        el.hidden = true;
        if (caption) caption.hidden = true;
        setNotice(false);
      }
    })
    .catch(function (error) { el.hidden = true; if (window.console) console.error("carte :", error); });
})();
