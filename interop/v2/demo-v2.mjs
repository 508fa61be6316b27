// The demo (enlace-demo, with allowEIO3) as a Socket.IO v2 client sees it: socket.io-client 2.5.0 on "/" (bienvenida,
// random numbers, invalid requests) over websocket and polling, and on /chat, where it gives its name in the query
// (a v2 client cannot send an auth object) and talks in one room with a socket.io-client 4.8.4 (name in its auth).
//   node demo-v2.mjs http://127.0.0.1:<port>
// Prints "ok - <case>" / "not ok - <case>: <why>" and a closing "N passed, N failed"; exits 1 on any failure.
import { createRequire } from 'node:module';
import { run, check, deepEqual, finish, next, until, nextPayload, OFFSET } from '../lib/harness.mjs';
import { baseUrl } from './lib.mjs';

const require = createRequire(import.meta.url);
const io2 = require('socket.io-client');
const { io: io4 } = require('socket.io-client-v4');
const v2version = require('socket.io-client/package.json').version;
check(v2version === '2.5.0', `socket.io-client ${v2version}`);

const base = baseUrl('demo-v2.mjs');
const opened = [];
const common = { forceNew: true, reconnection: false, timeout: 5000 };

function v2(nsp, opts = {}) {
  const s = io2(base + nsp, { ...common, ...opts });
  opened.push(s);
  return s;
}
function v4(nsp, opts = {}) {
  const s = io4(base + nsp, { ...common, transports: ['websocket'], ...opts });
  opened.push(s);
  return s;
}
/** Resolves once a v2 or v4 socket is connected; rejects on its error/connect_error. */
function connected(s, ms = 5000) {
  if (s.connected) return Promise.resolve(s);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no connect within ${ms} ms`)), ms);
    s.once('connect', () => { clearTimeout(t); resolve(s); });
    s.once('connect_error', (e) => { clearTimeout(t); reject(new Error(`connect_error ${e && e.message}`)); });
    s.once('error', (e) => { clearTimeout(t); reject(new Error(`error ${JSON.stringify(e)}`)); });
  });
}
/** The v2 client's `error` event (what a refused namespace gives it), failing on a connect. */
function refused(s, ms = 5000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no error within ${ms} ms`)), ms);
    s.once('error', (e) => { clearTimeout(t); resolve(e); });
    s.once('connect', () => { clearTimeout(t); reject(new Error('connected')); });
  });
}
const emitAck = (s, ...args) => new Promise((resolve, reject) => {
  const t = setTimeout(() => reject(new Error(`no ack for ${args[0]} within 5 s`)), 5000);
  s.emit(...args, (answer) => { clearTimeout(t); resolve(answer); });
});

for (const transport of ['websocket', 'polling']) {
  await run(`[${transport}] / : bienvenida, the engine id as socket id, random numbers, invalid requests`, async () => {
    const s = v2('/', { transports: [transport] });
    const welcome = next(s, 'bienvenida');
    await connected(s);
    check(s.io.engine.transport.name === transport, `transport ${s.io.engine.transport.name}`);
    check(s.id === s.io.engine.id, `socket id ${s.id} vs engine id ${s.io.engine.id}`);
    const [payload, offset] = await welcome;
    deepEqual(payload, { digo: 'Hola cliente WS!' }, 'bienvenida');
    check(OFFSET.test(offset), `bienvenida carries its offset as for every client (recovery is on): ${offset}`);
    const got = [];
    s.on('toma un random', (d) => got.push(d));
    deepEqual(await emitAck(s, 'quiero un random', 100), { cada: 100 }, 'ack');
    await until(() => got.length >= 5, () => `${got.length} numbers at 100 ms`);
    for (const d of got) {
      check(d && Object.keys(d).join() === 'numero' && Number.isInteger(d.numero) && d.numero >= 1 && d.numero <= 1000,
        `payload ${JSON.stringify(d)}`);
    }
    const res = await emitAck(s, 'quiero un random', 10);
    check(res && typeof res.error === 'string' && Object.keys(res).join() === 'error', `ack for 10: ${JSON.stringify(res)}`);
    const rejected = nextPayload(s, 'random rechazado');
    s.emit('quiero un random', 'abc');
    const r = await rejected;
    check(r && typeof r.motivo === 'string' && r.motivo.length > 0, `random rechazado ${JSON.stringify(r)}`);
    check(s.connected, 'disconnected by invalid input');
    s.close();
  });
}

await run('/chat: a v2 client (name in its query) and a v4 client (name in its auth) in one room', async () => {
  const vera = await connected(v2('/chat', { transports: ['websocket'], query: { name: 'vera' } }));
  check(vera.id === `/chat#${vera.io.engine.id}`, `v2 id on /chat: ${vera.id}`);
  const cuatro = await connected(v4('/chat', { auth: { name: 'cuatro' } }));
  const room = `v2-room-${Date.now()}`;
  deepEqual(await emitAck(vera, 'join', room), { room, members: ['vera'] }, 'vera join');
  const joined = nextPayload(vera, 'joined');
  deepEqual(await emitAck(cuatro, 'join', room), { room, members: ['cuatro', 'vera'] }, 'cuatro join');
  deepEqual(await joined, { room, name: 'cuatro' }, 'joined, seen by the v2 client');
  const saidAtV4 = nextPayload(cuatro, 'said');
  const saidAtV2 = nextPayload(vera, 'said');
  deepEqual(await emitAck(vera, 'say', { room, text: 'hola 😀' }), { ok: true }, 'say ack');
  deepEqual(await saidAtV4, { room, name: 'vera', text: 'hola 😀' }, 'said at the v4 client');
  deepEqual(await saidAtV2, { room, name: 'vera', text: 'hola 😀' }, 'said at the v2 client');
  const back = nextPayload(vera, 'said');
  deepEqual(await emitAck(cuatro, 'say', { room, text: 'qué tal' }), { ok: true }, 'v4 say ack');
  deepEqual(await back, { room, name: 'cuatro', text: 'qué tal' }, 'the v4 client heard by the v2 client');
  const left = nextPayload(cuatro, 'left');
  vera.close();
  deepEqual(await left, { room, name: 'vera' }, 'left when the v2 client goes');
  cuatro.close();
});

await run('/chat: a name only in the Engine.IO handshake query (set on the Manager) is taken', async () => {
  const manager = new io2.Manager(base, { ...common, transports: ['polling'], query: { name: 'mgr' } });
  const s = manager.socket('/chat');
  opened.push(s);
  await connected(s);
  const room = `v2-mgr-${Date.now()}`;
  deepEqual(await emitAck(s, 'join', room), { room, members: ['mgr'] }, 'join');
  s.close();
  manager.engine && manager.engine.close();
});

await run('/chat: no name, or a bad one, is refused: the v2 client\'s `error` event with "name required"', async () => {
  for (const opts of [{}, { query: { name: 'x'.repeat(33) } }, { query: { name: '' } }]) {
    const s = v2('/chat', { transports: ['websocket'], ...opts });
    const e = await refused(s);
    check(e === 'name required', `${JSON.stringify(opts)}: error ${JSON.stringify(e)}`);
    check(!s.connected, 'connected');
    s.close();
  }
  // the limit is 32 code points
  const ok = await connected(v2('/chat', { transports: ['websocket'], query: { name: '😀'.repeat(32) } }));
  ok.close();
});

for (const s of opened) s.close();
finish();
