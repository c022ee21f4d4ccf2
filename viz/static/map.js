/* The collaboration map page: draws the view model with vis-network.
 *
 * Safety: every text from a document (names, quotes, titles) reaches the page only
 * as JSON data and leaves it only through textContent or as a property value; no
 * string is ever parsed as HTML. Tooltips are our own element (#map-tip), filled
 * with textContent when vis-network reports a hovered node or edge; no `title`
 * is ever handed to vis-network, whose popup would assign strings as HTML.
 *
 * Filters hide, never delete: the DataSets keep every node and edge, DataViews
 * show those passing the filter (the same rule as viz/view.py visible_ids).
 *
 * Items arrive compact: numeric ids (edges name nodes by number), node styles as
 * vis-network groups (one per kind), edge styles by relation type from the page data.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("map-data").textContent);
  var page = data.view;
  var words = page.words;
  var typeStyles = page.styles.types;
  var container = document.getElementById("map");
  var tip = document.getElementById("map-tip");
  var DARK = "#1d2731";

  // -- items ----------------------------------------------------------------------------
  var keyOf = data.nodes.map(function (n) { return n.key; });
  var numberOf = new Map(keyOf.map(function (key, i) { return [key, i]; }));
  var focusNumber = page.focus === null ? null : numberOf.get(page.focus);
  var nodeKind = data.nodes.map(function (n) { return n.kind; });
  var nodeYears = data.nodes.map(function (n) { return n.years || null; });

  function nameOf(number) { return data.nodes[number].name; }
  function edgeKey(e) { return keyOf[e.from] + "|" + e.type + "|" + keyOf[e.to]; }
  function entityUrl(number) { return page.linkBase + "/entities/" + encodeURIComponent(keyOf[number]); }
  function yearsText(span) { return span[0] === span[1] ? String(span[0]) : span[0] + "–" + span[1]; }

  function visNode(item) {
    var node = { id: item.id, group: item.kind, size: item.size, x: item.x, y: item.y };
    if (item.label !== undefined) node.label = item.label;
    if (item.focus) {
      var colour = (page.styles.kinds[item.kind] || { color: "#888888" }).color;
      node.borderWidth = 4;
      node.color = { background: colour, border: DARK, highlight: { background: colour, border: DARK },
                     hover: { background: colour, border: DARK } };
      node.font = { size: 18, bold: true };
    }
    return node;
  }

  // Per-edge options are kept minimal (vis-network copies each item's options): width 1 and an
  // arrow are the defaults of the options; dashes and arrows are drawn on small maps only
  // (on a big map they cost the canvas seconds and cannot be told apart).
  function visEdge(item) {
    var look = typeStyles[item.type] || { color: "#888888", dashes: false, width: 1, arrows: "to" };
    var edge = { id: item.id, from: item.from, to: item.to, color: look.color };
    if (look.width !== 1) edge.width = look.width;
    if (page.physics && look.arrows !== "to") edge.arrows = look.arrows;
    if (page.physics && look.dashes) edge.dashes = look.dashes;
    if (item.label !== undefined) edge.label = item.label;
    return edge;
  }

  // A big map draws its nodes and the relations of its largest nodes first, then adds the other
  // relations (vis-network spends most of a 10,000-node map's start-up preparing each relation),
  // so the map shows in seconds and hover, search and filters work at once.
  var EDGE_BATCH = 4000;
  var allEdges = data.edges.map(visEdge);
  var pending = [];
  if (!page.physics && allEdges.length > EDGE_BATCH) {
    var weight = function (e) { return data.nodes[e.from].size + data.nodes[e.to].size; };
    allEdges.sort(function (a, b) { return weight(b) - weight(a) || a.id - b.id; });
    pending = allEdges.slice(EDGE_BATCH);
    allEdges = allEdges.slice(0, EDGE_BATCH);
  }
  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(allEdges);

  function addPending() {
    if (!pending.length) {
      complete();
      return;
    }
    edges.add(pending.splice(0, pending.length));  // one batch: each add makes vis-network revisit everything
    complete();
  }

  // -- tooltips ---------------------------------------------------------------------------
  function nodeTip(number) { return data.nodes[number].tip || nameOf(number); }

  function edgeTip(number) {
    var item = data.edges[number];
    if (item.tip !== undefined) return item.tip;
    var look = typeStyles[item.type] || {};
    var lines = [nameOf(item.from) + " → " + (look.label || item.type) + " → " + nameOf(item.to)];
    if (item.years) lines.push(yearsText(item.years));
    if (item.n) lines.push(item.n + " " + (item.n === 1 ? words.evidence_one : words.evidence));
    return lines.join("\n");
  }

  var pointer = { x: 0, y: 0 };
  container.addEventListener("mousemove", function (event) {
    var box = container.getBoundingClientRect();
    pointer = { x: event.clientX - box.left, y: event.clientY - box.top };
    if (!tip.hidden) place();
  });

  function place() {
    var x = Math.min(pointer.x + 14, container.clientWidth - tip.offsetWidth - 4);
    var y = pointer.y + 14 + tip.offsetHeight > container.clientHeight ? pointer.y - tip.offsetHeight - 8 : pointer.y + 14;
    tip.style.left = Math.max(0, x) + "px";
    tip.style.top = Math.max(0, y) + "px";
  }

  function showTip(text) {
    tip.textContent = text;
    tip.hidden = false;
    place();
  }

  function hideTip() { tip.hidden = true; }

  // -- filters ----------------------------------------------------------------------------
  var state = { kinds: null, types: null, years: null };
  var shownNodes = new Set(nodes.getIds());
  var shownEdges = new Set(data.edges.map(function (e) { return e.id; }));

  function overlaps(span, wanted) {
    return !span || !wanted || (span[0] <= wanted[1] && wanted[0] <= span[1]);
  }

  function compute() {
    var count = data.nodes.length;
    var kindOk = new Uint8Array(count);
    var i;
    for (i = 0; i < count; i++) kindOk[i] = !state.kinds || state.kinds.has(nodeKind[i]) ? 1 : 0;
    if (focusNumber !== null) kindOk[focusNumber] = 1;  // the map's subject always stays
    var edgeOk = data.edges.map(function (e) {
      return (!state.types || state.types.has(e.type)) && overlaps(e.years, state.years);
    });
    var shown = kindOk;
    if (state.years) {
      // Undated actors stay only when linked to something dated inside the range.
      var datedIn = new Uint8Array(count);
      shown = new Uint8Array(count);
      for (i = 0; i < count; i++) {
        if (kindOk[i] && nodeYears[i] && overlaps(nodeYears[i], state.years)) datedIn[i] = shown[i] = 1;
      }
      if (focusNumber !== null) shown[focusNumber] = 1;
      data.edges.forEach(function (e, k) {
        if (!edgeOk[k]) return;
        if (datedIn[e.to] && kindOk[e.from] && !nodeYears[e.from]) shown[e.from] = 1;
        if (datedIn[e.from] && kindOk[e.to] && !nodeYears[e.to]) shown[e.to] = 1;
      });
    }
    shownNodes = new Set();
    for (i = 0; i < count; i++) if (shown[i]) shownNodes.add(i);
    shownEdges = new Set();
    data.edges.forEach(function (e, k) { if (edgeOk[k] && shown[e.from] && shown[e.to]) shownEdges.add(e.id); });
  }

  var nodesView = new vis.DataView(nodes, { filter: function (n) { return shownNodes.has(n.id); } });
  var edgesView = new vis.DataView(edges, { filter: function (e) { return shownEdges.has(e.id); } });

  function checked(name) {
    var boxes = document.querySelectorAll("input[name=" + name + "]");
    var on = new Set();
    boxes.forEach(function (box) { if (box.checked) on.add(box.value); });
    return on.size === boxes.length ? null : on;
  }

  function yearValue(id) {
    var input = document.getElementById(id);
    if (!input || input.value === "") return null;
    var year = parseInt(input.value, 10);
    return isNaN(year) ? null : year;
  }

  function readYears() {
    var first = yearValue("year-from");
    var last = yearValue("year-to");
    if (first === null && last === null) return null;
    if (first === null) first = -Infinity;
    if (last === null) last = Infinity;
    return first <= last ? [first, last] : [last, first];
  }

  function showCount() {
    document.getElementById("visible-count").textContent =
      shownNodes.size + " / " + data.nodes.length + " " + words.nodes + ", " +
      shownEdges.size + " / " + data.edges.length + " " + words.edges + " " + words.visible;
  }

  function applyFilters() {
    state.kinds = checked("kind");
    state.types = checked("type");
    state.years = readYears();
    compute();
    nodesView.refresh();
    edgesView.refresh();
    hideTip();
    showCount();
  }

  document.querySelectorAll("input[name=kind], input[name=type]").forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });
  ["year-from", "year-to"].forEach(function (id) {
    var input = document.getElementById(id);
    if (input) input.addEventListener("input", applyFilters);
  });
  document.getElementById("reset-filters").addEventListener("click", function () {
    document.querySelectorAll("input[name=kind], input[name=type]").forEach(function (box) { box.checked = true; });
    ["year-from", "year-to"].forEach(function (id) {
      var input = document.getElementById(id);
      if (input) input.value = "";
    });
    applyFilters();
  });

  // Legend swatches take their colour from a data attribute (CSSOM, allowed by the page's CSP).
  document.querySelectorAll(".node-swatch").forEach(function (s) { s.style.background = s.dataset.color; });
  document.querySelectorAll(".edge-swatch").forEach(function (s) { s.style.borderTopColor = s.dataset.color; });

  // -- the network ------------------------------------------------------------------------
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, data.options);

  network.on("hoverNode", function (params) { showTip(nodeTip(params.node)); });
  network.on("hoverEdge", function (params) { showTip(edgeTip(params.edge)); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  container.addEventListener("mouseleave", hideTip);

  network.on("click", function (params) {
    if (params.nodes.length === 1) window.location.assign(entityUrl(params.nodes[0]));
  });

  // -- search to focus ------------------------------------------------------------------------
  var names = null;

  function fillNames() {
    if (names) return;
    names = [];
    var list = document.getElementById("node-names");
    var seen = new Set();
    data.nodes.forEach(function (n) {
      [n.name].concat(n.aliases || []).forEach(function (name) {
        names.push([name.toLocaleLowerCase(), n.id]);
        if (!seen.has(name) && seen.size < 5000) {
          seen.add(name);
          var option = document.createElement("option");
          option.value = name;
          list.appendChild(option);
        }
      });
    });
  }

  function find(text) {
    fillNames();
    var wanted = text.trim().toLocaleLowerCase();
    if (!wanted) return null;
    var tests = [
      function (name) { return name === wanted; },
      function (name) { return name.indexOf(wanted) === 0; },
      function (name) { return name.indexOf(wanted) !== -1; }
    ];
    for (var t = 0; t < tests.length; t++) {
      for (var i = 0; i < names.length; i++) {
        if (shownNodes.has(names[i][1]) && tests[t](names[i][0])) return names[i][1];
      }
    }
    return null;
  }

  var status = document.getElementById("search-status");
  document.getElementById("search").addEventListener("focus", fillNames);
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = document.getElementById("search").value;
    var number = find(text);
    if (number === null) {
      status.textContent = words.not_found + ": " + text;
      return;
    }
    network.selectNodes([number]);
    network.focus(number, { scale: 1.3, animation: false });
    status.textContent = words.found + ": " + nameOf(number);
  });

  // -- ready ------------------------------------------------------------------------------------
  // Marks for people and tests waiting on the map, and for timing it (performance entries).
  function ready() {
    document.body.dataset.mapReady = "yes";
    if (window.performance && performance.mark) performance.mark("map-ready");
    setTimeout(addPending, 0);
  }

  function complete() {
    if (window.performance && performance.mark) performance.mark("map-complete");
    document.body.dataset.mapComplete = "yes";
  }

  if (page.physics) {
    // A small map settles with physics, then stays where it settled.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", ready);
  }
  showCount();

  // For people who script the page (and for the browser tests): ids are the entities' ids.
  window.alueverkkoMap = {
    network: network, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
    allNodeIds: function () { return keyOf.slice().sort(); },
    visibleNodeIds: function () { return nodesView.getIds().map(function (i) { return keyOf[i]; }).sort(); },
    complete: function () { return !pending.length; },
    visibleEdgeIds: function () {
      return edgesView.getIds().map(function (i) { return edgeKey(data.edges[i]); }).sort();
    },
    domPosition: function (key) {
      var point = network.canvasToDOM(network.getPosition(numberOf.get(key)));
      var box = container.getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y };
    }
  };
})();
