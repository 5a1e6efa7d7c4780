/* The graph page of kg.view: draws the network embedded as JSON in #kg-data.
 *
 * Exposes window.network (the vis.Network) and window.kgView:
 *   {network, nodes, edges, ready, stabilized, drawMs, focusNode(id), search}
 * kgView.ready turns true (and <html data-kg-ready="1">) at the first drawing
 * after the layout has settled; kgView.drawMs is the time from this script's
 * start to that drawing.
 *
 * Tooltips: the node and edge "title"s are HTML written by Python with every
 * text from an article escaped; they are turned into elements here because
 * vis-network shows a string title as plain text.
 */
(function () {
  "use strict";
  var t0 = performance.now();
  var payload = JSON.parse(document.getElementById("kg-data").textContent);
  var meta = payload.meta || {};
  var state = (window.kgView = { ready: false, stabilized: !meta.physics, drawMs: null });

  function tooltip(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    var div = document.createElement("div");
    div.className = "kg-tip";
    div.appendChild(tpl.content);
    return div;
  }

  var baseEdgeColour = {};
  payload.nodes.forEach(function (n) {
    if (typeof n.title === "string" && n.title) n.title = tooltip(n.title);
  });
  payload.edges.forEach(function (e) {
    if (typeof e.title === "string" && e.title) e.title = tooltip(e.title);
    baseEdgeColour[e.id] = e.color;
  });

  var nodes = new vis.DataSet(payload.nodes);
  var edges = new vis.DataSet(payload.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, payload.options);
  window.network = network;
  state.network = network;
  state.nodes = nodes;
  state.edges = edges;

  var loading = document.getElementById("kg-loading");
  var progress = document.getElementById("kg-progress");
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
      if (moves.length) nodes.update(moves);
      fitAll(false);
      state.stabilized = true;
    });
  } else {
    fitAll(false);
  }

  // A force layout comes out about as tall as wide; stretch it (at most 1.6 times) towards the
  // shape of the window so that labels have more room.
  function widen(pos) {
    var ids = payload.nodes.filter(function (n) { return typeof n.isolated !== "number"; }).map(function (n) { return n.id; });
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
    var lone = payload.nodes.filter(function (n) { return typeof n.isolated === "number"; })
      .sort(function (a, b) { return a.isolated - b.isolated; });
    if (!lone.length) return [];
    var minX = Infinity, maxX = -Infinity, maxY = -Infinity;
    payload.nodes.forEach(function (n) {
      if (typeof n.isolated === "number") return;
      var p = pos[n.id];
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y);
    });
    if (minX === Infinity) { minX = 0; maxX = 0; maxY = -150; }
    // Rows as wide as the rest of the graph, each entity as wide as its label.
    var width = Math.max(maxX - minX, 700), gap = 24, rowHeight = 80;
    var rows = [[]], rowWidth = [0], moves = [];
    lone.forEach(function (n) {
      var w = Math.max(60, String(n.label).length * 8.5);
      var r = rows.length - 1;
      if (rows[r].length && rowWidth[r] + gap + w > width) { rows.push([]); rowWidth.push(0); r += 1; }
      rowWidth[r] += (rows[r].length ? gap : 0) + w;
      rows[r].push({ id: n.id, w: w });
    });
    rows.forEach(function (row, r) {
      var x = (minX + maxX) / 2 - rowWidth[r] / 2;
      row.forEach(function (item) {
        moves.push({ id: item.id, x: x + item.w / 2, y: maxY + 150 + r * rowHeight });
        x += item.w + gap;
      });
    });
    return moves;
  }

  // Show every entity. Computed from the positions rather than with network.fit(), which uses
  // label boxes that are stale until the next drawing, and which zooms a small graph in a long way.
  function fitAll(animate) {
    var pos = network.getPositions(), ids = Object.keys(pos);
    if (!ids.length) return;
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    ids.forEach(function (id) {
      var p = pos[id];
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
    });
    var box = container.getBoundingClientRect();
    var scale = Math.min(1.3, box.width / (maxX - minX + 280), box.height / (maxY - minY + 110));
    network.moveTo({
      position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 + 8 },
      scale: scale,
      animation: animate ? { duration: 400, easingFunction: "easeInOutQuad" } : false,
    });
  }

  // vis skips the nodes whose bounding box (as of the drawing before) is out of view and only
  // then updates those boxes; the moves above make them stale, so the first picture is drawn twice.
  var settledDraws = 0;
  function onDrawn() {
    if (state.ready || !state.stabilized) return;
    settledDraws += 1;
    if (settledDraws === 1) {
      network.redraw();
      return;
    }
    state.ready = true;
    state.drawMs = Math.round(performance.now() - t0);
    document.documentElement.setAttribute("data-kg-ready", "1");
    if (loading) loading.hidden = true;
    network.off("afterDrawing", onDrawn);
    if (meta.focus && meta.focus.length) network.selectNodes(meta.focus.filter(function (id) { return nodes.get(id); }));
  }
  network.on("afterDrawing", onDrawn);

  // ---- neighbourhood highlight: dim what is not next to the selected entity
  var dimmed = false;
  function highlight(id) {
    var near = {};
    near[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { near[n] = true; });
    var incident = {};
    network.getConnectedEdges(id).forEach(function (e) { incident[e] = true; });
    nodes.update(nodes.getIds().map(function (n) { return { id: n, opacity: near[n] ? 1 : 0.18 }; }));
    edges.update(edges.getIds().map(function (e) {
      var c = Object.assign({}, baseEdgeColour[e]);
      if (!incident[e]) c.opacity = 0.08;
      return { id: e, color: c, font: { color: incident[e] ? "#555555" : "rgba(85,85,85,0.1)" } };
    }));
    dimmed = true;
  }
  function clearHighlight() {
    if (!dimmed) return;
    nodes.update(nodes.getIds().map(function (n) { return { id: n, opacity: 1 }; }));
    edges.update(edges.getIds().map(function (e) { return { id: e, color: baseEdgeColour[e], font: { color: "#555555" } }; }));
    dimmed = false;
  }
  network.on("selectNode", function (p) { if (p.nodes.length) highlight(p.nodes[0]); });
  network.on("deselectNode", function (p) { if (!p.nodes.length) clearHighlight(); });

  function focusNode(id) {
    if (!nodes.get(id)) return false;
    network.selectNodes([id]);
    highlight(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 450, easingFunction: "easeInOutQuad" } });
    return true;
  }
  state.focusNode = focusNode;

  document.getElementById("kg-fit").addEventListener("click", function () {
    fitAll(true);
  });

  // ---- search: tom-select over the labels and other names
  var colours = meta.kindColours || {};
  var options = payload.nodes.map(function (n) {
    return { value: n.id, text: n.label, kind: n.kind || "", alt: (n.aliases || []).join(" | ") };
  });
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
        return '<div class="kg-opt"><span class="kg-dot" style="background:' + escape(colours[d.kind] || "#999") +
          '"></span><span>' + escape(d.text) + "</span><small>" + escape(d.kind) + "</small></div>";
      },
      item: function (d, escape) { return "<div>" + escape(d.text) + "</div>"; },
      no_results: function () { return '<div class="no-results">No entity of that name</div>'; },
    },
    onChange: function (value) { if (value) focusNode(value); },
  });
})();
