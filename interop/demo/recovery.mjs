// Connection state recovery in the demo, with the official Node client (socket.io-client 4.8): a client connected
// through a TCP proxy of ours drops for a moment (the proxy cuts its connections), then the proxy points at a server
// (the same one, or another node of the cluster) and the client reconnects by itself with its pid and offset. It must
// get its session back (same socket id, socket.recovered), the random numbers and the chat messages it missed.
//   node demo/recovery.mjs <url A> [<url B> [<url C>]]
// A: where the clients start; B (default A): where they come back (numbers and chat); C (optional): a node with the
// /chat namespace only (interop/redis/chat-node.js), where a chat client from A comes back and from where one goes to A.
//   node demo/recovery.mjs --leave <url>     a client asks for numbers, then its connection drops for good.
import { Manager, io } from 'socket.io-client';
import net from 'node:net';
import { run, check, deepEqual, finish, sleep, next, withoutOffset, OFFSET } from '../lib/harness.mjs';

const LEAVE = process.argv[2] === '--leave';
const [A, B, C] = process.argv.slice(LEAVE ? 3 : 2, 5).map((u) => u && u.replace(/\/$/, ''));
if (!A) { console.error('usage: node demo/recovery.mjs urlA [urlB [urlC]] | --leave url'); process.exit(2); }
const open = [];

