// nslab web: the page. One WebSocket carries everything (see PageSocket.java): the labs that
// are up, the shown lab's topology, its counters each second, check and pingall results, and
// the terminals' bytes (binary frames: 4 bytes of terminal number, then the bytes).
'use strict';

const params = new URLSearchParams(location.search);
const token = params.get('token') || '';
// Which picture: Cytoscape's for a small lab, a plain canvas for a big one (see picture-canvas.js);
// ?picture=canvas or ?picture=cytoscape chooses one for every lab (the tests, bench/web.sh).
const pictureChoice = params.get('picture');
// The token is now in a cookie (set with this page): take it out of the address bar.
if (token) history.replaceState(null, '', '/');

const $ = (id) => document.getElementById(id);
const timings = { stats: [] }; // what bench/web.sh reads: ms since navigation, and ms per update
const state = { lab: null, topo: null, picture: null, items: new Map(), stats: null, checks: null };
const terminals = new Map();
let nextTerm = 1;
let ws;

function send(msg) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(msg)); }
function status(text) { $('status').textContent = text; }

function connect() {
  ws = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => {
    timings.open = performance.now();
    status('connected');
    // The lab shown already (it came with the page): the server starts its counters, and sends
    // its topology only if the lab has changed since.
    if (state.lab) send({ op: 'watch', lab: state.lab, version: state.topo && state.topo.lab === state.lab ? state.topo.version : undefined });
  };
  ws.onclose = () => { status('disconnected: is nslab web still running?'); for (const t of terminals.values()) t.term.write('\r\n[connection lost]\r\n'); };
  ws.onmessage = (e) => {
    if (typeof e.data !== 'string') {
      const id = new DataView(e.data).getInt32(0);
      const t = terminals.get(id);
      if (t) t.term.write(new Uint8Array(e.data, 4));
      return;
    }
    const msg = JSON.parse(e.data);
    const handler = handlers[msg.type];
    if (handler) handler(msg);
  };
}

const handlers = {
  labs(msg) {
    const select = $('lab');
    select.replaceChildren(...msg.labs.map((l) => new Option(l, l)));
    $('empty').hidden = msg.labs.length > 0;
    const keep = msg.labs.includes(state.lab) ? state.lab : (msg.first && msg.labs.includes(msg.first) ? msg.first : msg.labs[0]);
    if (keep) select.value = keep;
    if (keep !== state.lab) watch(keep || null);
    if (!keep) { clearLab(); status('no lab is up'); }
  },
  topology(msg) {
    timings.topology = performance.now();
    timings.topologies = (timings.topologies || 0) + 1;
    if (msg.lab !== state.lab) return;
    if (state.picture) clearLab(); // the lab changed since the page came
    draw(msg);
  },
  stats(msg) { if (msg.lab === state.lab) showStats(msg); },
  checks(msg) { if (msg.lab === state.lab) showChecks(msg); },
  pingall(msg) { if (msg.lab === state.lab) showPingall(msg.matrix); },
  ended(msg) {
    const t = terminals.get(msg.term);
    if (t) t.term.write(`\r\n[${msg.why ? 'cannot open: ' + msg.why : 'shell ended'}]\r\n`);
  },
  error(msg) { status(msg.text); },
  link(msg) { if (msg.lab === state.lab) status(msg.text); },
};

function watch(lab) {
  state.lab = lab;
  clearLab();
  if (lab) { send({ op: 'watch', lab }); status(`lab ${lab}`); }
}

function clearLab() {
  if (state.picture) state.picture.destroy();
  state.picture = null; state.topo = null; state.items.clear(); shown.clear();
  $('items').replaceChildren();
  $('results').hidden = true;
  showLinkPanel(null);
}

// --- the picture -----------------------------------------------------------------------

