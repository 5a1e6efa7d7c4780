/* The graph page of kg.view: draws the network embedded as JSON in #kg-data.
 *
 * Exposes window.network (the vis.Network) and window.kgView:
 *   {network, nodes, edges, ready, stabilized, drawMs, loaded, loadedMs, focusNode(id), search}
 * kgView.ready turns true (and <html data-kg-ready="1">) at the first drawing
 * after the layout has settled; kgView.drawMs is the time from this script's
 * start to that drawing. kgView.loaded turns true when vis holds every entity
 * (kgView.loadedMs: when, from the script's start).
 *
 * The data comes in columns (see kg.view._page_data). vis gets only what it
 * needs to place, draw and hit-test the shapes and lines; this script draws
 * the labels and arrow heads itself, and only those in view and large enough
 * to read, because vis measures every label and draws every arrow head on
 * every frame. A tooltip is built when the pointer rests on an item, with
 * every text from an article set as text (textContent), never as HTML.
 *
 * Large pages with positions from Python (meta.ownEdges) go further, because
 * vis spends some 28 us building each node and 16 us each edge, and strokes
 * every edge on every picture:
 *  - vis never gets the edges: this script strokes them, one path per edge
 *    style and only those crossing the view, and finds the edge under the
 *    pointer itself (for the tooltips);
 *  - this script draws the nodes too, one path per kind and only those in
 *    view; vis draws only the selected ones, with their selection border;
 *  - vis gets the largest entities first (meta.firstNodes) and the others in
 *    slices when the page is idle after the first picture; an entity that is
 *    searched for or pressed before its slice is added at once. kgView.edges
 *    stays empty.
 */
