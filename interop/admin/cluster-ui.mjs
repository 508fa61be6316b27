// One admin UI over a mixed Redis cluster: an Enlace demo node and a Node socket.io node (admin-node.mjs), both
// instrumented for @socket.io/admin-ui (user admin, password s3cret) on the classic Redis adapter. socket.io-client 4.8
// acts as the UI and as the applications' clients. Driven by enlace-demo's AdminClusterTest.
//   node admin/cluster-ui.mjs <enlace url> <node url> <enlace serverId> <node serverId>
// Prints "ok - <case>" / "not ok - <case>: <why>" and a closing "N passed, N failed"; exits 1 on any failure.
import { io } from 'socket.io-client';
import { run, check, deepEqual, finish, next, withoutOffset } from '../lib/harness.mjs';

const [enlace, node, enlaceId, nodeId] = process.argv.slice(2);
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const opened = [];

class Recorder {
  constructor(socket) {
    this.socket = socket;
    this.events = [];
    this.waiters = [];
    socket.onAny((ev, ...args) => {
      // the demo has connection state recovery on: its events carry an offset as their last argument
      const e = { ev, args: withoutOffset(args) };
      this.events.push(e);
      for (const w of [...this.waiters]) if (w.match(e)) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(e.args); }
    });
  }

  wait(ev, pred = () => true, ms = 8000) {
    const match = (e) => e.ev === ev && pred(e.args);
    const found = this.events.find(match);
    if (found) return Promise.resolve(found.args);
    return new Promise((resolve, reject) => {
      const w = { match, resolve };
      this.waiters.push(w);
      setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) { this.waiters.splice(i, 1); reject(new Error(`no '${ev}' matching within ${ms} ms; got: ${this.events.map((x) => x.ev)}`)); }
      }, ms);
    });
  }
}

function connect(url, nsp, opts = {}) {
  const s = io(url + nsp, { forceNew: true, reconnection: false, transports: ['websocket'], ...opts });
  opened.push(s);
  const r = new Recorder(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(r));
    s.once('connect_error', (e) => reject(new Error(url + nsp + ': ' + e.message)));
  });
}

const ui = (url) => connect(url, '/admin', { auth: { username: 'admin', password: 's3cret' } });

let uiEnlace;
let uiNode;
let x; // an application client of the Node node
let y; // an application client of the Enlace node

await run('the UI on the Enlace node lists both servers', async () => {
  uiEnlace = await ui(enlace);
  await uiEnlace.wait('server_stats', ([s]) => s.serverId === enlaceId);
  const [n] = await uiEnlace.wait('server_stats', ([s]) => s.serverId === nodeId);
  check(n.namespaces.some((ns) => ns.name === '/admin'), 'node stats ' + JSON.stringify(n));
});

await run('the UI on the Node node lists both servers', async () => {
  uiNode = await ui(node);
  await uiNode.wait('server_stats', ([s]) => s.serverId === nodeId);
  const [e] = await uiNode.wait('server_stats', ([s]) => s.serverId === enlaceId);
  check(typeof e.uptime === 'number' && Number.isInteger(e.clientsCount) && e.namespaces.some((ns) => ns.name === '/chat'),
    'enlace stats ' + JSON.stringify(e));
});

await run('all_sockets spans both nodes, from either UI', async () => {
  x = await connect(node, '/');
  y = await connect(enlace, '/');
  const fromEnlace = await ui(enlace);
  const [list] = await fromEnlace.wait('all_sockets');
  const xs = list.find((s) => s.id === x.socket.id);
  const ys = list.find((s) => s.id === y.socket.id);
  check(xs && ys, 'all_sockets on Enlace lacks a node: ' + JSON.stringify(list.map((s) => s.id)));
  // the Node node's sockets carry their client id and transport in data._admin; Enlace keeps it out of the data
  deepEqual([xs.nsp, xs.transport, xs.clientId.length, ys.nsp, ys.transport], ['/', 'websocket', 12, '/', 'websocket'], 'sockets');
  check(!('_admin' in xs.data), 'data._admin shown: ' + JSON.stringify(xs.data));
  const fromNode = await ui(node);
  const [list2] = await fromNode.wait('all_sockets');
  check(list2.some((s) => s.id === y.socket.id && s.nsp === '/'), 'all_sockets on Node lacks the Enlace socket');
});

await run('development events of the Node node reach the UI on the Enlace node', async () => {
  const z = await connect(node, '/');
  const zid = z.socket.id; // the client forgets its id once disconnected
  const [socket, date] = await uiEnlace.wait('socket_connected', ([s]) => s.id === zid);
  deepEqual(socket.nsp, '/', 'nsp');
  check(ISO.test(date), 'date through Redis ' + JSON.stringify(date));
  deepEqual(await z.socket.emitWithAck('hello', 5), 'hi 5', 'ack');
  const received = await uiEnlace.wait('event_received', (a) => a[1] === zid);
  deepEqual(received.slice(0, 3), ['/', zid, ['hello', 5]], 'event_received');
  z.socket.disconnect();
  await uiEnlace.wait('socket_disconnected', (a) => a[1] === zid);
});

await run('development events of the Enlace node reach the UI on the Node node', async () => {
  const w = await connect(enlace, '/');
  const wid = w.socket.id;
  const [socket] = await uiNode.wait('socket_connected', ([s]) => s.id === wid);
  deepEqual([socket.nsp, socket.transport], ['/', 'websocket'], 'socket');
  await uiNode.wait('event_sent', (a) => a[1] === wid && a[2][0] === 'bienvenida');
  w.socket.disconnect();
  const [nsp, id, reason] = await uiNode.wait('socket_disconnected', (a) => a[1] === wid);
  deepEqual([nsp, id, reason], ['/', wid, 'client namespace disconnect'], 'socket_disconnected');
});

await run('commands from the UI on the Enlace node reach sockets of both nodes', async () => {
  uiEnlace.socket.emit('emit', '/', null, 'from-ui', 1);
  deepEqual(await x.wait('from-ui'), [1], 'Node socket got');
  deepEqual(await y.wait('from-ui'), [1], 'Enlace socket got');
  uiEnlace.socket.emit('join', '/', 'room9');
  await uiEnlace.wait('room_joined', (a) => a[1] === 'room9' && a[2] === x.socket.id);
  await uiEnlace.wait('room_joined', (a) => a[1] === 'room9' && a[2] === y.socket.id);
  check((await x.socket.emitWithAck('rooms')).includes('room9'), 'the Node socket did not join room9');
  uiEnlace.socket.emit('emit', '/', 'room9', 'to-room9', 2);
  deepEqual(await x.wait('to-room9'), [2], 'Node socket in room9 got');
  deepEqual(await y.wait('to-room9'), [2], 'Enlace socket in room9 got');
});

await run('a command from the UI on the Node node disconnects a socket of the Enlace node', async () => {
  const yid = y.socket.id;
  const gone = next(y.socket, 'disconnect');
  uiNode.socket.emit('_disconnect', '/', false, yid);
  const [why] = [].concat(await gone);
  deepEqual(why, 'io server disconnect', 'reason');
  check(x.socket.connected, 'the Node socket was disconnected too');
  await uiNode.wait('socket_disconnected', (a) => a[1] === yid && a[2] === 'server namespace disconnect');
});

for (const s of opened) s.disconnect();
finish();