// Stars around bridges, computed here in one pass (no force simulation): the host side in
// the middle, bridges around it, each bridge's nodes on rings around the bridge, nodes on no
// bridge on a ring around the host. A 300-node lab is laid out in a few milliseconds.
function layout(topo) {
  const pos = {};
  const bridges = topo.vertices.filter((v) => v.kind === 'bridge');
  const members = new Map(bridges.map((b) => [b.id, []]));
  const placed = new Set();
  for (const e of topo.edges) {
    if (e.kind === 'port' && members.has(e.target) && !placed.has(e.source)) { members.get(e.target).push(e.source); placed.add(e.source); }
  }
  const rings = (n) => { // radii and capacities of the rings that hold n nodes
    const out = []; let r = 130;
    while (n > 0) { const cap = Math.max(6, Math.floor((2 * Math.PI * r) / 95)); out.push([r, Math.min(cap, n)]); n -= cap; r += 100; }
    return out;
  };
  const starRadius = Math.max(130, ...bridges.map((b) => { const r = rings(members.get(b.id).length); return r.length ? r[r.length - 1][0] : 130; }));
  const rb = bridges.length <= 1 ? starRadius + 170 : Math.max(starRadius + 220, (starRadius + 80) / Math.sin(Math.PI / bridges.length));
  pos.host = { x: 0, y: 0 };
  bridges.forEach((b, i) => {
    const a = bridges.length === 1 ? 0 : (2 * Math.PI * i) / bridges.length;
    const c = { x: rb * Math.cos(a), y: rb * Math.sin(a) };
    pos[b.id] = c;
    let k = 0;
    for (const [r, count] of rings(members.get(b.id).length)) {
      for (let j = 0; j < count; j++, k++) {
        const t = a + Math.PI + (2 * Math.PI * (j + 0.5)) / count; // the first node faces the host
        pos[members.get(b.id)[k]] = { x: c.x + r * Math.cos(t), y: c.y + r * Math.sin(t) };
      }
    }
  });
  const loose = topo.vertices.filter((v) => v.kind === 'node' && !placed.has(v.id));
  loose.forEach((v, i) => {
    // With one bridge (to the right), on an arc to the left of the host; otherwise on a ring around it.
    const t = bridges.length === 1
      ? Math.PI + (loose.length === 1 ? 0 : ((i / (loose.length - 1)) - 0.5) * (2 * Math.PI / 3))
      : Math.PI / 2 + (2 * Math.PI * i) / loose.length;
    pos[v.id] = { x: 170 * Math.cos(t), y: 170 * Math.sin(t) };
  });
  return pos;
}

function label(v) {
  if (v.kind === 'host') return 'host side';
  if (v.kind === 'bridge') return `${v.name}\n${v.lines[1] || ''}`;
  const addrs = v.lines.slice(1).filter((l) => /^\S+ \d+\.\d+/.test(l)).map((l) => l.split(' ')[1]);
  return [v.name, ...addrs].join('\n');
}

function draw(topo) {
  state.topo = topo;
  timings.laidOut = performance.now();
  const pos = layout(topo);
  const big = topo.vertices.length > 60;
  const canvas = pictureChoice ? pictureChoice === 'canvas' : big;
  state.picture = (canvas ? canvasPicture : cytoscapePicture)($('graph'), topo, pos, label, (id, kind) => {
    if (kind === 'node') openTerminal(id.slice(5));
    select(id);
  });
  timings.picture = performance.now();
  timings.pictureKind = state.picture.kind;
  fitPicture();
  timings.drawn = performance.now();
  buildList(topo);
  applyFilter();
  timings.listed = performance.now();
  // Ready: the list built and the picture on the screen (the frame after next has been painted).
  requestAnimationFrame(() => requestAnimationFrame(() => { timings.ready = performance.now(); }));
}

function fitPicture() { if (state.picture) state.picture.fit(); }

// --- the text list (the same as the picture, for reading, searching and screen readers) ---