(function () {
  "use strict";
  var t0 = performance.now();
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var meta = data.meta || {};
  var state = (window.kgView = { ready: false, stabilized: !meta.physics, drawMs: null, loaded: false,
                                 loadedMs: null });
  var N = data.nodes, E = data.edges;
  var n = N.id.length, m = E.from.length;
  var own = !!meta.ownEdges;

  // Smallest label, in screen pixels, worth drawing; smallest zoom at which arrow heads show.
  var LABEL_MIN_PX = 6, ARROW_MIN_SCALE = 0.3;
  // At most this many node labels (the largest nodes first), edge labels and arrow heads per
  // picture: more would not be readable, and each costs as much as a shape.
  var NODE_LABELS_MAX = 600, EDGE_LABELS_MAX = 400, ARROWS_MAX = 3000;
  // How near (screen pixels) the pointer must be to an edge or a small node to point at it.
  var HIT_PX = 4;
  var nodeFont = meta.nodeFont || {}, edgeFont = meta.edgeFont || {};
  var fontFace = nodeFont.face || "sans-serif";
  var nodeFontSize = nodeFont.size || 16, edgeFontSize = edgeFont.size || 10;
  var interaction = data.options.interaction || {};
  var nodeBorder = (data.options.nodes || {}).borderWidth || 1.5;
  var selectionWidth = (data.options.edges || {}).selectionWidth || 1.5;

  var indexOf = Object.create(null);
  for (var i = 0; i < n; i++) indexOf[N.id[i]] = i;
  var isolated = {};
  (data.isolated || []).forEach(function (p) { isolated[p[0]] = p[1]; });

  // Positions by node number, read back from vis's nodes before each picture (they move when dragged).
  var X = new Float64Array(n), Y = new Float64Array(n);
  var positioned = !!(N.x && N.y);
  if (positioned) for (i = 0; i < n; i++) { X[i] = N.x[i] || 0; Y[i] = N.y[i] || 0; }

  var styles = data.edgeStyles.map(function (s) {
    return { color: s[0], width: s[1], dashes: s[2], opacity: s[3] };
  });
  var curved = {};
  (data.curved || []).forEach(function (c) { curved[c[0]] = { enabled: true, type: c[1], roundness: c[2] }; });

  // Each node's edges (both directions), as offsets into one array.
  var adjStart = new Int32Array(n + 1), adjEdge = new Int32Array(2 * m);
  for (var j = 0; j < m; j++) { adjStart[E.from[j] + 1]++; adjStart[E.to[j] + 1]++; }
  for (i = 0; i < n; i++) adjStart[i + 1] += adjStart[i];
  (function () {
    var fill = adjStart.slice(0, n);
    for (var j = 0; j < m; j++) {
      adjEdge[fill[E.from[j]]++] = j;
      if (E.to[j] !== E.from[j]) adjEdge[fill[E.to[j]]++] = j;
    }
  })();

  // ---- vis data: id, kind (a group), size, position
  function nodeItem(k) {
    var item = { id: N.id[k], group: "k" + N.kind[k], size: N.size[k] };
    if (positioned && N.x[k] !== null && N.x[k] !== undefined) { item.x = N.x[k]; item.y = N.y[k]; }
    if (k in isolated) item.physics = false;
    return item;
  }
  var order = [], first = [];
  if (own) {
    // Largest first: they are the ones read and clicked at the first picture.
    for (i = 0; i < n; i++) order.push(i);
    order.sort(function (a, b) { return N.size[b] - N.size[a] || a - b; });
    var head = {};
    (meta.focus || []).forEach(function (id) { if (id in indexOf && !head[indexOf[id]]) { head[indexOf[id]] = 1; first.push(indexOf[id]); } });
    for (i = 0; i < n && first.length < (meta.firstNodes || 2000); i++) {
      if (!head[order[i]]) { head[order[i]] = 1; first.push(order[i]); }
    }
  } else {
    for (i = 0; i < n; i++) first.push(i);
  }
  var edgeItems = [];
  if (!own) {
    for (j = 0; j < m; j++) {
      var st = styles[E.style[j]];
      var e = { id: "e" + j, from: N.id[E.from[j]], to: N.id[E.to[j]] };
      if (st.color !== "#8a8a8a" || st.opacity < 1) e.color = { color: st.color, opacity: st.opacity };
      if (st.width !== 1.2) e.width = st.width;
      if (st.dashes) e.dashes = true;
      if (curved[j]) e.smooth = curved[j];
      edgeItems.push(e);
    }
  }

  var nodes = new vis.DataSet(first.map(nodeItem));
  var edges = new vis.DataSet(edgeItems);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.network = network;
  state.network = network;
  state.nodes = nodes;
  state.edges = edges;
  // vis's own node and edge objects (current positions, shapes), by index; a node not yet given to vis is undefined.
  var visNodes = new Array(n);
  first.forEach(function (k) { visNodes[k] = network.body.nodes[N.id[k]]; });
  var visEdges = network.body.edges;
  var inVis = first.length;

  function syncPositions() {
    for (var k = 0; k < n; k++) {
      var v = visNodes[k];
      if (v) { X[k] = v.x; Y[k] = v.y; }
    }
  }
  syncPositions();

  // Give vis more entities, without a picture (this script draws them already).
  function addToVis(list) {
    var items = [];
    list.forEach(function (k) { if (!visNodes[k]) items.push(nodeItem(k)); });
    if (!items.length) return;
    network.body.emitter.emit("_blockRedraw");
    try {
      nodes.add(items);
    } finally {
      network.body.emitter.emit("_allowRedraw");
    }
    list.forEach(function (k) {
      if (!visNodes[k]) { visNodes[k] = network.body.nodes[N.id[k]]; inVis += 1; }
    });
  }
  var nextSlice = 0;
  function addSlices(deadline) {
    while (nextSlice < n && (!deadline || deadline.timeRemaining() > 4)) {
      var slice = [];
      while (nextSlice < n && slice.length < 1000) {
        var k = order[nextSlice++];
        if (!visNodes[k]) slice.push(k);
      }
      addToVis(slice);
    }
    if (nextSlice < n) {
      idle(addSlices);
    } else {
      state.loaded = true;
      state.loadedMs = Math.round(performance.now() - t0);
    }
  }
  function idle(fn) {
    if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 500 });
    else setTimeout(function () { fn({ timeRemaining: function () { return 8; } }); }, 16);
  }
  if (inVis === n) { state.loaded = true; state.loadedMs = Math.round(performance.now() - t0); }

  var loading = document.getElementById("kg-loading");
  var progress = document.getElementById("kg-progress");
  var moved = false;
  if (meta.physics) {
    network.on("stabilizationProgress", function (p) {
      if (progress) progress.textContent = Math.round((100 * p.iterations) / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      // Settled: stop the simulation so the picture holds still (dragging still works), then
      // tidy up. Positions change in one DataSet update: network.moveNode would redraw once per node.
      network.setOptions({ physics: { enabled: false } });
      var pos = network.getPositions();
      var moves = widen(pos).concat(placeIsolated(pos));
      if (moves.length) { nodes.update(moves); moved = true; }
      syncPositions();
      fitAll(false);
      state.stabilized = true;
    });
  } else {
    fitAll(false);
  }

  // A force layout comes out about as tall as wide; stretch it (at most 1.6 times) towards the
  // shape of the window so that labels have more room.
  function widen(pos) {
    var ids = N.id.filter(function (id, k) { return !(k in isolated); });
    if (ids.length < 3) return [];
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    ids.forEach(function (id) {
      var p = pos[id];
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
    });
    var w = maxX - minX, h = maxY - minY;
    var box = container.getBoundingClientRect();
    if (w <= 0 || h <= 0 || box.height <= 0) return [];
    var factor = Math.min(1.6, (box.width / box.height) / (w / h));
    if (factor <= 1.05) return [];
    var cx = (minX + maxX) / 2;
    return ids.map(function (id) {
      pos[id] = { x: cx + (pos[id].x - cx) * factor, y: pos[id].y };
      return { id: id, x: pos[id].x, y: pos[id].y };
    });
  }

  // Entities with no relation stay out of the simulation; line them up below the rest.
  function placeIsolated(pos) {
    var lone = Object.keys(isolated).map(Number).sort(function (a, b) { return isolated[a] - isolated[b]; });
    if (!lone.length) return [];
    var minX = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (var k = 0; k < n; k++) {
      if (k in isolated) continue;
      var p = pos[N.id[k]];
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y);
    }
    if (minX === Infinity) { minX = 0; maxX = 0; maxY = -150; }
    // Rows as wide as the rest of the graph, each entity as wide as its label.
    var width = Math.max(maxX - minX, 700), gap = 24, rowHeight = 80;
    var rows = [[]], rowWidth = [0], moves = [];
    lone.forEach(function (k) {
      var w = Math.max(60, String(N.label[k]).length * 8.5);
      var r = rows.length - 1;
      if (rows[r].length && rowWidth[r] + gap + w > width) { rows.push([]); rowWidth.push(0); r += 1; }
      rowWidth[r] += (rows[r].length ? gap : 0) + w;
      rows[r].push({ id: N.id[k], w: w });
    });
    rows.forEach(function (row, r) {
      var x = (minX + maxX) / 2 - rowWidth[r] / 2;
      row.forEach(function (it) {
        moves.push({ id: it.id, x: x + it.w / 2, y: maxY + 150 + r * rowHeight });
        x += it.w + gap;
      });
    });
    return moves;
  }

  // vis animates a move by frames, not by time: where one picture takes a large part of a second
  // (thousands of entities) a move of 0.4 s would take many seconds, so there it jumps.
  function animation(ms) {
    return !meta.large ? { duration: ms, easingFunction: "easeInOutQuad" } : false;
  }

  // Show every entity. Computed from the positions rather than with network.fit(), which
  // zooms a small graph in a long way.
  function fitAll(animate) {
    if (!n) return;
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (var k = 0; k < n; k++) {
      minX = Math.min(minX, X[k]); maxX = Math.max(maxX, X[k]); minY = Math.min(minY, Y[k]); maxY = Math.max(maxY, Y[k]);
    }
    var box = container.getBoundingClientRect();
    var scale = Math.min(1.3, box.width / (maxX - minX + 280), box.height / (maxY - minY + 110));
    network.moveTo({
      position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 + 8 },
      scale: scale,
      animation: animate ? animation(400) : false,
    });
  }

  // ---- geometry
  var focus = null;   // {node: index, near: {index: true}, edges: [edge index], edgeSet: {edge index: true}}

  function viewBox() {
    var a = network.DOMtoCanvas({ x: 0, y: 0 });
    var b = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    return { left: a.x, top: a.y, right: b.x, bottom: b.y };
  }

  // The control point of a curved edge, as vis computes it for "curvedCW" and "curvedCCW".
  function viaPoint(j) {
    var c = curved[j], a = E.from[j], b = E.to[j], f = c.roundness;
    var dx = X[b] - X[a], dy = Y[a] - Y[b];
    var r = Math.sqrt(dx * dx + dy * dy);
    var turn = c.type === "curvedCCW" ? -f : f;
    var angle = (Math.atan2(dy, dx) + (turn * 0.5 + 0.5) * Math.PI) % (2 * Math.PI);
    return { x: X[a] + (f * 0.5 + 0.5) * r * Math.sin(angle), y: Y[a] + (f * 0.5 + 0.5) * r * Math.cos(angle) };
  }
  function curvePoint(j, via, t) {
    var a = E.from[j], b = E.to[j], u = 1 - t;
    return { x: u * u * X[a] + 2 * t * u * via.x + t * t * X[b], y: u * u * Y[a] + 2 * t * u * via.y + t * t * Y[b] };
  }
  // How far from a node's centre its border is, in the direction ``angle``.
  function borderDistance(k, angle, ctx) {
    var v = visNodes[k];
    if (v) {
      try { return v.distanceToBorder(ctx, angle); } catch (err) { /* the node's own size below */ }
    }
    return N.size[k] + nodeBorder;
  }

  function edgeGeometry(j, ctx) {
    var a = E.from[j], b = E.to[j];
    var g = { mx: (X[a] + X[b]) / 2, my: (Y[a] + Y[b]) / 2, tip: null, angle: 0 };
    if (a === b) return g;
    if (curved[j]) {
      var via = viaPoint(j), mid = curvePoint(j, via, 0.5);
      g.mx = mid.x; g.my = mid.y;
      var r = borderDistance(b, Math.atan2(Y[b] - via.y, X[b] - via.x), ctx);
      var lo = 0, hi = 1;
      for (var step = 0; step < 14; step++) {
        var t = (lo + hi) / 2, p = curvePoint(j, via, t);
        if (Math.sqrt((p.x - X[b]) * (p.x - X[b]) + (p.y - Y[b]) * (p.y - Y[b])) > r) lo = t; else hi = t;
      }
      var tip = curvePoint(j, via, lo), back = curvePoint(j, via, Math.max(0, lo - 0.05));
      g.tip = tip;
      g.angle = Math.atan2(tip.y - back.y, tip.x - back.x);
      return g;
    }
    var dx = X[b] - X[a], dy = Y[b] - Y[a], len = Math.sqrt(dx * dx + dy * dy);
    if (len > 0) {
      g.angle = Math.atan2(dy, dx);
      var d = Math.min(len, borderDistance(b, g.angle, ctx));
      g.tip = { x: X[b] - (dx / len) * d, y: Y[b] - (dy / len) * d };
    }
    return g;
  }

  // ---- edges and nodes drawn by this script (meta.ownEdges)
  var edgesByStyle = styles.map(function () { return []; });
  for (j = 0; j < m; j++) edgesByStyle[E.style[j]].push(j);
  var groups = data.options.groups || {};
  var kinds = data.kinds.map(function (name, q) {
    var g = groups["k" + q] || {}, colour = g.color || {};
    return { shape: g.shape || "dot", fill: colour.background || "#97c2fc", border: colour.border || "#2b7ce9",
             members: [] };
  });
  for (i = 0; i < n; i++) kinds[N.kind[i]].members.push(i);

  // Adds one edge's line (or curve) to the current path. A straight line is cut to ``box`` (with a
  // margin), keeping the phase of its dashes: the canvas dashes and rasterises a line over its whole
  // length, and lines across a large graph run thousands of pixels out of view.
  function edgePath(ctx, j, box) {
    var a = E.from[j], b = E.to[j];
    if (box && a !== b && !curved[j]) {
      var x0 = X[a], y0 = Y[a], dx = X[b] - x0, dy = Y[b] - y0, lo = 0, hi = 1;
      var pad = 20 / network.getScale();
      var bounds = [[-dx, x0 - (box.left - pad)], [dx, box.right + pad - x0],
                    [-dy, y0 - (box.top - pad)], [dy, box.bottom + pad - y0]];
      for (var q = 0; q < 4; q++) {
        var p = bounds[q][0], r = bounds[q][1];
        if (p === 0) { if (r < 0) return; continue; }
        var t = r / p;
        if (p < 0) { if (t > hi) return; if (t > lo) lo = t; } else { if (t < lo) return; if (t < hi) hi = t; }
      }
      var len = Math.sqrt(dx * dx + dy * dy);
      if (lo > 0 && len > 0) lo = (Math.floor((lo * len) / 10) * 10) / len;
      ctx.moveTo(x0 + lo * dx, y0 + lo * dy);
      ctx.lineTo(x0 + hi * dx, y0 + hi * dy);
      return;
    }
    if (a === b) {
      var r = Math.max(20, N.size[a]);
      ctx.moveTo(X[a] + N.size[a] + r, Y[a] - N.size[a]);
      ctx.arc(X[a] + N.size[a], Y[a] - N.size[a], r, 0, 2 * Math.PI);
    } else if (curved[j]) {
      var via = viaPoint(j);
      ctx.moveTo(X[a], Y[a]);
      ctx.quadraticCurveTo(via.x, via.y, X[b], Y[b]);
    } else {
      ctx.moveTo(X[a], Y[a]);
      ctx.lineTo(X[b], Y[b]);
    }
  }
  function edgeCrosses(j, box) {
    var a = E.from[j], b = E.to[j];
    var x0 = X[a], x1 = X[b], y0 = Y[a], y1 = Y[b], t;
    if (x0 > x1) { t = x0; x0 = x1; x1 = t; }
    if (y0 > y1) { t = y0; y0 = y1; y1 = t; }
    if (curved[j] || a === b) {
      var pad = Math.max(x1 - x0, y1 - y0) * 0.6 + 60;
      x0 -= pad; y0 -= pad; x1 += pad; y1 += pad;
    }
    return !(x1 < box.left || x0 > box.right || y1 < box.top || y0 > box.bottom);
  }
  function strokeStyle(ctx, st, colour, width) {
    ctx.strokeStyle = colour;
    ctx.globalAlpha = st.opacity;
    ctx.lineWidth = width;
    ctx.lineCap = st.dashes ? "round" : "butt";
    ctx.setLineDash(st.dashes ? [5, 5] : []);
  }
  function drawEdges(ctx) {
    var box = viewBox(), scale = network.getScale();
    ctx.save();
    styles.forEach(function (st, s) {
      // Lines under a pixel wide are hairlines to the canvas, cheap in one path; wider ones are
      // turned into outlines, and one path of thousands of crossing outlines costs several times
      // as much as the same lines stroked one by one.
      var list = edgesByStyle[s], count = 0, B = st.width * scale < 1 ? 1e9 : 1;
      strokeStyle(ctx, st, st.color, Math.max(st.width, 0.3 / scale));
      ctx.beginPath();
      for (var q = 0; q < list.length; q++) {
        if (edgeCrosses(list[q], box)) {
          edgePath(ctx, list[q], box);
          if (++count % B === 0) { ctx.stroke(); ctx.beginPath(); }
        }
      }
      if (count % B) ctx.stroke();
    });
    ctx.restore();
  }

  // Adds one node's outline to the current path, the shapes of vis-network's "shapes.js".
  function shapePath(ctx, shape, x, y, r) {
    var s, h, ir, q;
    switch (shape) {
      case "square": ctx.rect(x - r, y - r, 2 * r, 2 * r); return;
      case "diamond":
        ctx.moveTo(x, y + r); ctx.lineTo(x + r, y); ctx.lineTo(x, y - r); ctx.lineTo(x - r, y); ctx.closePath(); return;
      case "triangle":
      case "triangleDown":
        r *= 1.15; s = 2 * r; h = Math.sqrt(s * s - r * r); ir = (Math.sqrt(3) / 6) * s;
        q = shape === "triangle" ? 1 : -1; y += q * 0.275 * r;
        ctx.moveTo(x, y - q * (h - ir)); ctx.lineTo(x + r, y + q * ir); ctx.lineTo(x - r, y + q * ir); ctx.closePath();
        return;
      case "star":
        r *= 0.82; y += 0.1 * r;
        for (q = 0; q < 10; q++) {
          s = q % 2 === 0 ? r * 1.3 : r * 0.5;
          var px = x + s * Math.sin((2 * q * Math.PI) / 10), py = y - s * Math.cos((2 * q * Math.PI) / 10);
          if (q) ctx.lineTo(px, py); else ctx.moveTo(px, py);
        }
        ctx.closePath();
        return;
      case "hexagon":
        ctx.moveTo(x + r, y);
        for (q = 1; q < 6; q++) ctx.lineTo(x + r * Math.cos((Math.PI / 3) * q), y + r * Math.sin((Math.PI / 3) * q));
        ctx.closePath();
        return;
      default:
        ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
  }
  function fillNodes(ctx, kind, list, scale) {
    var border = nodeBorder / scale, big = [];
    // A node under four pixels across is a dot of its border's colour whatever its shape (vis's border
    // is as wide as the node there): one square each, the cheapest thing to fill.
    ctx.fillStyle = kind.border;
    list.forEach(function (k) {
      var r = N.size[k];
      if (r * scale >= 2) { big.push(k); return; }
      var e = r + Math.min(2 * r, border) / 2;
      ctx.fillRect(X[k] - e, Y[k] - e, 2 * e, 2 * e);
    });
    if (!big.length) return;
    // One path per node: a path of thousands of outlines is much slower to fill and stroke.
    ctx.lineWidth = Math.min(20, border);
    ctx.strokeStyle = kind.border;
    ctx.fillStyle = kind.fill;
    big.forEach(function (k) {
      ctx.beginPath();
      shapePath(ctx, kind.shape, X[k], Y[k], N.size[k]);
      ctx.fill();
      ctx.stroke();
    });
  }
  function drawNode(ctx, k) {
    if (visNodes[k]) { visNodes[k].draw(ctx); return; }
    fillNodes(ctx, kinds[N.kind[k]], [k], network.getScale());
  }
  // Stands in for vis's own node drawing on ownEdges pages: vis draws only the selected nodes.
  function drawNodes(ctx) {
    var box = viewBox(), scale = network.getScale();
    var selected = {}, top = [];
    network.getSelectedNodes().forEach(function (id) {
      var k = indexOf[id];
      if (k !== undefined && visNodes[k]) { selected[k] = true; top.push(k); }
    });
    ctx.save();
    kinds.forEach(function (kind) {
      var list = [];
      for (var q = 0; q < kind.members.length; q++) {
        var k = kind.members[q], r = N.size[k] * 1.3;
        if (selected[k] || X[k] + r < box.left || X[k] - r > box.right || Y[k] + r < box.top || Y[k] - r > box.bottom) continue;
        list.push(k);
      }
      if (list.length) fillNodes(ctx, kind, list, scale);
    });
    ctx.restore();
    top.forEach(function (k) { visNodes[k].draw(ctx); });
    return {};
  }

  // ---- labels, arrow heads and the highlight, drawn over the picture
  function drawArrow(ctx, j, g, selected) {
    if (!g.tip) return;
    var st = styles[E.style[j]];
    var len = 15 * 0.45 + 3 * st.width;
    var c = Math.cos(g.angle), s = Math.sin(g.angle);
    function pt(u, v) { return [g.tip.x + (u * c - v * s) * len, g.tip.y + (u * s + v * c) * len]; }
    var p1 = pt(-1, 0.3), p2 = pt(-0.9, 0), p3 = pt(-1, -0.3);
    ctx.beginPath();
    ctx.moveTo(g.tip.x, g.tip.y);
    ctx.lineTo(p1[0], p1[1]); ctx.lineTo(p2[0], p2[1]); ctx.lineTo(p3[0], p3[1]);
    ctx.closePath();
    if (selected === undefined) selected = !!(visEdges["e" + j] && visEdges["e" + j].selected);
    ctx.fillStyle = selected ? "#111111" : st.color;
    ctx.globalAlpha = st.opacity;
    ctx.fill();
    ctx.globalAlpha = 1;
  }

  function labelText(ctx, text, x, y, size, colour) {
    ctx.font = size + "px " + fontFace;
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#ffffff";
    ctx.lineJoin = "round";
    ctx.strokeText(text, x, y);
    ctx.fillStyle = colour;
    ctx.fillText(text, x, y);
  }

  function drawEdgeLabel(ctx, j, g) {
    if (!E.label[j]) return;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    labelText(ctx, E.label[j], g.mx, g.my, edgeFontSize, edgeFont.color || "#555555");
  }

  function drawNodeLabel(ctx, k) {
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    labelText(ctx, N.label[k], X[k], Y[k] + N.size[k] + 3, nodeFontSize, nodeFont.color || "#222222");
  }

  function inBox(box, x, y, pad) {
    return x >= box.left - pad && x <= box.right + pad && y >= box.top - pad && y <= box.bottom + pad;
  }

  function edgesHidden() {
    var r = network.renderer || {};
    return !!((r.dragging && interaction.hideEdgesOnDrag) || (r.zooming && interaction.hideEdgesOnZoom));
  }

  function drawOverlay(ctx) {
    var scale = network.getScale();
    var box = viewBox();
    var edgesShown = !edgesHidden();
    var arrows = edgesShown && scale >= ARROW_MIN_SCALE;
    var edgeLabels = edgesShown && edgeFontSize * scale >= LABEL_MIN_PX;
    var nodeLabels = nodeFontSize * scale >= LABEL_MIN_PX;
    var j, k;
    if (arrows || edgeLabels) {
      var shown = [];
      for (j = 0; j < m; j++) {
        if (focus && focus.edgeSet[j]) continue;
        var a = E.from[j], b = E.to[j];
        if (inBox(box, X[a], Y[a], 50) || inBox(box, X[b], Y[b], 50) || inBox(box, (X[a] + X[b]) / 2, (Y[a] + Y[b]) / 2, 50)) {
          shown.push(j);
          if (shown.length > ARROWS_MAX) break;
        }
      }
      arrows = arrows && shown.length <= ARROWS_MAX;
      edgeLabels = edgeLabels && shown.length <= EDGE_LABELS_MAX;
      if (arrows || edgeLabels) {
        shown.forEach(function (j) {
          var g = edgeGeometry(j, ctx);
          if (arrows) drawArrow(ctx, j, g);
          if (edgeLabels) drawEdgeLabel(ctx, j, g);
        });
      }
    }
    if (nodeLabels) {
      var inView = [];
      for (k = 0; k < n; k++) {
        if (focus && focus.near[k]) continue;
        if (inBox(box, X[k], Y[k], 60)) inView.push(k);
      }
      if (inView.length > NODE_LABELS_MAX) {
        inView.sort(function (x, y) { return N.size[y] - N.size[x] || x - y; });
        inView.length = NODE_LABELS_MAX;
      }
      inView.forEach(function (k) { drawNodeLabel(ctx, k); });
    }
    if (!focus) return;
    // Veil everything, then draw the highlighted entity, its neighbours and their relations again on top.
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "rgba(255,255,255,0.82)";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    if (edgesShown) {
      if (own) {
        ctx.save();
        focus.edges.forEach(function (j) {
          var st = styles[E.style[j]];
          ctx.beginPath();
          edgePath(ctx, j, box);
          strokeStyle(ctx, st, "#111111", Math.max(st.width + selectionWidth, 0.3 / scale));
          ctx.stroke();
        });
        ctx.restore();
      } else {
        focus.edges.forEach(function (j) {
          var ve = visEdges["e" + j];
          if (ve) ve.draw(ctx);
        });
      }
    }
    Object.keys(focus.near).forEach(function (k) { if (Number(k) !== focus.node) drawNode(ctx, Number(k)); });
    drawNode(ctx, focus.node);
    if (edgesShown) {
      var few = focus.edges.length <= EDGE_LABELS_MAX;
      focus.edges.forEach(function (j) {
        var g = edgeGeometry(j, ctx);
        if (scale * 3 >= ARROW_MIN_SCALE) drawArrow(ctx, j, g, own ? true : undefined);
        if (few && edgeFontSize * scale * 1.5 >= LABEL_MIN_PX) drawEdgeLabel(ctx, j, g);
      });
    }
    if (nodeFontSize * scale * 1.5 >= LABEL_MIN_PX) {
      var near = Object.keys(focus.near).map(Number).filter(function (k) { return k !== focus.node; });
      near.sort(function (x, y) { return N.size[y] - N.size[x] || x - y; });
      near.length = Math.min(near.length, NODE_LABELS_MAX - 1);
      near.concat([focus.node]).forEach(function (k) { drawNodeLabel(ctx, k); });
    }
  }

  network.on("beforeDrawing", function (ctx) {
    syncPositions();
    if (own && !edgesHidden()) drawEdges(ctx);
  });
  if (own) network.renderer._drawNodes = drawNodes;
  network.on("afterDrawing", drawOverlay);

  // vis skips the nodes whose bounding box (as of the drawing before) is out of view and only
  // then updates those boxes; after the moves of the physics layout they are stale, so that
  // first picture is drawn twice.
  var settledDraws = 0;
  function onDrawn() {
    if (state.ready || !state.stabilized) return;
    settledDraws += 1;
    if (moved && settledDraws === 1) {
      network.redraw();
      return;
    }
    state.ready = true;
    state.drawMs = Math.round(performance.now() - t0);
    document.documentElement.setAttribute("data-kg-ready", "1");
    if (loading) loading.hidden = true;
    network.off("afterDrawing", onDrawn);
    if (meta.focus && meta.focus.length) network.selectNodes(meta.focus.filter(function (id) { return id in indexOf; }));
    if (!state.loaded) idle(addSlices);
  }
  network.on("afterDrawing", onDrawn);

  // ---- neighbourhood highlight: everything else is veiled; nothing in vis's data changes
  function highlight(id) {
    var k = indexOf[id];
    if (k === undefined) return;
    var near = {}, edgeSet = {}, list = [];
    for (var p = adjStart[k]; p < adjStart[k + 1]; p++) {
      var j = adjEdge[p];
      edgeSet[j] = true;
      list.push(j);
      near[E.from[j] === k ? E.to[j] : E.from[j]] = true;
    }
    near[k] = true;
    focus = { node: k, near: near, edges: list, edgeSet: edgeSet };
    network.redraw();
  }
  function clearHighlight() {
    if (!focus) return;
    focus = null;
    network.redraw();
  }
  network.on("selectNode", function (p) { if (p.nodes.length) highlight(p.nodes[0]); });
  network.on("deselectNode", function (p) { if (!p.nodes.length) clearHighlight(); });

  function focusNode(id) {
    if (!(id in indexOf)) return false;
    addToVis([indexOf[id]]);
    network.selectNodes([id]);
    highlight(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: animation(450) });
    return true;
  }
  state.focusNode = focusNode;

  document.getElementById("kg-fit").addEventListener("click", function () {
    fitAll(true);
  });

  // ---- what is under the pointer (ownEdges pages: vis knows neither the edges nor every node)
  function pointerAt(ev) {
    var box = container.getBoundingClientRect();
    return { x: ev.clientX - box.left, y: ev.clientY - box.top };
  }
  function nodeAt(at) {
    var p = network.DOMtoCanvas(at), tol = HIT_PX / network.getScale();
    var best = -1, bestGap = Infinity;
    for (var k = 0; k < n; k++) {
      var reach = N.size[k] + tol, dx = X[k] - p.x, dy = Y[k] - p.y;
      if (dx > reach || dx < -reach || dy > reach || dy < -reach) continue;
      var gap = Math.max(0, Math.sqrt(dx * dx + dy * dy) - N.size[k]);
      if (gap <= tol && gap <= bestGap) { best = k; bestGap = gap; }
    }
    return best;
  }
  function segmentGap(px, py, ax, ay, bx, by) {
    var dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    var t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
    var x = ax + t * dx - px, y = ay + t * dy - py;
    return Math.sqrt(x * x + y * y);
  }
  function edgeAt(at) {
    var p = network.DOMtoCanvas(at), scale = network.getScale(), tol = HIT_PX / scale;
    var box = { left: p.x - tol, right: p.x + tol, top: p.y - tol, bottom: p.y + tol };
    var best = -1, bestGap = Infinity;
    for (var j = 0; j < m; j++) {
      if (!edgeCrosses(j, box)) continue;
      var a = E.from[j], b = E.to[j], gap;
      if (a === b) continue;
      if (curved[j]) {
        var via = viaPoint(j), prev = curvePoint(j, via, 0);
        gap = Infinity;
        for (var s = 1; s <= 16; s++) {
          var next = curvePoint(j, via, s / 16);
          gap = Math.min(gap, segmentGap(p.x, p.y, prev.x, prev.y, next.x, next.y));
          prev = next;
        }
      } else {
        gap = segmentGap(p.x, p.y, X[a], Y[a], X[b], Y[b]);
      }
      var reach = Math.max(tol, (styles[E.style[j]].width / 2) + 1 / scale);
      if (gap <= reach && gap < bestGap) { best = j; bestGap = gap; }
    }
    return best;
  }
  if (own) {
    // vis finds the node under the pointer by the box its last drawing left, and here vis draws
    // only selected nodes: before vis looks, give it the pressed entity (if it does not have it
    // yet) and that entity's box.
    container.addEventListener("pointerdown", function (ev) {
      var k = nodeAt(pointerAt(ev));
      if (k < 0) return;
      addToVis([k]);
      var v = visNodes[k], canvas = container.querySelector("canvas");
      if (!v || !canvas) return;
      v.updateBoundingBox(canvas.getContext("2d"), v.selected);
      v.shape.left = v.x - v.shape.width / 2;
      v.shape.top = v.y - v.shape.height / 2;
    }, true);
  }

  // ---- tooltips, built when the pointer rests on an item (vis shows them after its tooltipDelay)
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }
  function table(rows) {
    var t = el("table");
    rows.forEach(function (r) {
      var tr = el("tr");
      tr.appendChild(el("th", null, r[0]));
      tr.appendChild(el("td", r[2] || null, r[1]));
      t.appendChild(tr);
    });
    return t;
  }
  function period(start, end) {
    if (start && end) return start + " \u2013 " + end;
    if (start) return "from " + start;
    if (end) return "until " + end;
    return "";
  }
  function nodeTip(k) {
    var div = el("div", "kg-tip");
    div.appendChild(el("div", "kg-tip-title", N.label[k]));
    div.appendChild(el("div", "kg-tip-kind", data.kinds[N.kind[k]]));
    var rows = [];
    if (N.wikidata[k]) rows.push(["Wikidata", N.wikidata[k]]);
    if (N.aliases[k].length) rows.push(["also", N.aliases[k].join(", ")]);
    rows.push(["statements", N.statements[k]], ["relations", N.degree[k]], ["IRI", N.id[k], "kg-iri"]);
    div.appendChild(table(rows));
    return div;
  }
  function edgeTip(j) {
    var div = el("div", "kg-tip");
    div.appendChild(el("div", "kg-tip-title", N.label[E.from[j]] + " \u2192 " + N.label[E.to[j]]));
    var rows = [["relation", data.relations[E.relation[j]]]];
    if (E.post[j]) rows.push(["post", E.post[j]]);
    var p = period(E.start[j], E.end[j]);
    if (p) rows.push(["period", p]);
    if (E.status[j]) rows.push(["status", E.status[j]]);
    if (E.modality[j]) rows.push(["modality", E.modality[j]]);
    div.appendChild(table(rows));
    E.sources[j].forEach(function (s) {
      var art = data.articles[s[1]], src = el("div", "kg-tip-source");
      if (s[0]) src.appendChild(el("div", "kg-tip-evidence", "\u201c" + s[0] + "\u201d"));
      if (art[1]) src.appendChild(el("div", "kg-tip-headline", art[1] + (art[2] ? " (" + art[2] + ")" : "")));
      if (art[0]) src.appendChild(el("div", "kg-iri", art[0]));
      div.appendChild(src);
    });
    if (E.more[j]) div.appendChild(el("div", "kg-tip-more", "and " + E.more[j] + " more article(s)"));
    return div;
  }
  var tipDelay = Math.max(0, Math.min(60, (interaction.tooltipDelay || 120) / 2));
  var tipTimer = null;
  if (own) {
    // vis's look (div.vis-tooltip), this script's hit-testing.
    var tip = el("div", "vis-tooltip"), shownItem = null, shownAt = null;
    container.appendChild(tip);
    var hideTip = function () {
      tip.style.visibility = "hidden";
      shownItem = null;
    };
    container.addEventListener("mousemove", function (ev) {
      if (tipTimer) clearTimeout(tipTimer);
      var at = pointerAt(ev);
      if (shownAt && Math.abs(at.x - shownAt.x) + Math.abs(at.y - shownAt.y) > 2 * HIT_PX) hideTip();
      tipTimer = setTimeout(function () {
        tipTimer = null;
        if (network.renderer && network.renderer.dragging) return;
        var k = nodeAt(at), j = k < 0 ? edgeAt(at) : -1;
        var item = k >= 0 ? "n" + k : j >= 0 ? "e" + j : null;
        if (!item) { hideTip(); return; }
        shownAt = at;
        if (item === shownItem) return;
        tip.textContent = "";
        tip.appendChild(k >= 0 ? nodeTip(k) : edgeTip(j));
        tip.style.left = "0px"; tip.style.top = "0px";
        tip.style.visibility = "visible";
        shownItem = item;
        var w = tip.offsetWidth, h = tip.offsetHeight;
        var left = at.x + 12, top = at.y + 12;
        if (left + w > container.clientWidth) left = Math.max(0, at.x - w - 12);
        if (top + h > container.clientHeight) top = Math.max(0, at.y - h - 12);
        tip.style.left = left + "px"; tip.style.top = top + "px";
      }, Math.max(tipDelay, interaction.tooltipDelay || 120));
    });
    container.addEventListener("mouseleave", function () {
      if (tipTimer) clearTimeout(tipTimer);
      hideTip();
    });
    network.on("dragStart", hideTip);
    network.on("zoom", hideTip);
  } else {
    container.addEventListener("mousemove", function (ev) {
      if (tipTimer) clearTimeout(tipTimer);
      var at = pointerAt(ev);
      tipTimer = setTimeout(function () {
        tipTimer = null;
        // vis reads a node's tooltip from node.options.title and an edge's from edge.title.
        var id = network.getNodeAt(at), target = null;
        if (id !== undefined && id in indexOf) {
          target = network.body.nodes[id];
          if (target && target.options.title === undefined) target.options.title = nodeTip(indexOf[id]);
          return;
        }
        var eid = network.getEdgeAt(at);
        target = eid !== undefined ? visEdges[eid] : null;
        if (target && target.title === undefined) target.title = edgeTip(Number(String(eid).slice(1)));
      }, tipDelay);
    });
  }

  // ---- search: tom-select over the labels and other names
  var colours = meta.kindColours || [];
  var options = new Array(n);
  for (i = 0; i < n; i++) {
    options[i] = { value: N.id[i], text: N.label[i], kind: data.kinds[N.kind[i]], colour: colours[N.kind[i]] || "#999",
                   alt: N.aliases[i].join(" | ") };
  }
  state.search = new TomSelect("#kg-search", {
    options: options,
    valueField: "value",
    labelField: "text",
    searchField: ["text", "alt"],
    sortField: [{ field: "$score" }, { field: "text" }],
    maxItems: 1,
    maxOptions: 60,
    create: false,
    openOnFocus: false,
    render: {
      option: function (d, escape) {
        return '<div class="kg-opt"><span class="kg-dot" style="background:' + escape(d.colour) +
          '"></span><span>' + escape(d.text) + "</span><small>" + escape(d.kind) + "</small></div>";
      },
      item: function (d, escape) { return "<div>" + escape(d.text) + "</div>"; },
      no_results: function () { return '<div class="no-results">No entity of that name</div>'; },
    },
    onChange: function (value) { if (value) focusNode(value); },
  });
})();
