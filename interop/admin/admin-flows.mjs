// The admin UI protocol (@socket.io/admin-ui 0.5.x) against Enlace, with socket.io-client 4.8 acting as the UI and as
// the application's clients. Driven by enlace-admin's AdminUiFlowsTest, which starts three Enlace servers:
//   node admin/admin-flows.mjs <main url> <read-only production url> <no-auth url>
// main: development mode, basic auth admin/s3cret, serverId "enlace-test"; the application namespace "/" greets each
// socket with "welcome" and answers "hello", "join", "leave", "set-data" and "rooms" (acks).
// Prints "ok - <case>" / "not ok - <case>: <why>" and a closing "N passed, N failed"; exits 1 on any failure.
// Talks to the given (loopback) servers only.
import { io } from 'socket.io-client';
import { run, check, deepEqual, finish, next } from '../lib/harness.mjs';

const [main, readonlyUrl, noAuthUrl] = process.argv.slice(2);
const FEATURES = ['EMIT', 'JOIN', 'LEAVE', 'DISCONNECT', 'MJOIN', 'MLEAVE', 'MDISCONNECT', 'AGGREGATED_EVENTS', 'ALL_EVENTS'];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const opened = [];

/** Every event a socket got, in order, with waiters. */
class Recorder {
  constructor(socket) {
    this.socket = socket;
    this.events = [];
    this.waiters = [];
    socket.onAny((ev, ...args) => {
      const e = { ev, args };
      this.events.push(e);
      for (const w of [...this.waiters]) if (w.match(e)) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(e.args); }
    });
  }

  /** The args of the first event `ev` (already got or to come) for which `pred(args)` holds. */
  wait(ev, pred = () => true, ms = 6000) {
    const match = (e) => e.ev === ev && pred(e.args);
    const found = this.events.find(match);
    if (found) return Promise.resolve(found.args);
    return new Promise((resolve, reject) => {
      const w = { match, resolve };
      this.waiters.push(w);
      setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) { this.waiters.splice(i, 1); reject(new Error(`no '${ev}' matching within ${ms} ms; got: ${this.names()}`)); }
      }, ms);
    });
  }

  has(ev, pred = () => true) { return this.events.some((e) => e.ev === ev && pred(e.args)); }

  names() { return this.events.map((e) => e.ev).join(', '); }
}

function connect(url, nsp, opts = {}) {
  const s = io(url + nsp, { forceNew: true, reconnection: false, transports: ['websocket'], ...opts });
  opened.push(s);
  return s;
}

/** Connects a UI; resolves with its recorder once connected, rejects with the connect_error message. */
function ui(url, auth, opts = {}) {
  const s = connect(url, '/admin', { auth, ...opts });
  const r = new Recorder(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(r));
    s.once('connect_error', (e) => { s.disconnect(); reject(new Error(e.message)); });
  });
}

/** Connects an application client to "/" and waits for its welcome. */
async function app(url, opts = {}) {
  const s = connect(url, '/', opts);
  const r = new Recorder(s);
  await new Promise((resolve, reject) => {
    s.once('connect', resolve);
    s.once('connect_error', (e) => reject(new Error('app connect_error ' + e.message)));
  });
  await r.wait('welcome');
  return r;
}

async function refused(url, auth) {
  try {
    await ui(url, auth);
  } catch (e) {
    return e.message;
  }
  throw new Error('the admin namespace accepted ' + JSON.stringify(auth));
}

const creds = { username: 'admin', password: 's3cret' };
let admin; // the main UI, logged in with the password
let appA; // an application client connected before the UI
let sessionId;

await run('wrong password is refused with invalid credentials', async () => {
  deepEqual(await refused(main, { username: 'admin', password: 'nope' }), 'invalid credentials', 'connect_error');
  deepEqual(await refused(main, { username: 'root', password: 's3cret' }), 'invalid credentials', 'connect_error (user)');
});

await run('no credentials are refused with invalid credentials', async () => {
  deepEqual(await refused(main, {}), 'invalid credentials', 'connect_error');
});

await run('login: session id, config with every feature, all_sockets', async () => {
  appA = await app(main);
  admin = await ui(main, creds);
  [sessionId] = await admin.wait('session');
  check(/^[0-9a-f]{16}$/.test(sessionId), 'session id ' + sessionId);
  const [config] = await admin.wait('config');
  deepEqual(config, { supportedFeatures: FEATURES }, 'config');
  const [sockets] = await admin.wait('all_sockets');
  const a = sockets.find((s) => s.id === appA.socket.id);
  check(a, 'all_sockets lacks the application socket: ' + JSON.stringify(sockets));
  deepEqual([a.nsp, a.transport, a.clientId.length, a.rooms], ['/', 'websocket', 12, [appA.socket.id]], 'serialized socket');
  deepEqual([a.handshake.query.EIO, a.handshake.query.transport, a.handshake.address], ['4', 'websocket', '127.0.0.1'], 'handshake');
  check(a.handshake.headers.host && ISO.test(new Date(a.handshake.issued).toISOString()) && a.handshake.url.startsWith('/socket.io/'),
    'handshake ' + JSON.stringify(a.handshake));
  check(sockets.some((s) => s.id === admin.socket.id && s.nsp === '/admin'), 'all_sockets lacks the admin socket');
  check(admin.events.findIndex((e) => e.ev === 'session') < admin.events.findIndex((e) => e.ev === 'config'), 'session after config');
});