function buildList(topo) {
  const ul = $('items');
  const items = [];
  const name = (id) => (id === 'host' ? 'host side' : id.slice(id.indexOf(':') + 1));
  for (const v of topo.vertices) {
    const li = document.createElement('li');
    li.tabIndex = 0; li.dataset.id = v.id; li.dataset.kind = v.kind;
    // The published ports and services are said once, below, in the words of nslab status.
    const details = v.lines.slice(1).filter((l) => !/^publish /.test(l) && !/^\S+ :\d+$/.test(l));
    if (v.published && v.published.length) details.push('published ' + v.published.join(', '));
    if (v.services && v.services.length) details.push('services ' + v.services.join(', '));
    li.innerHTML = `<span class="kind"></span><strong></strong> <span class="state"></span><span class="detail"></span>`;
    li.querySelector('.kind').textContent = v.kind === 'host' ? 'host' : v.kind;
    li.querySelector('strong').textContent = v.kind === 'host' ? v.lines[0] : v.name;
    li.querySelector('.detail').textContent = details.join('\n');
    if (v.kind === 'node') {
      const b = document.createElement('button');
      b.type = 'button'; b.textContent = 'Terminal'; b.setAttribute('aria-label', `open a terminal on ${v.name}`);
      b.onclick = (ev) => { ev.stopPropagation(); openTerminal(v.name); };
      li.append(b);
    }
    items.push(li);
    state.items.set(v.id, li);
  }
  for (const e of topo.edges) {
    const li = document.createElement('li');
    li.tabIndex = 0; li.dataset.id = e.id; li.dataset.kind = 'link';
    const what = { port: 'port', link: 'link', bridge_on_host: 'bridge on host', shares_netns: 'shares netns' }[e.kind];
    li.innerHTML = `<span class="kind"></span><strong></strong> <span class="link-state"></span><span class="detail"></span><span class="impair"></span><span class="counters"></span>`;
    if (e.endpoint) li.dataset.endpoint = e.endpoint;
    li.querySelector('.kind').textContent = what;
    li.querySelector('strong').textContent = `${name(e.source)} – ${name(e.target)}`;
    li.querySelector('.detail').textContent = e.label;
    items.push(li);
    state.items.set(e.id, li);
  }
  ul.replaceChildren(...items);
  ul.onclick = (ev) => { const li = ev.target.closest('li'); if (li) select(li.dataset.id); };
  ul.onkeydown = (ev) => {
    const li = ev.target.closest('li');
    if (!li || ev.key !== 'Enter') return;
    if (li.dataset.kind === 'node') openTerminal(li.dataset.id.slice(5)); else select(li.dataset.id);
  };
}

function select(id) {
  for (const li of state.items.values()) li.classList.toggle('selected', li.dataset.id === id);
  const li = state.items.get(id);
  showLinkPanel(li && li.dataset.endpoint ? id : null);
  if (li) li.scrollIntoView({ block: 'nearest' });
  if (state.picture) state.picture.hit(id);
}

function applyFilter() {
  const start = performance.now();
  try { filterNow(); } finally { timings.filter = performance.now() - start; }
}

function filterNow() {
  const q = $('filter').value.trim().toLowerCase();
  const dim = new Set();
  for (const [id, li] of state.items) {
    const hit = !q || li.textContent.toLowerCase().includes(q);
    li.hidden = !hit;
    if (!hit) dim.add(id);
  }
  if (q && state.topo) { // a matching node keeps its edges lit, a matching edge its ends
    const lit = (id) => !dim.has(id);
    const keep = [];
    for (const e of state.topo.edges) {
      if (lit(e.source) || lit(e.target)) keep.push(e.id);
      if (lit(e.id)) keep.push(e.source, e.target);
    }
    for (const id of keep) dim.delete(id);
  }
  if (state.picture) state.picture.batch(() => state.picture.dim(dim));
}
$('filter').addEventListener('input', applyFilter);

// --- live numbers --------------------------------------------------------------------

function rate(bits) {
  if (bits === undefined) return '…';
  const units = ['b/s', 'kb/s', 'Mb/s', 'Gb/s'];
  let i = 0; while (bits >= 1000 && i < 3) { bits /= 1000; i++; }
  return `${bits < 10 && i ? bits.toFixed(1) : Math.round(bits)} ${units[i]}`;
}

