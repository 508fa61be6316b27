// The real Socket.IO v2 client (socket.io-client 2.5.0, Engine.IO v3) against /socket.io/ of a server implementing the
// app contract of node-server.js (README.md); a socket.io-client 4.8.4 joins it for the mixed-room case.
//   node v2-client.mjs http://127.0.0.1:<port>
// Prints "ok - <case>" / "not ok - <case>: <why>" and a closing "N passed, N failed"; exits 1 on any failure.
import { createRequire } from 'node:module';
import { run, check, deepEqual, finish, sleep, next, until } from '../lib/harness.mjs';
import { baseUrl } from './lib.mjs';

const require = createRequire(import.meta.url);
const io2 = require('socket.io-client');
const { io: io4 } = require('socket.io-client-v4');
const v2version = require('socket.io-client/package.json').version;
check(v2version === '2.5.0', `socket.io-client ${v2version}`);

const base = baseUrl('v2-client.mjs');
const opened = [];
/** A v2 client socket; every one is closed at the end. */
function client(path = '', opts = {}) {
  const s = io2(base + path, { forceNew: true, reconnection: false, timeout: 5000, ...opts });
  opened.push(s);
  return s;
}
function connected(s, ms = 5000) {
  if (s.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no connect within ${ms} ms`)), ms);
    s.once('connect', () => { clearTimeout(t); resolve(); });
    s.once('connect_error', (e) => { clearTimeout(t); reject(new Error(`connect_error ${e && e.message}`)); });
    s.once('error', (e) => { clearTimeout(t); reject(new Error(`error ${JSON.stringify(e)}`)); });
  });
}
function emitAck(s, ...args) {
  const p = new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ack for ${args[0]} within 5 s`)), 5000);
    s.emit(...args, (...answer) => { clearTimeout(t); resolve(answer); });
  });
  p.catch(() => {}); // a rejection that nobody awaits (the case failed earlier) must not end the process
  return p;
}
const hex = (b) => Buffer.from(b).toString('hex');

async function basics(s, transport) {
  await connected(s);
  check(s.io.engine.transport.name === transport, `transport ${s.io.engine.transport.name}`);
  check(s.id === s.io.engine.id, `socket id ${s.id} vs engine id ${s.io.engine.id} (v2 sockets on "/" use the engine id)`);
  const [h] = await emitAck(s, 'handshake');
  deepEqual([h.id, h.protocol, h.nsp, h.auth], [s.id, 3, '/', {}], 'server view');
  const payload = ['héllo 😀', 42, { nested: [true, null, 'x'.repeat(300)] }];
  deepEqual(await emitAck(s, 'echo', ...payload), payload, 'ack');
  const ev = next(s, 'echo');
  s.emit('echo', 'no ack', 1);
  deepEqual(await ev, ['no ack', 1], 'server event');
}

await run('websocket only: connects to "/" without a CONNECT of its own, echo with ack, server events', async () => {
  await basics(client('', { transports: ['websocket'] }), 'websocket');
});

await run('polling only (XHR): the same, then 50 acked emits in a burst and a 200 KB message with non-ASCII text', async () => {
  const s = client('', { transports: ['polling'] });
  await basics(s, 'polling');
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => emitAck(s, 'echo', i)));
  deepEqual(answers.map((a) => a[0]), Array.from({ length: 50 }, (_, i) => i), 'burst');
  const big = 'é😀ab'.repeat(40000);
  const [back] = await emitAck(s, 'echo', big);
  check(back === big, `big message: ${back && back.length} chars back, ${big.length} sent`);
  check(s.io.engine.transport.name === 'polling', 'still polling');
});

await run('polling with forceBase64 (b64=1): binary both ways as base64 packets', async () => {
  const s = client('', { transports: ['polling'], forceBase64: true });
  await connected(s);
  const [facts, reversed, nested] = await emitAck(s, 'bin', Buffer.from([1, 2, 3, 250]));
  deepEqual(facts, { length: 4, isBuffer: true }, 'server got a Buffer');
  check(hex(reversed) === 'fa030201', `reversed ${hex(reversed)}`);
  check(hex(nested.nested[0]) === '01', 'nested binary');
});

await run('default transports: polling, then the upgrade to websocket; emits before and after it all acked in order', async () => {
  const s = client();
  let first = null;
  const upgraded = new Promise((resolve) => s.io.on('open', () => {
    first = s.io.engine.transport.name;
    s.io.engine.once('upgrade', (t) => resolve(t.name));
  }));
  const acks = [];
  for (let i = 0; i < 20; i++) acks.push(emitAck(s, 'echo', i)); // buffered until the connect
  await connected(s);
  check((await upgraded) === 'websocket', 'upgrade');
  check(first === 'polling', `first transport ${first}`);
  for (let i = 20; i < 40; i++) acks.push(emitAck(s, 'echo', i));
  deepEqual((await Promise.all(acks)).map((a) => a[0]), Array.from({ length: 40 }, (_, i) => i), 'acks');
  check(s.io.engine.transport.name === 'websocket', 'websocket after the upgrade');
});

