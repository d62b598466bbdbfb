// nslab web: the picture of a big lab, drawn on one plain canvas. Written by hand for speed:
// for a 300-node lab (603 elements) Cytoscape.js took ~770 ms of a cold load to style its
// elements and ~700 ms more for its first frame (CDP profile: styfn.apply, recalculateRenderedStyle,
// drawLayeredElements), so the page was ready after ~2.1 s; this picture draws the same lab in
// a few milliseconds (bench/web.sh prints both, picture=canvas and picture=cytoscape, in one run).
// It answers the same calls as picture-cytoscape.js; it draws the same shapes and colours, but
// without curved arrows or text along the edges, and names only (addresses on hover).
'use strict';

function canvasPicture(container, topo, pos, label, onTap) {
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `the topology of ${topo.lab}: the list beside it says the same in text`);
  canvas.style.cssText = 'position:absolute;inset:0;width:100%;height:100%;touch-action:none';
  container.append(canvas);
  const g = canvas.getContext('2d');
  const vertices = new Map();
  for (const v of topo.vertices) {
    const p = pos[v.id] || { x: 0, y: 0 };
    const [w, h] = { node: [34, 26], bridge: [46, 40], host: [50, 36] }[v.kind] || [30, 30];
    vertices.set(v.id, { id: v.id, kind: v.kind, name: v.kind === 'host' ? 'host side' : v.name, tip: label(v), x: p.x, y: p.y, w, h, classes: new Set([v.kind]) });
  }
  const edges = new Map();
  const addEdge = (id, source, target, kind, classes) => edges.set(id, { id, kind, source, target, text: '', w: 2, classes: new Set(classes) });
  for (const e of topo.edges) addEdge(e.id, e.source, e.target, e.kind, [e.kind]);
  const element = (id) => vertices.get(id) || edges.get(id);

  // The view: model coordinates times zoom, plus the pan. Fitted at first and on resize.
  const view = { zoom: 1, x: 0, y: 0, fitted: true };
  function fit() {
    const width = container.clientWidth, height = container.clientHeight;
    canvas.width = width; canvas.height = height;
    if (!view.fitted) return paint();
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const v of vertices.values()) {
      x0 = Math.min(x0, v.x - v.w / 2); x1 = Math.max(x1, v.x + v.w / 2);
      y0 = Math.min(y0, v.y - v.h / 2); y1 = Math.max(y1, v.y + v.h / 2 + 16);
    }
    if (x0 === Infinity) { x0 = y0 = 0; x1 = y1 = 1; }
    view.zoom = Math.min(1.3, (width - 80) / Math.max(1, x1 - x0), (height - 80) / Math.max(1, y1 - y0));
    view.x = width / 2 - view.zoom * (x0 + x1) / 2;
    view.y = height / 2 - view.zoom * (y0 + y1) / 2;
    paint(); // now: a canvas given a size is blank until drawn again
  }

  // Drawn once per frame at most, however many classes changed in it.
  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; paint(); });
  }

  const EDGE_STYLES = [ // later rules win, as in a style sheet
    ['', { color: '#9aa3b0', width: 2 }],
    ['link', { color: '#5a6270', width: 3 }],
    ['shares_netns', { dash: [6, 4] }],
    ['busy', { color: '#0b8a4a', width: 'w' }],
    ['impaired', { color: '#d98a00', dash: [2, 3] }],
    ['down', { color: '#d93025', dash: [6, 4], alpha: 0.6 }],
    ['check', { dash: [6, 4], width: 2, arrow: true }],
    ['pass', { color: '#0b8a4a' }],
    ['fail', { color: '#d93025', width: 3 }],
  ];
  const VERTEX_STYLES = [
    ['node', { fill: '#2f6fde', border: '#1d4fa8', borderWidth: 2 }],
    ['bridge', { fill: '#f0a020', border: '#c07a00', borderWidth: 1 }],
    ['host', { fill: '#6b7380', border: '#4b5260', borderWidth: 1 }],
    ['dead', { fill: '#b3261e', border: '#7a1610' }],
    ['checked-pass', { border: '#0b8a4a', borderWidth: 4 }],
    ['checked-fail', { border: '#d93025', borderWidth: 4 }],
  ];
  const styleOf = (el, rules) => {
    const s = {};
    for (const [cls, st] of rules) if (!cls || el.classes.has(cls)) Object.assign(s, st);
    return s;
  };

  function paint() {
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, canvas.width, canvas.height);
    g.setTransform(view.zoom, 0, 0, view.zoom, view.x, view.y);
    for (const e of edges.values()) paintEdge(e);
    for (const v of vertices.values()) paintVertex(v);
    // Names where they can be read (as Cytoscape's min-zoomed-font-size), and the traffic on links.
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.textAlign = 'center';
    if (11 * view.zoom >= 7) {
      g.font = '11px sans-serif';
      for (const v of vertices.values()) {
        const [x, y] = screen(v.x, v.y);
        g.globalAlpha = v.classes.has('dim') ? 0.15 : 1;
        g.fillStyle = v.kind === 'bridge' ? '#000' : '#222';
        if (v.kind === 'bridge') { g.textBaseline = 'middle'; g.fillText(v.name, x, y); } else { g.textBaseline = 'top'; g.fillText(v.name, x, y + (v.h / 2) * view.zoom + 4); }
      }
    }
    if (9 * view.zoom >= 8) {
      g.font = '9px sans-serif'; g.textBaseline = 'middle'; g.globalAlpha = 1;
      for (const e of edges.values()) {
        if (!e.text || e.classes.has('dim')) continue;
        const a = vertices.get(e.source), b = vertices.get(e.target);
        const [x, y] = screen((a.x + b.x) / 2, (a.y + b.y) / 2);
        const w = g.measureText(e.text).width + 4;
        g.fillStyle = 'rgba(246,247,249,0.8)'; g.fillRect(x - w / 2, y - 6, w, 12);
        g.fillStyle = '#222'; g.fillText(e.text, x, y);
      }
    }
    g.globalAlpha = 1;
  }

  const screen = (x, y) => [x * view.zoom + view.x, y * view.zoom + view.y];

  function paintEdge(e) {
    const a = vertices.get(e.source), b = vertices.get(e.target);
    if (!a || !b) return;
    const s = styleOf(e, EDGE_STYLES);
    g.globalAlpha = e.classes.has('dim') ? 0.15 : (s.alpha || 1);
    g.strokeStyle = s.color;
    g.lineWidth = s.width === 'w' ? e.w : s.width;
    g.setLineDash(s.dash || []);
    g.beginPath(); g.moveTo(a.x, a.y); g.lineTo(b.x, b.y); g.stroke();
    if (s.arrow) { // a triangle where the line meets the target's box
      const len = Math.hypot(b.x - a.x, b.y - a.y) || 1, ux = (b.x - a.x) / len, uy = (b.y - a.y) / len;
      const tx = b.x - ux * (b.w / 2 + 2), ty = b.y - uy * (b.h / 2 + 2);
      g.setLineDash([]); g.fillStyle = s.color;
      g.beginPath(); g.moveTo(tx, ty); g.lineTo(tx - ux * 9 - uy * 5, ty - uy * 9 + ux * 5); g.lineTo(tx - ux * 9 + uy * 5, ty - uy * 9 - ux * 5); g.closePath(); g.fill();
    }
    if (e.classes.has('hit')) { g.globalAlpha = 0.25; g.strokeStyle = '#2f6fde'; g.lineWidth = g.lineWidth + 12; g.setLineDash([]); g.beginPath(); g.moveTo(a.x, a.y); g.lineTo(b.x, b.y); g.stroke(); }
    g.setLineDash([]);
  }

  function paintVertex(v) {
    const s = styleOf(v, VERTEX_STYLES);
    g.globalAlpha = v.classes.has('dim') ? 0.15 : 1;
    shape(v);
    g.fillStyle = s.fill; g.fill();
    g.lineWidth = s.borderWidth; g.strokeStyle = s.border; g.stroke();
    if (v.classes.has('hit')) { g.globalAlpha = 0.25; g.fillStyle = '#2f6fde'; g.fillRect(v.x - v.w / 2 - 6, v.y - v.h / 2 - 6, v.w + 12, v.h + 12); }
  }

  function shape(v) {
    const { x, y, w, h } = v;
    g.beginPath();
    if (v.kind === 'bridge') { // a hexagon, as Cytoscape's
      for (let i = 0; i < 6; i++) { const t = (Math.PI / 3) * i; const px = x + (w / 2) * Math.cos(t), py = y + (h / 2) * Math.sin(t); i ? g.lineTo(px, py) : g.moveTo(px, py); }
      g.closePath();
    } else if (v.kind === 'host') { // a tag: a box with a point on the right
      g.moveTo(x - w / 2, y - h / 2); g.lineTo(x + w / 4, y - h / 2); g.lineTo(x + w / 2, y); g.lineTo(x + w / 4, y + h / 2); g.lineTo(x - w / 2, y + h / 2); g.closePath();
    } else {
      g.roundRect(x - w / 2, y - h / 2, w, h, 5);
    }
  }

  // What is under a point of the canvas: a vertex first (drawn on top), else an edge within 5 px.
  function at(px, py) {
    const x = (px - view.x) / view.zoom, y = (py - view.y) / view.zoom;
    let found = null;
    for (const v of vertices.values()) if (Math.abs(x - v.x) <= v.w / 2 && Math.abs(y - v.y) <= v.h / 2) found = v;
    if (found) return found;
    let best = 5 / view.zoom;
    for (const e of edges.values()) {
      const a = vertices.get(e.source), b = vertices.get(e.target);
      if (!a || !b) continue;
      const dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy || 1;
      const t = Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / len2));
      const d = Math.hypot(x - (a.x + t * dx), y - (a.y + t * dy));
      if (d <= best) { best = d; found = e; }
    }
    return found;
  }

  // A click opens what is under it; a drag moves the picture; the wheel zooms where it points.
  let drag = null;
  canvas.addEventListener('pointerdown', (ev) => { drag = { x: ev.offsetX, y: ev.offsetY, moved: false }; canvas.setPointerCapture(ev.pointerId); });
  canvas.addEventListener('pointermove', (ev) => {
    if (drag && (drag.moved || Math.hypot(ev.offsetX - drag.x, ev.offsetY - drag.y) > 4)) {
      view.x += ev.offsetX - drag.x; view.y += ev.offsetY - drag.y; view.fitted = false;
      drag.x = ev.offsetX; drag.y = ev.offsetY; drag.moved = true;
      schedule();
      return;
    }
    const el = at(ev.offsetX, ev.offsetY);
    canvas.title = el ? (el.tip || '') : '';
    canvas.style.cursor = el ? 'pointer' : 'default';
  });
  canvas.addEventListener('pointerup', (ev) => {
    const was = drag; drag = null;
    if (!was || was.moved) return;
    const el = at(ev.offsetX, ev.offsetY);
    if (el) onTap(el.id, el.kind);
  });
  canvas.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const f = Math.exp(-ev.deltaY * 0.0015);
    const zoom = Math.min(4, Math.max(0.05, view.zoom * f));
    view.x = ev.offsetX - (ev.offsetX - view.x) * (zoom / view.zoom);
    view.y = ev.offsetY - (ev.offsetY - view.y) * (zoom / view.zoom);
    view.zoom = zoom; view.fitted = false;
    schedule();
  }, { passive: false });
  canvas.addEventListener('dblclick', () => { view.fitted = true; fit(); });

  for (const e of edges.values()) { const a = vertices.get(e.source), b = vertices.get(e.target); if (a && b) e.tip = `${a.name} – ${b.name}`; }
  fit(); // which paints the first frame now, not at the next animation frame
  return {
    kind: 'canvas',
    batch: (fn) => { fn(); schedule(); },
    has: (id, cls) => { const el = element(id); return !!el && el.classes.has(cls); },
    count: (classes) => {
      const want = classes.trim().split(/\s+/);
      let n = 0;
      for (const el of [...vertices.values(), ...edges.values()]) if (want.every((c) => el.classes.has(c))) n++;
      return n;
    },
    toggle: (id, cls, on) => { const el = element(id); if (el) { if (on) el.classes.add(cls); else el.classes.delete(cls); schedule(); } },
    setEdge: (id, text, width) => { const e = edges.get(id); if (e) { e.text = text; e.w = width; schedule(); } },
    dim: (ids) => {
      for (const el of [...vertices.values(), ...edges.values()]) el.classes.delete('dim');
      for (const id of ids) { const el = element(id); if (el) el.classes.add('dim'); }
      schedule();
    },
    hit: (id) => {
      for (const el of [...vertices.values(), ...edges.values()]) el.classes.delete('hit');
      const el = element(id);
      if (el) el.classes.add('hit');
      if (vertices.has(id)) for (const e of edges.values()) if (e.source === id || e.target === id) e.classes.add('hit');
      schedule();
    },
    showChecks: (checks) => {
      for (const [id, e] of edges) if (e.kind === 'check') edges.delete(id);
      for (const v of vertices.values()) { v.classes.delete('checked-pass'); v.classes.delete('checked-fail'); }
      for (const c of checks) {
        if (c.to && vertices.has(c.to)) addEdge(`check${c.index}`, c.from, c.to, 'check', ['check', c.cls]);
        const from = vertices.get(c.from);
        if (from && !from.classes.has('checked-fail')) { from.classes.delete('checked-pass'); from.classes.add(`checked-${c.cls}`); }
      }
      schedule();
    },
    clearChecks: () => { for (const [id, e] of edges) if (e.kind === 'check') edges.delete(id); schedule(); },
    fit,
    destroy: () => canvas.remove(),
    where: (id) => { const v = vertices.get(id); return v ? screen(v.x, v.y) : null; }, // for the tests: a vertex's point on the canvas
  };
}