function showStats(msg) {
  const start = performance.now();
  try { updateStats(msg); } finally { timings.stats.push(performance.now() - start); if (timings.stats.length > 60) timings.stats.shift(); }
}

// Only what changed is touched: with 300 idle links, an update costs almost nothing.
const shown = new Map(); // element id -> what it shows now
function changed(key, value) {
  if (shown.get(key) === value) return false;
  shown.set(key, value);
  return true;
}

function updateStats(msg) {
  state.stats = msg;
  const pic = state.picture;
  if (!pic) return;
  pic.batch(() => {
    for (const [id, s] of Object.entries(msg.edges)) {
      const li = state.items.get(id);
      const pps = (s.rx_pps || 0) + (s.tx_pps || 0);
      const text = `tx ${rate(s.tx_bps)} ${s.tx_pps ?? '…'} pkt/s · rx ${rate(s.rx_bps)} ${s.rx_pps ?? '…'} pkt/s · drops ${s.drops}`
        + ` · ${s.tx_packets} packets out, ${s.rx_packets} in`;
      if (li && changed(id + ' text', text)) {
        const c = li.querySelector('.counters');
        c.textContent = text;
        c.dataset.txPackets = s.tx_packets; c.dataset.rxPackets = s.rx_packets;
      }
      const impair = (s.impair || []).map((r) => `${r.endpoint} ${r.direction}: ${r.text}`).join('\n');
      if (li && changed(id + ' link', `${s.up} ${impair}`)) {
        const st = li.querySelector('.link-state');
        st.textContent = s.up === false ? 'down' : 'up';
        st.classList.toggle('down', s.up === false);
        li.querySelector('.impair').textContent = impair;
        pic.toggle(id, 'down', s.up === false);
        pic.toggle(id, 'impaired', impair !== '');
        if (state.linkShown === id) showLinkPanel(id);
      }
      const traffic = pps ? `${rate((s.tx_bps || 0) + (s.rx_bps || 0))} · ${pps} pkt/s` : '';
      const edgeLabel = [s.up === false ? 'down' : '', (s.impair || []).map((r) => r.text).filter((t, i, a) => a.indexOf(t) === i).join(' / '), traffic]
        .filter(Boolean).join(' · ');
      if (changed(id + ' label', edgeLabel)) {
        pic.setEdge(id, edgeLabel, pps ? Math.min(2 + Math.log2(1 + pps), 10) : 2);
        pic.toggle(id, 'busy', pps > 0);
      }
    }
    for (const [id, n] of Object.entries(msg.nodes)) {
      if (!changed(id + ' alive', n.alive)) continue;
      const li = state.items.get(id);
      if (li) { li.classList.toggle('dead', !n.alive); li.querySelector('.state').textContent = n.alive ? 'running' : 'DEAD (init gone)'; }
      pic.toggle(id, 'dead', !n.alive);
    }
  });
}

// --- a link's state and impairment (as nslab link) ---------------------------------------

// One panel for the selected link, not buttons on every item: a 300-node lab's list stays light.
function showLinkPanel(id) {
  state.linkShown = id;
  const panel = $('link-panel');
  panel.hidden = !id;
  if (!id) return;
  const li = state.items.get(id);
  const s = state.stats && state.stats.edges[id];
  const up = !s || s.up !== false;
  $('link-title').textContent = `link ${li.querySelector('strong').textContent} (${li.dataset.endpoint})`;
  $('link-state').textContent = up ? 'up' : 'down: the cable is pulled';
  $('link-state').classList.toggle('down', !up);
  $('link-cable').textContent = up ? 'Pull the cable' : 'Plug it back in';
  const impair = (s && s.impair) || [];
  $('link-impair').textContent = impair.length ? impair.map((r) => `${r.endpoint} ${r.direction}: ${r.text}`).join('; ') : 'no impairment';
}

