// nslab web: the terminals, one tab per shell in a node, over the page's WebSocket (app.js's
// send): xterm.js draws them; its bytes go as {op: input}, the shell's come back as binary frames.

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

// A terminal's size as stty prints it (rows, then columns).
const termSize = (node) => { for (const t of terminals.values()) if (t.node === node) return `${t.term.rows} ${t.term.cols}`; return null; };
