// nslab web: the picture of a small lab, drawn by Cytoscape.js (labels, addresses, curved check
// arrows, smooth zoom). A big lab gets picture-canvas.js instead: Cytoscape spends most of a
// cold second styling and first painting 600 elements (see canvasPicture for the figures).
// Both pictures answer the same calls (app.js uses nothing else): a picture is a set of
// elements (vertices and edges, by id) each with its classes, drawn in the #graph element.
'use strict';

function cytoscapePicture(container, topo, pos, label, onTap) {
  // A big lab drawn here all the same (the page's ?picture=cytoscape, for comparing): names
  // only, and a cheaper drawing while it is moved.
  const big = topo.vertices.length > 60;
  const elements = [];
  for (const v of topo.vertices) elements.push({ group: 'nodes', data: { id: v.id, label: big && v.kind === 'node' ? v.name : label(v), kind: v.kind }, position: pos[v.id] || { x: 0, y: 0 }, classes: v.kind });
  for (const e of topo.edges) elements.push({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, label: '', kind: e.kind }, classes: e.kind });
  const cy = cytoscape({
    container, elements, layout: { name: 'preset', fit: true, padding: 30 },
    wheelSensitivity: 0.3, textureOnViewport: big, hideEdgesOnViewport: big, pixelRatio: big ? 1 : 'auto',
    style: [
      { selector: 'node', style: { label: 'data(label)', 'text-wrap': 'wrap', 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 4, 'min-zoomed-font-size': 7 } },
      { selector: 'node.node', style: { shape: 'round-rectangle', width: 34, height: 26, 'background-color': '#2f6fde', 'border-width': 2, 'border-color': '#1d4fa8' } },
      { selector: 'node.bridge', style: { shape: 'hexagon', width: 46, height: 40, 'background-color': '#f0a020', 'text-valign': 'center', 'text-margin-y': 0, 'font-weight': 'bold' } },
      { selector: 'node.host', style: { shape: 'tag', width: 50, height: 36, 'background-color': '#6b7380' } },
      { selector: 'node.dead', style: { 'background-color': '#b3261e', 'border-color': '#7a1610' } },
      { selector: 'node.checked-pass', style: { 'border-width': 4, 'border-color': '#0b8a4a' } },
      { selector: 'node.checked-fail', style: { 'border-width': 4, 'border-color': '#d93025' } },
      { selector: 'edge', style: { width: 2, 'line-color': '#9aa3b0', 'curve-style': 'straight', label: 'data(label)', 'font-size': 9, 'text-rotation': 'autorotate', 'text-background-color': '#f6f7f9', 'text-background-opacity': 0.8, 'min-zoomed-font-size': 8 } },
      { selector: 'edge.link', style: { width: 3, 'line-color': '#5a6270' } },
      { selector: 'edge.shares_netns', style: { 'line-style': 'dashed' } },
      { selector: 'edge.busy', style: { 'line-color': '#0b8a4a', width: 'data(w)' } },
      { selector: 'edge.impaired', style: { 'line-color': '#d98a00', 'line-style': 'dotted' } },
      { selector: 'edge.down', style: { 'line-color': '#d93025', 'line-style': 'dashed', opacity: 0.6 } },
      { selector: 'edge.check', style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-style': 'dashed', width: 2, label: '' } },
      { selector: 'edge.check.pass', style: { 'line-color': '#0b8a4a', 'target-arrow-color': '#0b8a4a' } },
      { selector: 'edge.check.fail', style: { 'line-color': '#d93025', 'target-arrow-color': '#d93025', width: 3 } },
      { selector: '.dim', style: { opacity: 0.15 } },
      { selector: '.hit', style: { 'overlay-color': '#2f6fde', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
    ],
  });
  cy.on('tap', 'node, edge', (e) => onTap(e.target.id(), e.target.data('kind')));
  const byClasses = (classes) => '.' + classes.trim().split(/\s+/).join('.');
  return {
    kind: 'cytoscape',
    batch: (fn) => cy.batch(fn),
    has: (id, cls) => cy.getElementById(id).hasClass(cls),
    count: (classes) => cy.elements(byClasses(classes)).length,
    toggle: (id, cls, on) => { cy.getElementById(id).toggleClass(cls, on); },
    setEdge: (id, text, width) => { cy.getElementById(id).data({ label: text, w: width }); },
    dim: (ids) => { cy.elements().removeClass('dim'); for (const id of ids) cy.getElementById(id).addClass('dim'); },
    hit: (id) => {
      cy.elements().removeClass('hit');
      const el = cy.getElementById(id);
      el.addClass('hit');
      el.connectedEdges().addClass('hit');
    },
    // Each check's path, from its node to its target: cls is 'pass' or 'fail'.
    showChecks: (checks) => {
      cy.remove('edge.check');
      cy.nodes().removeClass('checked-pass checked-fail');
      for (const c of checks) {
        if (c.to && cy.getElementById(c.to).length) {
          cy.add({ group: 'edges', data: { id: `check${c.index}`, source: c.from, target: c.to, label: '', kind: 'check' }, classes: `check ${c.cls}` });
        }
        const from = cy.getElementById(c.from);
        if (!from.hasClass('checked-fail')) from.removeClass('checked-pass').addClass(`checked-${c.cls}`);
      }
    },
    clearChecks: () => { cy.remove('edge.check'); },
    // The whole lab in view, never magnified past 1.3 (three nodes would fill the screen).
    fit: () => {
      cy.resize();
      cy.fit(undefined, 40);
      if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(); }
    },
    destroy: () => cy.destroy(),
  };
}