function sendLink(op, extra) {
  const endpoint = state.linkShown && state.items.get(state.linkShown).dataset.endpoint;
  if (!endpoint) return;
  send({ op, endpoint, ...extra });
  status(`link ${endpoint}: changing…`);
}

$('link-cable').onclick = () => sendLink('link_state', { up: $('link-cable').textContent !== 'Pull the cable' });
$('link-panel').onsubmit = (ev) => {
  ev.preventDefault();
  const f = $('link-panel').elements;
  const values = {};
  for (const k of ['rate', 'delay', 'jitter', 'loss']) if (f[k].value.trim()) values[k] = f[k].value.trim();
  sendLink('impair', { ...values, direction: f.direction.value });
};
$('link-clear').onclick = () => sendLink('impair', { clear: true, direction: $('link-panel').elements.direction.value });

// --- checks and pingall ----------------------------------------------------------------

$('checks').onclick = () => { if (state.lab) { send({ op: 'check' }); status('running the checks…'); } };
$('pingall').onclick = () => { if (state.lab) { send({ op: 'pingall' }); status('pinging every pair…'); } };
$('results-close').onclick = () => { $('results').hidden = true; if (state.picture) state.picture.clearChecks(); };

function showResults(title, body) {
  $('results-title').textContent = title;
  $('results-body').replaceChildren(body);
  $('results').hidden = false;
}

function showChecks(msg) {
  const pic = state.picture;
  const passed = msg.results.filter((r) => r.passed).length;
  status(`checks: ${passed} of ${msg.results.length} passed`);
  const ul = document.createElement('ul');
  ul.id = 'check-results';
  for (const r of msg.results) {
    const li = document.createElement('li');
    li.className = r.passed ? 'pass' : 'fail';
    li.textContent = `${r.text} (${r.elapsed_ms} ms)${r.passed ? '' : ': ' + r.detail}`;
    ul.append(li);
  }
  showResults(`Checks of ${msg.lab}: ${passed} of ${msg.results.length} passed`, ul);
  if (!pic) return;
  // On the picture: each check's path, from its node to its target, green or red.
  const byIndex = new Map(state.topo.checks.map((c) => [c.index, c]));
  const paths = [];
  for (const r of msg.results) {
    const c = byIndex.get(r.index);
    if (c) paths.push({ index: r.index, from: c.from, to: c.to, cls: r.passed ? 'pass' : 'fail' });
  }
  pic.batch(() => pic.showChecks(paths));
}

function showPingall(m) {
  status(`pingall: ${m.pairs - m.failed} of ${m.pairs} pairs answered`);
  const nodes = [...new Set(m.results.map((r) => r.from))];
  const targets = [...new Set(m.results.map((r) => r.to))];
  const table = document.createElement('table');
  table.className = 'matrix';
  const head = table.createTHead().insertRow();
  head.insertCell().outerHTML = '<th scope="col">from \\ to</th>';
  for (const t of targets) { const th = document.createElement('th'); th.scope = 'col'; th.textContent = t; head.append(th); }
  const body = table.createTBody();
  const get = new Map(m.results.map((r) => [`${r.from} ${r.to}`, r]));
  for (const n of nodes) {
    const row = body.insertRow();
    const th = document.createElement('th'); th.scope = 'row'; th.textContent = n; row.append(th);
    for (const t of targets) {
      const cell = row.insertCell();
      const r = get.get(`${n} ${t}`);
      if (!r) { cell.textContent = '–'; continue; }
      cell.className = r.ok ? 'ok' : 'bad';
      cell.textContent = r.ok ? `${r.rtt_us / 1000} ms` : 'X';
      cell.title = r.detail || '';
    }
  }
  showResults(`Pingall of ${m.lab}: ${m.pairs - m.failed} of ${m.pairs} pairs answered in ${m.elapsed_ms} ms`, table);
}

// --- terminals -----------------------------------------------------------------------