await run('binary on websocket: Buffer in, binary ack out (nested), and a binary ack from the client to the server', async () => {
  const s = client('', { transports: ['websocket'] });
  await connected(s);
  const [facts, reversed, nested] = await emitAck(s, 'bin', Buffer.from([9, 8, 7]));
  deepEqual(facts, { length: 3, isBuffer: true }, 'facts');
  check(hex(reversed) === '070809' && hex(nested.nested[0]) === '09', `${hex(reversed)} ${hex(nested.nested[0])}`);
  s.on('question', (q, ack) => ack(Buffer.from(q), 'text'));
  const answer = next(s, 'answer');
  s.emit('ask', 'ab');
  const [bin, t] = await answer;
  check(Buffer.isBuffer(bin) && hex(bin) === '6162' && t === 'text', `answer ${JSON.stringify(await answer)}`);
});

// (engine.io-parser 2.2.1, the Node side of socket.io-client 2.5.0, writes a Uint8Array as text: only Buffer and
// ArrayBuffer are binary for it)
await run('binary on XHR polling: a Buffer and an ArrayBuffer in, binary payloads out', async () => {
  const s = client('', { transports: ['polling'] });
  await connected(s);
  let [facts, reversed] = await emitAck(s, 'bin', Buffer.from([5, 6]));
  check(facts.length === 2 && hex(reversed) === '0605', `${JSON.stringify(facts)} ${hex(reversed)}`);
  [facts, reversed] = await emitAck(s, 'bin', Uint8Array.from([1, 0, 255]).buffer);
  check(facts.length === 3 && hex(reversed) === 'ff0001', `${JSON.stringify(facts)} ${hex(reversed)}`);
});

await run('server-to-client acks: the server asks, the client answers through the ack', async () => {
  const s = client('', { transports: ['websocket'] });
  await connected(s);
  s.on('question', (q, ack) => ack(`${q}!`, { n: 1 }));
  const answer = next(s, 'answer');
  s.emit('ask', 'why');
  deepEqual(await answer, ['why!', { n: 1 }], 'answer');
});

await run('namespace /chat?name=x: the query is the auth of a v2 client; the chat works', async () => {
  const s = client('/chat?name=x', { transports: ['websocket'] });
  const welcome = next(s, 'welcome');
  await connected(s);
  const w = await welcome;
  deepEqual([w.name, w.auth], ['x', { name: 'x' }], 'welcome');
  check(w.id === `/chat#${s.io.engine.id}` && s.id === w.id, `ids ${w.id} ${s.id}`);
  const said = next(s, 'said');
  s.emit('say', 'hola');
  deepEqual(await said, { name: 'x', text: 'hola' }, 'said');
});

await run('namespace refused by a middleware: the v2 client gets an `error` event with the message (no connect)', async () => {
  const s = client('/private', { transports: ['polling'] });
  const err = await next(s, 'error');
  check(err === 'not allowed', `error ${JSON.stringify(err)}`);
  check(!s.connected, 'not connected');
  await sleep(300);
  check(s.io.engine.readyState === 'open', `the Engine.IO connection stays open: ${s.io.engine.readyState}`);
});

await run('refused with err.data: the `error` event carries the data object', async () => {
  const s = client('/private-data', { transports: ['websocket'] });
  deepEqual(await next(s, 'error'), { code: 42, why: 'no token' }, 'error');
});

await run('unknown namespace: `error` event with {message: "Invalid namespace"}', async () => {
  const s = client('/nope', { transports: ['websocket'] });
  deepEqual(await next(s, 'error'), { message: 'Invalid namespace' }, 'error');
});

await run('server-side disconnect: `disconnect` with "io server disconnect"', async () => {
  const s = client('', { transports: ['websocket'] });
  await connected(s);
  const d = next(s, 'disconnect');
  s.emit('disconnect-me');
  check((await d) === 'io server disconnect', `reason ${await d}`);
});

await run('heartbeat: the client pings every pingInterval (1000 ms) and gets pongs; still connected after 2.5 s', async () => {
  const s = client('', { transports: ['websocket'] });
  await connected(s);
  let pongs = 0;
  s.on('pong', () => { pongs++; });
  await sleep(2500);
  check(pongs >= 2, `${pongs} pongs`);
  check(s.connected, 'connected');
  deepEqual(await emitAck(s, 'echo', 'alive'), ['alive'], 'echo');
});

await run('a v2 and a v4 client in one room get one broadcast each (with binary), exactly once', async () => {
  const a = client('', { transports: ['websocket'] });
  const b = client('', { transports: ['polling'] });
  const c = io4(base, { forceNew: true, reconnection: false, transports: ['websocket'] });
  opened.push(c);
  await Promise.all([connected(a), connected(b), new Promise((r) => c.on('connect', r))]);
  for (const s of [a, b, c]) await emitAck(s, 'join', 'r');
  const got = { a: [], b: [], c: [] };
  a.on('room-news', (...x) => got.a.push(x));
  b.on('room-news', (...x) => got.b.push(x));
  c.on('room-news', (...x) => got.c.push(x));
  await emitAck(c, 'to-room', 'r', 'news', Buffer.from([1, 2]), { ü: '😀' });
  await until(() => got.a.length && got.b.length && got.c.length, () => `received ${JSON.stringify(got)}`, 5000);
  await sleep(300);
  for (const k of ['a', 'b', 'c']) {
    check(got[k].length === 1, `${k} got ${got[k].length} copies`);
    const [t, bin, o] = got[k][0];
    check(t === 'news' && hex(bin) === '0102' && o['ü'] === '😀', `${k}: ${JSON.stringify(got[k][0])}`);
  }
});

for (const s of opened) s.close();
await sleep(50);
finish();