await run('the session id logs in again (no new session)', async () => {
  const again = await ui(main, { sessionId });
  const [config] = await again.wait('config');
  deepEqual(config.supportedFeatures, FEATURES, 'features');
  check(!again.has('session'), 'a new session was sent: ' + again.names());
  again.socket.disconnect();
});

await run('an unknown session id is refused with invalid credentials', async () => {
  deepEqual(await refused(main, { sessionId: '0123456789abcdef' }), 'invalid credentials', 'connect_error');
});

await run('server_stats every 2 s with the aggregated events', async () => {
  const first = await admin.wait('server_stats', ([s]) => s.serverId === 'enlace-test', 4000);
  const seen = admin.events.filter((e) => e.ev === 'server_stats').length;
  const t0 = Date.now();
  const second = await admin.wait('server_stats', () => admin.events.filter((e) => e.ev === 'server_stats').length > seen, 4000);
  const gap = Date.now() - t0;
  check(gap <= 3000, 'next server_stats after ' + gap + ' ms');
  for (const s of [first[0], second[0]]) {
    check(s.serverId === 'enlace-test' && typeof s.hostname === 'string' && Number.isInteger(s.pid) && typeof s.uptime === 'number',
      'stats ' + JSON.stringify(s));
    check(s.clientsCount >= 2 && Number.isInteger(s.pollingClientsCount), 'counts ' + JSON.stringify(s));
    check(s.namespaces.some((n) => n.name === '/' && n.socketsCount >= 1) && s.namespaces.some((n) => n.name === '/admin'),
      'namespaces ' + JSON.stringify(s.namespaces));
  }
  const types = new Set();
  for (const e of admin.events) if (e.ev === 'server_stats') for (const a of e.args[0].aggregatedEvents) {
    check(a.timestamp % 1000 === 0 && a.count > 0, 'aggregated event ' + JSON.stringify(a));
    types.add(a.type);
  }
  for (const t of ['rawConnection', 'rawDisconnection', 'packetsIn', 'packetsOut', 'bytesIn', 'bytesOut']) {
    check(types.has(t), 'no ' + t + ' in aggregatedEvents: ' + [...types]);
  }
});

let appB;
await run('socket_connected, room_joined and socket_updated (upgrade) for a new socket', async () => {
  appB = await app(main, { transports: ['polling', 'websocket'] });
  const id = appB.socket.id;
  const [nsp, room, sid, date] = await admin.wait('room_joined', (a) => a[2] === id);
  deepEqual([nsp, room, sid], ['/', id, id], 'room_joined');
  check(ISO.test(date), 'date ' + date);
  const [socket, when] = await admin.wait('socket_connected', ([s]) => s.id === id);
  deepEqual([socket.nsp, socket.transport, socket.rooms, socket.data], ['/', 'polling', [id], {}], 'socket_connected');
  check(ISO.test(when), 'date ' + when);
  const [update] = await admin.wait('socket_updated', ([u]) => u.id === id && u.transport);
  deepEqual(update, { id, nsp: '/', transport: 'websocket' }, 'socket_updated');
});

await run('event_sent and event_received', async () => {
  const id = appB.socket.id;
  const [nsp, sid, args, date] = await admin.wait('event_sent', (a) => a[1] === id);
  deepEqual([nsp, sid, args], ['/', id, ['welcome', { id }]], 'event_sent');
  check(ISO.test(date), 'date ' + date);
  deepEqual(await appB.socket.emitWithAck('hello', 1), 'hi 1', 'ack');
  const received = await admin.wait('event_received', (a) => a[1] === id);
  deepEqual(received.slice(0, 3), ['/', id, ['hello', 1]], 'event_received');
  check(ISO.test(received[3]), 'date ' + received[3]);
});

await run('room_joined and room_left as a socket joins and leaves', async () => {
  const id = appB.socket.id;
  await appB.socket.emitWithAck('join', 'r1');
  deepEqual((await admin.wait('room_joined', (a) => a[1] === 'r1')).slice(0, 3), ['/', 'r1', id], 'room_joined');
  await appB.socket.emitWithAck('leave', 'r1');
  deepEqual((await admin.wait('room_left', (a) => a[1] === 'r1')).slice(0, 3), ['/', 'r1', id], 'room_left');
});

await run('socket_updated when the socket data changes', async () => {
  const id = appB.socket.id;
  await appB.socket.emitWithAck('set-data', { name: 'bee' });
  const [update] = await admin.wait('socket_updated', ([u]) => u.id === id && u.data);
  deepEqual(update, { id, nsp: '/', data: { name: 'bee' } }, 'socket_updated');
});

