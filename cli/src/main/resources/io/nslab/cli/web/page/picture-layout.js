// nslab web: where the picture puts each vertex (both pictures, picture-cytoscape.js and
// picture-canvas.js, take these positions). A pure function of the topology; app.js calls it.

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
