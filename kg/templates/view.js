/* The graph page of kg.view: draws the network embedded as JSON in #kg-data.
 *
 * Exposes window.network (the vis.Network) and window.kgView:
 *   {network, nodes, edges, ready, stabilized, drawMs, focusNode(id), search}
 * kgView.ready turns true (and <html data-kg-ready="1">) at the first drawing
 * after the layout has settled; kgView.drawMs is the time from this script's
 * start to that drawing.
 *
 * The data comes in columns (see kg.view._page_data). vis gets only what it
 * needs to place, draw and hit-test the shapes and lines; this script draws
 * the labels and arrow heads itself, and only those in view and large enough
 * to read, because vis measures every label and draws every arrow head on
 * every frame. A tooltip is built when the pointer rests on an item, with
 * every text from an article set as text (textContent), never as HTML.
 */
(function () {
  "use strict";
  var t0 = performance.now();
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var meta = data.meta || {};
  var state = (window.kgView = { ready: false, stabilized: !meta.physics, drawMs: null });
  var N = data.nodes, E = data.edges;
  var n = N.id.length, m = E.from.length;

  // Smallest label, in screen pixels, worth drawing; smallest zoom at which arrow heads show.
  var LABEL_MIN_PX = 6, ARROW_MIN_SCALE = 0.3;
  // At most this many node labels (the largest nodes first), edge labels and arrow heads per
  // picture: more would not be readable, and each costs as much as a shape.
  var NODE_LABELS_MAX = 600, EDGE_LABELS_MAX = 400, ARROWS_MAX = 3000;
  var nodeFont = meta.nodeFont || {}, edgeFont = meta.edgeFont || {};
  var fontFace = nodeFont.face || "sans-serif";
  var nodeFontSize = nodeFont.size || 16, edgeFontSize = edgeFont.size || 10;

  var indexOf = Object.create(null);
  for (var i = 0; i < n; i++) indexOf[N.id[i]] = i;
  var isolated = {};
  (data.isolated || []).forEach(function (p) { isolated[p[0]] = p[1]; });

  // ---- vis data: id, kind (a group), size, position
  var nodeItems = new Array(n);
  for (i = 0; i < n; i++) {
    var item = { id: N.id[i], group: "k" + N.kind[i], size: N.size[i] };
    if (N.x && N.x[i] !== null && N.x[i] !== undefined) { item.x = N.x[i]; item.y = N.y[i]; }
    if (i in isolated) item.physics = false;
    nodeItems[i] = item;
  }
  var styles = data.edgeStyles.map(function (s) {
    return { color: s[0], width: s[1], dashes: s[2], opacity: s[3] };
  });
  var curved = {};
  (data.curved || []).forEach(function (c) { curved[c[0]] = { enabled: true, type: c[1], roundness: c[2] }; });
  var edgeItems = new Array(m);
  for (var j = 0; j < m; j++) {
    var st = styles[E.style[j]];
    var e = { id: "e" + j, from: N.id[E.from[j]], to: N.id[E.to[j]] };
    if (st.color !== "#8a8a8a" || st.opacity < 1) e.color = { color: st.color, opacity: st.opacity };
    if (st.width !== 1.2) e.width = st.width;
    if (st.dashes) e.dashes = true;
    if (curved[j]) e.smooth = curved[j];
    edgeItems[j] = e;
  }

  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.network = network;
  state.network = network;
  state.nodes = nodes;
  state.edges = edges;
  // vis's own node and edge objects (current positions, shapes), by index.
  var visNodes = N.id.map(function (id) { return network.body.nodes[id]; });
  var visEdges = network.body.edges;

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
      var p = visNodes[k];
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
    }
    var box = container.getBoundingClientRect();
    var scale = Math.min(1.3, box.width / (maxX - minX + 280), box.height / (maxY - minY + 110));
    network.moveTo({
      position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 + 8 },
      scale: scale,
      animation: animate ? animation(400) : false,
    });
  }

  // ---- labels, arrow heads and the highlight, drawn over vis's picture
  var focus = null;   // {node: index, near: {index: true}, edges: [edge index]} while an entity is highlighted

  function viewBox() {
    var a = network.DOMtoCanvas({ x: 0, y: 0 });
    var b = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    return { left: a.x, top: a.y, right: b.x, bottom: b.y };
  }

  function edgeGeometry(j, ctx) {
    var a = visNodes[E.from[j]], b = visNodes[E.to[j]];
    var g = { ax: a.x, ay: a.y, bx: b.x, by: b.y, mx: (a.x + b.x) / 2, my: (a.y + b.y) / 2, tip: null, angle: 0 };
    var visEdge = curved[j] && visEdges["e" + j];
    if (visEdge) {
      try {
        var et = visEdge.edgeType, via = et.getViaNode();
        var mid = et.getPoint(0.5, via);
        g.mx = mid.x; g.my = mid.y;
        var border = et._findBorderPosition(b, ctx, { via: via });
        var back = et.getPoint(Math.max(0, border.t - 0.05), via);
        g.tip = { x: border.x, y: border.y };
        g.angle = Math.atan2(border.y - back.y, border.x - back.x);
        return g;
      } catch (err) { /* fall back to a straight line */ }
    }
    var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy);
    if (len > 0) {
      g.angle = Math.atan2(dy, dx);
      var d = Math.min(len, b.distanceToBorder(ctx, g.angle));
      g.tip = { x: b.x - (dx / len) * d, y: b.y - (dy / len) * d };
    }
    return g;
  }

  function drawArrow(ctx, j, g) {
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
    ctx.fillStyle = visEdges["e" + j] && visEdges["e" + j].selected ? "#111111" : st.color;
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
    var p = visNodes[k];
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    labelText(ctx, N.label[k], p.x, p.y + N.size[k] + 3, nodeFontSize, nodeFont.color || "#222222");
  }

  function inBox(box, x, y, pad) {
    return x >= box.left - pad && x <= box.right + pad && y >= box.top - pad && y <= box.bottom + pad;
  }

  function drawOverlay(ctx) {
    var scale = network.getScale();
    var box = viewBox();
    var busy = network.renderer && (network.renderer.dragging || network.renderer.zooming);
    var edgesShown = !(busy && data.options.interaction && data.options.interaction.hideEdgesOnDrag);
    var arrows = edgesShown && scale >= ARROW_MIN_SCALE;
    var edgeLabels = edgesShown && edgeFontSize * scale >= LABEL_MIN_PX;
    var nodeLabels = nodeFontSize * scale >= LABEL_MIN_PX;
    var j, k, g;
    if (arrows || edgeLabels) {
      var shown = [];
      for (j = 0; j < m; j++) {
        if (focus && focus.edgeSet[j]) continue;
        var a = visNodes[E.from[j]], b = visNodes[E.to[j]];
        if (inBox(box, a.x, a.y, 50) || inBox(box, b.x, b.y, 50) || inBox(box, (a.x + b.x) / 2, (a.y + b.y) / 2, 50)) {
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
        if (inBox(box, visNodes[k].x, visNodes[k].y, 60)) inView.push(k);
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
      focus.edges.forEach(function (j) {
        var ve = visEdges["e" + j];
        if (ve) ve.draw(ctx);
      });
    }
    Object.keys(focus.near).forEach(function (k) { visNodes[k].draw(ctx); });
    visNodes[focus.node].draw(ctx);
    if (edgesShown) {
      var few = focus.edges.length <= EDGE_LABELS_MAX;
      focus.edges.forEach(function (j) {
        var g = edgeGeometry(j, ctx);
        if (scale * 3 >= ARROW_MIN_SCALE) drawArrow(ctx, j, g);
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
  }
  network.on("afterDrawing", onDrawn);

  // ---- neighbourhood highlight: everything else is veiled; nothing in vis's data changes
  function highlight(id) {
    var k = indexOf[id];
    if (k === undefined) return;
    var near = {}, edgeSet = {}, list = [];
    network.getConnectedNodes(id).forEach(function (other) { near[indexOf[other]] = true; });
    network.getConnectedEdges(id).forEach(function (eid) {
      var j = Number(String(eid).slice(1));
      edgeSet[j] = true;
      list.push(j);
    });
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
    network.selectNodes([id]);
    highlight(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: animation(450) });
    return true;
  }
  state.focusNode = focusNode;

  document.getElementById("kg-fit").addEventListener("click", function () {
    fitAll(true);
  });

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
  var tipTimer = null;
  container.addEventListener("mousemove", function (ev) {
    if (tipTimer) clearTimeout(tipTimer);
    var box = container.getBoundingClientRect();
    var at = { x: ev.clientX - box.left, y: ev.clientY - box.top };
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
    }, Math.max(0, Math.min(60, ((data.options.interaction || {}).tooltipDelay || 120) / 2)));
  });

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