/** A TCP proxy on 127.0.0.1 in front of one server; cut() drops every connection and refuses new ones until point(). */
async function proxy(url) {
  let target = new URL(url);
  let refusing = false;
  const conns = new Set();
  const server = net.createServer((c) => {
    if (refusing) { c.destroy(); return; }
    const up = net.connect(Number(target.port), target.hostname);
    conns.add(c); conns.add(up);
    const end = () => { c.destroy(); up.destroy(); conns.delete(c); conns.delete(up); };
    for (const s of [c, up]) { s.on('error', end); s.on('close', end); }
    c.pipe(up); up.pipe(c);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const p = {
    url: `http://127.0.0.1:${server.address().port}`,
    cut() { refusing = true; for (const s of conns) s.destroy(); conns.clear(); },
    point(u) { target = new URL(u); refusing = false; },
    close() { p.cut(); server.close(); },
  };
  open.push(p);
  return p;
}

function manager(url, transport) {
  const m = new Manager(url, { transports: [transport], reconnectionDelay: 100, reconnectionDelayMax: 300, randomizationFactor: 0 });
  open.push({ close: () => m.engine && m.engine.close() });
  return m;
}

/** Records every event of a socket (without the offset) with its arrival time, and each (re)connection. */
function record(s) {
  s.events = [];
  s.connects = [];
  s.onAny((ev, ...args) => {
    const last = args[args.length - 1];
    s.events.push({ ev, args: withoutOffset(args), offset: typeof last === 'string' && OFFSET.test(last) ? last : null, at: Date.now() });
  });
  s.on('connect', () => s.connects.push({ id: s.id, recovered: s.recovered, at: Date.now() }));
  open.push(s);
  return s;
}

/**
 * Over polling, a server notices a dropped client at once only when a long-poll GET was waiting (else at the ping
 * timeout, 45 s with the defaults): cut while the client has a GET out, and give it a moment to reach the server.
 */
async function settled(m) {
  if (m.engine.transport.name !== 'polling') return;
  await until(() => m.engine.transport._polling, 'a long-poll request out'); // engine.io-client 6: a GET is out
  await sleep(150);
}

async function until(fn, what, ms = 8000) {
  const end = Date.now() + ms;
  while (!fn() && Date.now() < end) await sleep(20);
  check(fn(), typeof what === 'function' ? what() : what);
}

/** A chat member connected straight to `url` (no proxy), in `room`. */
async function member(url, name, room) {
  const s = record(io(url + '/chat', { transports: ['websocket'], forceNew: true, reconnection: false, auth: { name } }));
  if (!s.connected) await next(s, 'connect', 10000);
  const ack = await s.timeout(8000).emitWithAck('join', room);
  check(ack && Array.isArray(ack.members), 'join ' + JSON.stringify(ack));
  return s;
}

if (LEAVE) {
  await run('a client asks for numbers, then drops for good', async () => {
    const p = await proxy(A);
    const s = record(io(p.url, { transports: ['websocket'], forceNew: true, reconnection: false }));
    if (!s.connected) await next(s, 'connect', 10000);
    deepEqual(await s.timeout(5000).emitWithAck('quiero un random', 100), { cada: 100 }, 'quiero un random');
    await until(() => s.events.some((e) => e.ev === 'toma un random'), 'a number');
    p.close(); // the connection drops (transport close, a reason the session may recover from)
  });
  finish();
}

const GAP_MS = 800;
const EVERY_MS = 100;

for (const transport of ['websocket', 'polling']) {
  await run(`[${transport}] numbers and chat messages missed while away are replayed (${B && B !== A ? 'on another node' : 'same node'})`, async () => {
    const room = `rec-${transport}-${Date.now()}`;
    const p = await proxy(A);
    const m = manager(p.url, transport);
    const main = record(m.socket('/'));
    const chat = record(m.socket('/chat', { auth: { name: 'ida' } }));
    main.connect(); chat.connect();
    await until(() => main.connected && chat.connected, 'connected');
    const sid = main.id;
    const chatSid = chat.id;
    deepEqual(await main.timeout(5000).emitWithAck('quiero un random', EVERY_MS), { cada: EVERY_MS }, 'quiero un random');
    deepEqual((await chat.timeout(5000).emitWithAck('join', room)).members, ['ida'], 'ida joins');
    const otro = await member(A, 'otro', room);
    await until(() => main.events.filter((e) => e.ev === 'toma un random').length >= 3, 'first numbers');
    check(main.events.every((e) => e.offset), 'every event carries its offset: ' + JSON.stringify(main.events.slice(0, 3)));

    await settled(m);
    p.cut();
    const cutAt = Date.now();
    // the server saw the chat socket go (its rooms are told), so its session is stored
    await until(() => otro.events.some((e) => e.ev === 'left' && e.args[0].name === 'ida'), () => 'otro got left: ' + JSON.stringify(otro.events));
    deepEqual(await otro.timeout(5000).emitWithAck('say', { room, text: 'mientras tanto' }), { ok: true }, 'otro says while ida is away');
    const numbersBefore = main.events.filter((e) => e.ev === 'toma un random').length;
    await sleep(Math.max(0, GAP_MS - (Date.now() - cutAt))); // the numbers go on meanwhile

    p.point(B || A);
    await until(() => main.connects.length === 2 && chat.connects.length === 2, 'reconnected');
    const back = main.connects[1];
    deepEqual({ id: back.id, recovered: back.recovered }, { id: sid, recovered: true }, '/ recovered with its id');
    deepEqual({ id: chat.connects[1].id, recovered: chat.connects[1].recovered }, { id: chatSid, recovered: true }, '/chat recovered with its id');
    // missed while away: the numbers emitted during the gap arrive together, at the reconnection
    await until(() => main.events.filter((e) => e.ev === 'toma un random' && e.at >= back.at - 5 && e.at <= back.at + 150).length >= 4,
      () => `numbers replayed at reconnection: ${main.events.filter((e) => e.ev === 'toma un random').map((e) => e.at - back.at)} (before the cut ${numbersBefore})`);
    await until(() => chat.events.some((e) => e.ev === 'said' && e.args[0].text === 'mientras tanto'), () => 'ida got ' + JSON.stringify(chat.events));
    const offsets = main.events.map((e) => e.offset);
    check(new Set(offsets).size === offsets.length, 'no event twice: ' + offsets);
    // in its room again: the room is told, and ida gets what is said now
    await until(() => otro.events.some((e) => e.ev === 'joined' && e.args[0].name === 'ida'), 'otro got joined on the recovery');
    deepEqual(await otro.timeout(5000).emitWithAck('say', { room, text: 'de vuelta' }), { ok: true }, 'say after');
    await until(() => chat.events.some((e) => e.ev === 'said' && e.args[0].text === 'de vuelta'), 'ida in the room after recovery');
    // one schedule only (the server that kept it while ida was away stopped it): about 1 number per 100 ms
    const t0 = Date.now();
    const n0 = main.events.filter((e) => e.ev === 'toma un random').length;
    await sleep(1000);
    const rate = main.events.filter((e) => e.ev === 'toma un random').length - n0;
    check(rate >= 5 && rate <= 13, `numbers in 1 s after the recovery: ${rate} (${Date.now() - t0} ms)`);
    // leave before closing the proxy (the last packets go through it): otro sees ida leave
    const lefts = otro.events.filter((e) => e.ev === 'left').length;
    main.disconnect(); chat.disconnect();
    await until(() => otro.events.filter((e) => e.ev === 'left').length > lefts, 'otro sees ida leave');
    otro.disconnect(); p.close();
  }, 30000);
}

if (C) {
  for (const [from, to, label] of [[A, C, 'Enlace -> Node'], [C, A, 'Node -> Enlace']]) {
    for (const transport of ['websocket', 'polling']) {
      await run(`[${transport}] /chat ${label}: the session and the missed messages follow the client`, async () => {
        const room = `x-${transport}-${Date.now()}`;
        const p = await proxy(from);
        const m = manager(p.url, transport);
        const chat = record(m.socket('/chat', { auth: { name: 'eva' } }));
        chat.connect();
        await until(() => chat.connected, 'connected');
        const sid = chat.id;
        await chat.timeout(5000).emitWithAck('join', room);
        const otro = await member(to, 'leo', room);
        await until(() => chat.events.some((e) => e.ev === 'joined'), 'eva told of leo');
        await settled(m);
        p.cut();
        await until(() => otro.events.some((e) => e.ev === 'left' && e.args[0].name === 'eva'), 'leo got left');
        await otro.timeout(5000).emitWithAck('say', { room, text: 'hola eva' });
        p.point(to);
        await until(() => chat.connects.length === 2, 'reconnected');
        deepEqual({ id: chat.connects[1].id, recovered: chat.connects[1].recovered }, { id: sid, recovered: true }, 'recovered');
        await until(() => chat.events.some((e) => e.ev === 'said' && e.args[0].text === 'hola eva'), () => 'eva got ' + JSON.stringify(chat.events));
        const ack = await chat.timeout(5000).emitWithAck('join', room);
        deepEqual(ack.members, ['eva', 'leo'], 'members after the recovery (socket.data.name on both kinds of node)');
        const lefts = otro.events.filter((e) => e.ev === 'left').length;
        chat.disconnect();
        await until(() => otro.events.filter((e) => e.ev === 'left').length > lefts, 'leo sees eva leave');
        otro.disconnect(); p.close();
      }, 30000);
    }
  }
}

for (const s of open) { try { s.close(); } catch (e) { /* closed */ } }
finish();