// xterm.js (half a megabyte) is loaded with the first terminal, not with the page.
let xtermLoaded;
function loadXterm() {
  const load = (src) => new Promise((ok, fail) => {
    const el = document.createElement('script');
    el.src = src; el.onload = ok; el.onerror = () => fail(new Error(`cannot load ${src}`));
    document.head.append(el);
  });
  xtermLoaded ??= load('vendor/xterm.js').then(() => load('vendor/addon-fit.js'));
  return xtermLoaded;
}

function openTerminal(node) {
  if (!state.lab) return;
  loadXterm().then(() => openTerminalNow(node), (e) => status(e.message));
}

function openTerminalNow(node) {
  const id = nextTerm++;
  $('terminals').hidden = false;
  const tab = document.createElement('div');
  tab.className = 'tab'; tab.setAttribute('role', 'tab'); tab.dataset.term = id;
  tab.innerHTML = '<span></span><button type="button">×</button>';
  tab.querySelector('span').textContent = `${node}@${state.lab}`;
  tab.querySelector('button').setAttribute('aria-label', `close the terminal on ${node}`);
  const pane = document.createElement('div');
  pane.className = 'pane'; pane.dataset.term = id; pane.dataset.node = node; pane.setAttribute('role', 'tabpanel');
  $('tabs').append(tab); $('panes').append(pane);
  const term = new Terminal({ fontSize: 13, cursorBlink: true, convertEol: false, scrollback: 5000 });
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(pane);
  terminals.set(id, { term, fit, tab, pane, node });
  focusTerminal(id);
  term.onData((data) => send({ op: 'input', term: id, data }));
  term.onResize(({ cols, rows }) => send({ op: 'resize', term: id, cols, rows }));
  send({ op: 'open', term: id, node, cols: term.cols, rows: term.rows });
  tab.onclick = () => focusTerminal(id);
  tab.querySelector('button').onclick = (ev) => { ev.stopPropagation(); closeTerminal(id); };
}

function focusTerminal(id) {
  for (const [tid, t] of terminals) {
    const on = tid === id;
    t.pane.hidden = !on; t.tab.setAttribute('aria-selected', String(on));
    if (on) { t.fit.fit(); t.term.focus(); }
  }
}

function closeTerminal(id) {
  const t = terminals.get(id);
  if (!t) return;
  send({ op: 'close', term: id }); // the shell ends with its terminal
  t.term.dispose(); t.tab.remove(); t.pane.remove();
  terminals.delete(id);
  if (terminals.size) focusTerminal([...terminals.keys()].pop()); else $('terminals').hidden = true;
}

new ResizeObserver(() => fitPicture()).observe($('graph'));
window.addEventListener('resize', () => { for (const t of terminals.values()) if (!t.pane.hidden) t.fit.fit(); });
$('lab').onchange = (e) => watch(e.target.value);
// What the page came with (the labs, the first lab's topology): drawn before the socket is open.
const first = $('first');
try {
  if (first) for (const msg of JSON.parse(first.textContent)) handlers[msg.type](msg);
} catch (e) {
  state.topo = null; // asked for again once the socket is open
  status(`cannot draw the lab: ${e.message}`);
}
// Leaving the page ends its shells: the socket is closed here, since a browser may keep the page,
// socket and all, to come back to (the back/forward cache). Back on it, the page connects again.
// (With no code: a script may send only 1000 or 3000-4999, not 1001 "going away".)
window.addEventListener('pagehide', () => { if (ws) ws.close(); });
window.addEventListener('pageshow', (e) => {
  if (!e.persisted) return;
  for (const id of [...terminals.keys()]) closeTerminal(id);
  state.lab = null; // the first labs message then watches the lab again
  connect();
});
connect();
// A terminal's size as stty prints it (rows, then columns).
const termSize = (node) => { for (const t of terminals.values()) if (t.node === node) return `${t.term.rows} ${t.term.cols}`; return null; };
window.nslabPage = { get picture() { return state.picture; }, openTerminal, termSize, timings }; // for the tests (WebPageTest) and the curious
