/* geomap map engine: event layers, control layer, heat map, basemap, legend and time slider.
 *
 * Written for geomap (MIT).  All article-derived text reaches the page through
 * textContent / DOM nodes only, never through innerHTML, so an article with
 * <script> or <img onerror=...> in it cannot run code here.
 *
 * Event rows (data.events) are arrays; the column order is data.columns.
 * String columns hold indexes into data.strings (or null).
 */
(function () {
  'use strict';
  var G = window.geomap = window.geomap || {};
  var DAY = 86400000;
  var C = null; // column indexes, set by init

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function str(index) {
    return index === null || index === undefined ? null : G.data.strings[index];
  }

  function dayOf(iso) {
    if (!iso) { return null; }
    var t = Date.parse(iso + 'T00:00:00Z');
    return isNaN(t) ? null : Math.round(t / DAY);
  }

  function isoOf(day) {
    return new Date(day * DAY).toISOString().slice(0, 10);
  }

  function safeUrl(url) {
    return typeof url === 'string' && /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
  }

  /* Timings (ms since navigation start) of the engine's steps, for benchmarks. */
  G.timings = [];
  G.mark = function (name) { G.timings.push([name, Math.round(performance.now())]); };

  G.init = function (map, data) {
    if (typeof data === 'string') { data = JSON.parse(document.getElementById(data).textContent); }
    G.mark('init');
    G.map = map;
    G.data = data;
    C = {};
    data.columns.forEach(function (name, i) { C[name] = i; });
    G.layers = {};
    G.stacked = {};
    G.days = data.events.map(function (row) { return dayOf(row[C.date]); });
    var dated = G.days.filter(function (d) { return d !== null; });
    G.minDay = dated.length ? Math.min.apply(null, dated) : null;
    G.maxDay = dated.length ? Math.max.apply(null, dated) : null;
    G.range = [G.minDay, G.maxDay];
    if (!map.options.maxZoom) { map.setMaxZoom(data.options.maxZoom || 18); }
    if (!map.options.minZoom) { map.setMinZoom(2); }
    var shownCircles = null;
    map.on('zoomend', function () {
      var want = map.getZoom() >= data.options.circleZoom;
      if (want === shownCircles) { return; }
      shownCircles = want;
      Object.keys(G.layers).forEach(function (k) { fillCircles(G.layers[k]); });
    });
    G.canvas = L.canvas({padding: 0.3});
    map.createPane('geomap-base').style.zIndex = 250;
    map.createPane('geomap-labels').style.zIndex = 350;
    map.getPane('geomap-labels').style.pointerEvents = 'none';
    G.baseCanvas = L.canvas({pane: 'geomap-base', padding: 0.3});
    (data.attribution || []).forEach(function (text) { map.attributionControl.addAttribution(text); });
    if (data.bounds) {
      map.fitBounds(data.bounds, {maxZoom: data.options.maxFitZoom || 9, padding: [30, 30]});
    }
  };

  /* ---------- event layers ---------- */

  /* Icon of a type; the k-th event at the same spot is shifted around a small ring so none hides another. */
  var iconCache = {};
  function typeIcon(cfg, k) {
    var key = cfg.key + ':' + (k || 0);
    if (iconCache[key]) { return iconCache[key]; }
    var dx = 0, dy = 0;
    if (k) {
      var angle = (k - 1) * Math.PI / 3 - Math.PI / 2;
      var ring = 16 + 10 * Math.floor((k - 1) / 6);
      dx = Math.round(ring * Math.cos(angle)); dy = Math.round(ring * Math.sin(angle));
    }
    var html = '<div class="geomap-marker-body" style="background:' + cfg.color + '">' +
      '<i class="fa-solid ' + cfg.icon + '"></i></div>';
    iconCache[key] = L.divIcon({html: html, className: 'geomap-marker geomap-marker-' + cfg.key,
      iconSize: [22, 22], iconAnchor: [11 - dx, 11 - dy], popupAnchor: [dx, dy - 10], tooltipAnchor: [dx + 10, dy]});
    return iconCache[key];
  }

  function makeMarker(i, cfg, icon) {
    var row = G.data.events[i];
    var latlng = [row[C.lat], row[C.lon]];
    var marker;
    if (icon) {
      var spot = latlng[0] + ',' + latlng[1];
      var k = G.stacked[spot] || 0;
      G.stacked[spot] = k + 1;
      marker = L.marker(latlng, {icon: typeIcon(cfg, k), keyboard: false, riseOnHover: true});
    } else {
      marker = L.circleMarker(latlng, {renderer: G.canvas, radius: 5, color: '#ffffff', weight: 1,
        fillColor: cfg.color, fillOpacity: 0.9});
    }
    marker.geomapIndex = i;
    return marker;
  }

  function clusterIcon(cfg) {
    return function (cluster) {
      var count = cluster.getChildCount();
      var size = count < 100 ? 30 : count < 1000 ? 38 : 46;
      var div = el('div', 'geomap-cluster-body');
      div.style.background = cfg.color;
      div.appendChild(el('span', null, count));
      return L.divIcon({html: div, className: 'geomap-cluster geomap-cluster-' + cfg.key,
        iconSize: [size, size]});
    };
  }

  G.eventLayer = function (key) {
    var data = G.data;
    var t = -1;
    data.types.forEach(function (cfg, i) { if (cfg.key === key) { t = i; } });
    var cfg = data.types[t];
    var indexes = [];
    data.events.forEach(function (row, i) { if (row[C.type] === t) { indexes.push(i); } });
    var clustered = indexes.length > data.options.clusterThreshold;
    var icon = data.options.iconMarkers;
    var points = clustered ? L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false,
      spiderfyOnMaxZoom: false, disableClusteringAtZoom: 10, maxClusterRadius: 60,
      iconCreateFunction: clusterIcon(cfg)}) : L.featureGroup();
    var circles = L.featureGroup();
    var markers = indexes.map(function (i) { return makeMarker(i, cfg, icon); });
    var circleIndexes = indexes.filter(function (i) {
      var row = data.events[i];
      return row[C.geo_precision] >= 2 && row[C.uncertainty_km] > 0;
    });
    points.on('click', function (e) { G.openPopup(e.layer); });
    points.on('mouseover', function (e) { G.hover(e.layer); });
    var container = L.layerGroup([circles, points]);
    var entry = {key: key, cfg: cfg, points: points, circles: circles, markers: markers,
      circleIndexes: circleIndexes, circleList: null, clustered: clustered, container: container, visible: 0};
    G.layers[key] = entry;
    fillLayer(entry);
    G.mark('layer ' + key);
    return container;
  };

  function inRange(i) {
    var d = G.days[i];
    if (d === null || G.range[0] === null) { return true; }
    return d >= G.range[0] && d <= G.range[1];
  }

  /* Uncertainty circles are built lazily and drawn only where they are big enough to see. */
  function circlesWanted(entry) {
    return entry.circleIndexes.length <= G.data.options.alwaysCircles || G.map.getZoom() >= G.data.options.circleZoom;
  }

  function fillCircles(entry) {
    entry.circles.clearLayers();
    if (!circlesWanted(entry)) { return; }
    if (!entry.circleList) {
      entry.circleList = entry.circleIndexes.map(function (i) {
        var row = G.data.events[i];
        var circle = L.circle([row[C.lat], row[C.lon]], {renderer: G.canvas, radius: row[C.uncertainty_km] * 1000,
          color: entry.cfg.color, weight: 1, opacity: 0.5, fillColor: entry.cfg.color, fillOpacity: 0.08,
          interactive: false});
        circle.geomapIndex = i;
        return circle;
      });
    }
    entry.circleList.forEach(function (c) { if (inRange(c.geomapIndex)) { entry.circles.addLayer(c); } });
  }

  function fillLayer(entry) {
    var shown = entry.markers.filter(function (m) { return inRange(m.geomapIndex); });
    entry.points.clearLayers();
    if (entry.clustered) {
      entry.points.addLayers(shown);
    } else {
      shown.forEach(function (m) { entry.points.addLayer(m); });
    }
    fillCircles(entry);
    entry.visible = shown.length;
  }

  /* ---------- popups and tooltips ---------- */

  var PRECISION = {1: 'day', 2: 'week', 3: 'month'};
  var GEO = {1: 'the place itself', 2: 'near the place / part of a region', 3: 'a whole region (its centre)'};

  function addRow(table, label, value) {
    if (value === null || value === undefined || value === '') { return; }
    var tr = el('tr');
    tr.appendChild(el('th', null, label));
    var td = el('td');
    if (value instanceof Node) { td.appendChild(value); } else { td.textContent = String(value); }
    tr.appendChild(td);
    table.appendChild(tr);
  }

  G.popupContent = function (i) {
    var row = G.data.events[i];
    var cfg = G.data.types[row[C.type]];
    var root = el('div', 'geomap-popup');
    var head = el('div', 'geomap-popup-head');
    var badge = el('i', 'fa-solid ' + cfg.icon);
    badge.style.color = cfg.color;
    head.appendChild(badge);
    head.appendChild(el('span', null, ' ' + cfg.label));
    root.appendChild(head);
    var table = el('table');
    var date = row[C.date];
    addRow(table, 'Date', date ? date + ' (' + (PRECISION[row[C.time_precision]] || '?') + ')' : 'unknown');
    addRow(table, 'Place', str(row[C.place]));
    addRow(table, 'Actors', (row[C.actors] || []).map(str).join(', '));
    addRow(table, 'Claimed by', str(row[C.claimed_by]));
    addRow(table, 'Weapon', str(row[C.weapon]));
    addRow(table, 'Fatalities', row[C.fatalities]);
    addRow(table, 'Injured', row[C.injured]);
    var gp = row[C.geo_precision];
    var geo = gp + ' - ' + (GEO[gp] || '?');
    if (gp >= 2 && row[C.uncertainty_km] > 0) { geo += ' (\u00b1' + row[C.uncertainty_km] + ' km)'; }
    addRow(table, 'Geo precision', geo);
    root.appendChild(table);
    if (row[C.evidence]) {
      root.appendChild(el('blockquote', 'geomap-evidence', row[C.evidence]));
    }
    var title = str(row[C.title]) || str(row[C.source]);
    var url = safeUrl(str(row[C.url]));
    var source = el('div', 'geomap-source');
    if (url) {
      var a = el('a', null, title || url);
      a.href = url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      source.appendChild(el('span', null, 'Source: '));
      source.appendChild(a);
    } else if (title) {
      source.textContent = 'Source: ' + title;
    }
    if (source.childNodes.length) { root.appendChild(source); }
    root.appendChild(el('div', 'geomap-event-id', row[C.event_id]));
    return root;
  };

  G.openPopup = function (marker) {
    var i = marker.geomapIndex;
    L.popup({maxWidth: 360, className: 'geomap-popup-wrap'})
      .setLatLng(marker.getLatLng()).setContent(G.popupContent(i)).openOn(G.map);
  };

  G.hover = function (marker) {
    if (!marker.getTooltip || marker.getTooltip()) { return; }
    var row = G.data.events[marker.geomapIndex];
    var cfg = G.data.types[row[C.type]];
    var text = cfg.label + ': ' + (str(row[C.place]) || '?') + (row[C.date] ? ' (' + row[C.date] + ')' : '');
    marker.bindTooltip(el('span', null, text), {direction: 'top'}).openTooltip();
  };

  /* ---------- territorial control ---------- */

  function sideColor(side) {
    var sides = (G.data.control && G.data.control.sides) || [];
    for (var k = 0; k < sides.length; k++) { if (sides[k].side === side) { return sides[k].color; } }
    return '#8c8c8c';
  }

  function isContested(props) {
    return props.status === 'contested' || props.side === 'contested' || props.contested === true;
  }

  function ensureHatch() {
    var svg = G.controlRenderer && G.controlRenderer._container;
    if (!svg || svg.querySelector('#geomap-hatch')) { return; }
    var ns = 'http://www.w3.org/2000/svg';
    var defs = document.createElementNS(ns, 'defs');
    var pattern = document.createElementNS(ns, 'pattern');
    pattern.setAttribute('id', 'geomap-hatch');
    pattern.setAttribute('patternUnits', 'userSpaceOnUse');
    pattern.setAttribute('width', '10');
    pattern.setAttribute('height', '10');
    pattern.setAttribute('patternTransform', 'rotate(45)');
    var a = document.createElementNS(ns, 'rect');
    a.setAttribute('width', '5'); a.setAttribute('height', '10'); a.setAttribute('fill', G.data.control.hatch[0]);
    var b = document.createElementNS(ns, 'rect');
    b.setAttribute('x', '5'); b.setAttribute('width', '5'); b.setAttribute('height', '10');
    b.setAttribute('fill', G.data.control.hatch[1]);
    pattern.appendChild(a); pattern.appendChild(b); defs.appendChild(pattern);
    svg.insertBefore(defs, svg.firstChild);
  }

  function hatchOnAdd(layer) {
    layer.on('add', function () {
      ensureHatch();
      if (layer._path) { layer._path.setAttribute('fill', 'url(#geomap-hatch)'); }
    });
  }

  function controlTooltip(props) {
    var box = el('div', 'geomap-control-tip');
    box.appendChild(el('strong', null, props.place || props.controller || props.side || '?'));
    var held;
    if (isContested(props)) {
      held = 'contested' + (props.holder ? ': held by ' + props.holder : '') +
        (props.contested_by ? ', attacked by ' + props.contested_by : '');
    } else {
      held = 'held by ' + (props.holder || props.controller || 'unknown') + (props.side ? ' (' + props.side + ')' : '');
    }
    box.appendChild(el('div', null, held));
    if (props.since) { box.appendChild(el('div', null, 'since ' + props.since)); }
    if (props.as_of) { box.appendChild(el('div', null, 'as of ' + props.as_of)); }
    if (props.status) { box.appendChild(el('div', null, 'status: ' + props.status)); }
    return box;
  }

  function drawControl(collection) {
    var group = G.controlGroup;
    group.clearLayers();
    if (!collection) { return; }
    (collection.features || []).forEach(function (feature) {
      var props = feature.properties || {};
      var geom = feature.geometry;
      if (!geom) { return; }
      var contested = isContested(props);
      var color = sideColor(props.side);
      if (geom.type === 'Point') {
        var marker = L.circleMarker([geom.coordinates[1], geom.coordinates[0]], {renderer: G.controlRenderer,
          radius: 7, color: contested ? G.data.control.hatch[0] : '#222222', weight: contested ? 3 : 1.5,
          fillColor: contested ? G.data.control.hatch[1] : color, fillOpacity: 0.95,
          className: 'geomap-town geomap-town-' + (contested ? 'contested' : 'held')});
        marker.bindTooltip(controlTooltip(props), {direction: 'top'});
        group.addLayer(marker);
      } else {
        var zone = L.geoJSON(feature, {renderer: G.controlRenderer, style: function () {
          return {color: contested ? '#555555' : color, weight: 1.5, fillColor: color,
            fillOpacity: contested ? 0.5 : 0.25, className: 'geomap-zone'};
        }});
        zone.eachLayer(function (layer) {
          if (contested) { hatchOnAdd(layer); }
          layer.bindTooltip(controlTooltip(props), {sticky: true});
        });
        group.addLayer(zone);
      }
    });
    // Towns above zones.
    group.eachLayer(function (layer) { if (layer.bringToFront && layer instanceof L.CircleMarker) { layer.bringToFront(); } });
  }

  G.controlAt = function (day) {
    var control = G.data.control;
    if (!control) { return null; }
    var snaps = control.snapshots || [];
    if (!snaps.length || day === null) { return control.current; }
    var chosen = null;
    snaps.forEach(function (snap) { var d = dayOf(snap[0]); if (d !== null && d <= day) { chosen = snap; } });
    G.controlDate = chosen ? chosen[0] : null;
    return chosen ? chosen[1] : {type: 'FeatureCollection', features: []};
  };

  G.controlLayer = function () {
    G.controlRenderer = L.svg({padding: 0.3});
    G.controlGroup = L.featureGroup();
    G.controlGroup.on('add', ensureHatch);
    drawControl(G.controlAt(G.range[1]));
    return G.controlGroup;
  };

  /* ---------- heat map (own canvas layer) ---------- */

  var HeatLayer = L.Layer.extend({
    onAdd: function (map) {
      this._canvas = L.DomUtil.create('canvas', 'geomap-heat leaflet-zoom-hide');
      map.getPanes().overlayPane.appendChild(this._canvas);
      map.on('moveend', this._draw, this);
      this._draw();
    },
    onRemove: function (map) {
      map.off('moveend', this._draw, this);
      L.DomUtil.remove(this._canvas);
    },
    redraw: function () { if (this._map) { this._draw(); } },
    _palette: function () {
      if (this._pal) { return this._pal; }
      var c = document.createElement('canvas');
      c.width = 256; c.height = 1;
      var ctx = c.getContext('2d');
      var grad = ctx.createLinearGradient(0, 0, 256, 0);
      grad.addColorStop(0.2, '#2c7bb6'); grad.addColorStop(0.45, '#abd9e9');
      grad.addColorStop(0.65, '#ffffbf'); grad.addColorStop(0.85, '#fdae61'); grad.addColorStop(1, '#d7191c');
      ctx.fillStyle = grad; ctx.fillRect(0, 0, 256, 1);
      this._pal = ctx.getImageData(0, 0, 256, 1).data;
      return this._pal;
    },
    _blob: function (r) {
      var c = document.createElement('canvas');
      c.width = c.height = r * 2;
      var ctx = c.getContext('2d');
      var grad = ctx.createRadialGradient(r, r, 0, r, r, r);
      grad.addColorStop(0, 'rgba(0,0,0,1)'); grad.addColorStop(1, 'rgba(0,0,0,0)');
      ctx.fillStyle = grad; ctx.fillRect(0, 0, 2 * r, 2 * r);
      return c;
    },
    _draw: function () {
      var map = this._map;
      var size = map.getSize();
      var canvas = this._canvas;
      canvas.width = size.x; canvas.height = size.y;
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      var ctx = canvas.getContext('2d');
      var r = 18;
      var blob = this._blob(r);
      ctx.globalAlpha = 0.25;
      var rows = G.data.events;
      for (var i = 0; i < rows.length; i++) {
        if (!inRange(i) || !G.typeShown(rows[i][C.type])) { continue; }
        var p = map.latLngToContainerPoint([rows[i][C.lat], rows[i][C.lon]]);
        if (p.x < -r || p.y < -r || p.x > size.x + r || p.y > size.y + r) { continue; }
        ctx.drawImage(blob, p.x - r, p.y - r);
      }
      if (!size.x || !size.y) { return; }
      var image = ctx.getImageData(0, 0, size.x, size.y);
      var px = image.data;
      var pal = this._palette();
      for (var k = 3; k < px.length; k += 4) {
        var a = px[k];
        if (!a) { continue; }
        px[k - 3] = pal[a * 4]; px[k - 2] = pal[a * 4 + 1]; px[k - 1] = pal[a * 4 + 2];
        px[k] = Math.min(255, 60 + a);
      }
      ctx.putImageData(image, 0, 0);
    }
  });

  G.typeShown = function (t) {
    var entry = G.layers[G.data.types[t].key];
    return !entry || G.map.hasLayer(entry.container);
  };

  G.heatLayer = function () {
    G.heat = new HeatLayer();
    return G.heat;
  };

  /* ---------- offline basemap ---------- */

  var BASE_STYLE = {
    country: {color: '#9a9489', weight: 0.8, fillColor: '#f3f0e8', fillOpacity: 1},
    coast: {color: '#6f9fc4', weight: 1.2, fill: false},
    admin1: {color: '#b4aa98', weight: 0.7, dashArray: '3 3', fill: false}
  };

  /* Country and city names drawn on one canvas (no DOM node per label), without overlaps. */
  var LabelLayer = L.Layer.extend({
    initialize: function (labels) { this._labels = labels; },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create('canvas', 'geomap-label-canvas leaflet-zoom-hide');
      map.getPane('geomap-labels').appendChild(this._canvas);
      map.on('moveend', this._draw, this);
      this._draw();
    },
    onRemove: function (map) {
      map.off('moveend', this._draw, this);
      L.DomUtil.remove(this._canvas);
    },
    _draw: function () {
      var map = this._map;
      var size = map.getSize();
      var zoom = map.getZoom();
      var canvas = this._canvas;
      canvas.width = size.x; canvas.height = size.y;
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      var ctx = canvas.getContext('2d');
      ctx.lineJoin = 'round';
      var boxes = [];
      var free = function (box) {
        for (var k = 0; k < boxes.length; k++) {
          var b = boxes[k];
          if (box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]) { return false; }
        }
        return true;
      };
      this._labels.forEach(function (item) {
        if (zoom < item.minZoom) { return; }
        var p = map.latLngToContainerPoint(item.latlng);
        if (p.x < -50 || p.y < -20 || p.x > size.x + 50 || p.y > size.y + 20) { return; }
        var text = item.country ? item.name.toUpperCase() : item.name;
        ctx.font = item.country ? '600 11px sans-serif' : '11px sans-serif';
        var w = ctx.measureText(text).width;
        var x = item.country ? p.x - w / 2 : p.x + 5;
        var box = [x - 2, p.y - 8, x + w + 2, p.y + 8];
        if (!free(box)) { return; }
        boxes.push(box);
        ctx.strokeStyle = 'rgba(255,255,255,0.9)'; ctx.lineWidth = 3;
        ctx.fillStyle = item.country ? '#6b645a' : '#333333';
        ctx.textBaseline = 'middle';
        ctx.strokeText(text, x, p.y);
        ctx.fillText(text, x, p.y);
      });
    }
  });

  G.basemapLayer = function (collection) {
    var shapes = [];
    var labels = [];
    var cities = [];
    collection.features.forEach(function (f) {
      var kind = f.properties.layer;
      if (BASE_STYLE[kind]) { shapes.push(f); return; }
      var c = f.geometry.coordinates;
      if (kind === 'label') {
        labels.push({name: f.properties.name, latlng: [c[1], c[0]], country: true,
          minZoom: Math.max(2, Math.min(5, (f.properties.rank || 5) - 1))});
      } else if (kind === 'city') {
        cities.push(L.circleMarker([c[1], c[0]], {renderer: G.baseCanvas, radius: f.properties.capital ? 2.5 : 1.5,
          color: '#666666', weight: 0.8, fillColor: '#ffffff', fillOpacity: 1, interactive: false}));
        labels.push({name: f.properties.name, latlng: [c[1], c[0]], country: false,
          minZoom: f.properties.capital ? 4 : 5 + Math.max(0, (f.properties.rank || 0) - 1) / 2});
      }
    });
    // Cities first: at high zoom they matter more than the country name.
    labels.sort(function (a, b) { return (a.country === b.country) ? 0 : (a.country ? 1 : -1); });
    var geo = L.geoJSON({type: 'FeatureCollection', features: shapes}, {renderer: G.baseCanvas,
      interactive: false, style: function (f) { return BASE_STYLE[f.properties.layer]; }});
    var group = L.layerGroup([geo].concat(cities, [new LabelLayer(labels)]));
    G.mark('basemap');
    group.on('add', function () { G.map.getContainer().classList.add('geomap-offline-base'); });
    group.on('remove', function () { G.map.getContainer().classList.remove('geomap-offline-base'); });
    return group;
  };

  /* ---------- legend, info box and time slider ---------- */

  function swatch(color, icon) {
    var box = el('span', 'geomap-swatch');
    box.style.background = color;
    if (icon) { box.appendChild(el('i', 'fa-solid ' + icon)); }
    return box;
  }

  function legendControl() {
    var control = L.control({position: 'bottomright'});
    control.onAdd = function () {
      var div = el('div', 'geomap-legend leaflet-bar');
      div.appendChild(el('div', 'geomap-legend-title', 'Event types'));
      G.data.types.forEach(function (cfg) {
        var row = el('div', 'geomap-legend-row');
        row.appendChild(swatch(cfg.color, cfg.icon));
        row.appendChild(el('span', null, cfg.label));
        div.appendChild(row);
      });
      var unc = el('div', 'geomap-legend-row');
      unc.appendChild(el('span', 'geomap-swatch geomap-swatch-circle'));
      unc.appendChild(el('span', null, 'location uncertainty'));
      div.appendChild(unc);
      if (G.data.control && G.data.control.sides.length) {
        div.appendChild(el('div', 'geomap-legend-title', 'Control'));
        G.data.control.sides.forEach(function (s) {
          var row = el('div', 'geomap-legend-row');
          row.appendChild(swatch(s.color));
          row.appendChild(el('span', null, s.side));
          div.appendChild(row);
        });
        var row = el('div', 'geomap-legend-row');
        row.appendChild(el('span', 'geomap-swatch geomap-swatch-hatch'));
        row.appendChild(el('span', null, 'contested'));
        div.appendChild(row);
      }
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    return control;
  }

  function infoControl() {
    var control = L.control({position: 'topleft'});
    control.onAdd = function () {
      var div = el('div', 'geomap-info leaflet-bar');
      div.appendChild(el('div', 'geomap-title', G.data.title));
      G.infoDates = el('div', 'geomap-dates');
      G.infoCount = el('div', 'geomap-count');
      div.appendChild(G.infoDates);
      div.appendChild(G.infoCount);
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    return control;
  }

  G.updateInfo = function () {
    if (!G.infoCount) { return; }
    var total = G.data.events.length;
    var shown = 0;
    Object.keys(G.layers).forEach(function (k) { shown += G.layers[k].visible; });
    G.infoDates.textContent = G.range[0] === null ? 'no dated events' :
      isoOf(G.range[0]) + ' \u2013 ' + isoOf(G.range[1]);
    G.infoCount.textContent = (shown === total ? total + ' events' : shown + ' of ' + total + ' events') +
      (G.data.undated ? ' (' + G.data.undated + ' undated, always shown)' : '') +
      (G.data.options.notDrawn ? '; ' + G.data.options.notDrawn + ' without coordinates not drawn' : '') +
      (G.controlDate ? '; control as of ' + G.controlDate : '') +
      (G.data.control && G.data.control.droppedSnapshots ?
        ' (' + G.data.control.droppedSnapshots + ' older control dates left out)' : '');
  };

  G.setRange = function (from, to) {
    G.range = [Math.min(from, to), Math.max(from, to)];
    Object.keys(G.layers).forEach(function (k) { fillLayer(G.layers[k]); });
    if (G.controlGroup) { drawControl(G.controlAt(G.range[1])); }
    if (G.heat) { G.heat.redraw(); }
    G.updateInfo();
  };

  function sliderControl() {
    var control = L.control({position: 'bottomleft'});
    control.onAdd = function () {
      var div = el('div', 'geomap-slider leaflet-bar');
      div.appendChild(el('div', 'geomap-legend-title', 'Dates'));
      var span = G.maxDay - G.minDay;
      var inputs = ['from', 'to'].map(function (name, k) {
        var row = el('label', 'geomap-slider-row');
        row.appendChild(el('span', 'geomap-slider-name', name));
        var input = el('input');
        input.type = 'range'; input.min = '0'; input.max = String(span); input.step = '1';
        input.value = String(k === 0 ? 0 : span);
        input.className = 'geomap-range-' + name;
        var out = el('span', 'geomap-slider-value', isoOf(k === 0 ? G.minDay : G.maxDay));
        row.appendChild(input); row.appendChild(out);
        div.appendChild(row);
        return {input: input, out: out};
      });
      var timer = null;
      var update = function () {
        var a = G.minDay + Number(inputs[0].input.value);
        var b = G.minDay + Number(inputs[1].input.value);
        inputs[0].out.textContent = isoOf(a);
        inputs[1].out.textContent = isoOf(b);
        clearTimeout(timer);
        timer = setTimeout(function () { G.setRange(a, b); }, 60);
      };
      inputs.forEach(function (p) { p.input.addEventListener('input', update); });
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    return control;
  }

  G.info = function () {
    infoControl().addTo(G.map);
    G.updateInfo();
  };

  G.legend = function () {
    legendControl().addTo(G.map);
  };

  G.timeSlider = function () {
    if (G.minDay !== null && G.maxDay > G.minDay) { sliderControl().addTo(G.map); }
    G.map.on('overlayadd overlayremove', function () { if (G.heat) { G.heat.redraw(); } });
  };

  /* Visible marker count per type (used by tests and the info box). */
  G.stats = function () {
    var out = {};
    Object.keys(G.layers).forEach(function (k) {
      out[k] = G.map.hasLayer(G.layers[k].container) ? G.layers[k].visible : 0;
    });
    return out;
  };
})();