await run('command emit: to the namespace, then to a room only', async () => {
  admin.socket.emit('emit', '/', null, 'from-admin', 1, 'two');
  deepEqual(await appA.wait('from-admin'), [1, 'two'], 'A got');
  deepEqual(await appB.wait('from-admin'), [1, 'two'], 'B got');
  await appB.socket.emitWithAck('join', 'r2');
  admin.socket.emit('emit', '/', 'r2', 'to-room', 3);
  admin.socket.emit('emit', '/', '', 'after', 4); // same UI socket, handled in order: A gets "after" and never "to-room"
  deepEqual(await appB.wait('to-room'), [3], 'B got');
  await appA.wait('after');
  check(!appA.has('to-room'), 'A, not in r2, got to-room');
});

await run('command join and leave: everyone, then a room only', async () => {
  admin.socket.emit('join', '/', 'vip');
  await admin.wait('room_joined', (a) => a[1] === 'vip' && a[2] === appA.socket.id);
  await admin.wait('room_joined', (a) => a[1] === 'vip' && a[2] === appB.socket.id);
  check((await appA.socket.emitWithAck('rooms')).includes('vip'), 'A not in vip');
  admin.socket.emit('join', '/', 'vip2', 'r2');
  await admin.wait('room_joined', (a) => a[1] === 'vip2' && a[2] === appB.socket.id);
  check(!(await appA.socket.emitWithAck('rooms')).includes('vip2'), 'A (not in r2) joined vip2');
  check((await appB.socket.emitWithAck('rooms')).includes('vip2'), 'B not in vip2');
  admin.socket.emit('leave', '/', 'vip', 'r2');
  await admin.wait('room_left', (a) => a[1] === 'vip' && a[2] === appB.socket.id);
  check((await appA.socket.emitWithAck('rooms')).includes('vip'), 'A (not in r2) left vip');
  admin.socket.emit('leave', '/', 'vip');
  await admin.wait('room_left', (a) => a[1] === 'vip' && a[2] === appA.socket.id);
  check(!(await appA.socket.emitWithAck('rooms')).includes('vip'), 'A still in vip');
});

await run('command _disconnect: a room, then everyone with close', async () => {
  const idA = appA.socket.id;
  const idB = appB.socket.id;
  const bGone = next(appB.socket, 'disconnect');
  admin.socket.emit('_disconnect', '/', false, 'r2');
  const [why] = [].concat(await bGone); // (reason, details)
  deepEqual(why, 'io server disconnect', 'B disconnect reason');
  const [nsp, sid, reason, date] = await admin.wait('socket_disconnected', (a) => a[1] === idB);
  deepEqual([nsp, sid, reason], ['/', idB, 'server namespace disconnect'], 'socket_disconnected');
  check(ISO.test(date), 'date ' + date);
  check(appA.socket.connected, 'A (not in r2) was disconnected');
  const aGone = next(appA.socket, 'disconnect');
  admin.socket.emit('_disconnect', '/', true);
  await aGone;
  await admin.wait('socket_disconnected', (a) => a[1] === idA);
});

await run('socket_disconnected when a client leaves', async () => {
  const c = await app(main);
  const id = c.socket.id;
  c.socket.disconnect();
  deepEqual((await admin.wait('socket_disconnected', (a) => a[1] === id)).slice(0, 3), ['/', id, 'client namespace disconnect'],
    'socket_disconnected');
});

await run('read-only production mode: aggregated events only, commands refused', async () => {
  const ro = await ui(readonlyUrl, creds);
  const [config] = await ro.wait('config');
  deepEqual(config, { supportedFeatures: ['AGGREGATED_EVENTS'] }, 'config');
  const d = await app(readonlyUrl);
  ro.socket.emit('emit', '/', null, 'read-only-emit', 1);
  ro.socket.emit('_disconnect', '/', true);
  const [stats] = await ro.wait('server_stats', ([s]) => s.serverId === 'enlace-readonly', 4000);
  check(stats.namespaces.some((n) => n.name === '/'), 'stats ' + JSON.stringify(stats));
  await new Promise((r) => setTimeout(r, 1000)); // a refused command never arrives: give it a second
  check(!d.has('read-only-emit') && d.socket.connected, 'a read-only UI drove a socket');
  check(!ro.has('all_sockets') && !ro.has('socket_connected') && !ro.has('event_sent'), 'per-socket events in production: ' + ro.names());
});

await run('no auth: the UI connects without credentials and gets no session', async () => {
  const open = await ui(noAuthUrl, {});
  const [config] = await open.wait('config');
  deepEqual(config.supportedFeatures, FEATURES, 'features');
  check(!open.has('session'), 'session sent without auth');
  await open.wait('all_sockets');
});

for (const s of opened) s.disconnect();
finish();
