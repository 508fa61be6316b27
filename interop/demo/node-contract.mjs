// The demo's contract (namespaces / and /chat), checked with the official Node client socket.io-client 4.8,
// over websocket only, polling only, and polling with upgrade; plus the client files served at /socket.io/.
//   node demo/node-contract.mjs <base url>
import { io } from 'socket.io-client';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { run, check, deepEqual, finish, sleep, next, until, nextPayload, withoutOffset, OFFSET } from '../lib/harness.mjs';

const base = (process.argv[2] || 'http://127.0.0.1:3000').replace(/\/$/, '');
const MODES = {
  websocket: { transports: ['websocket'] },
  polling: { transports: ['polling'] },
  upgrade: { transports: ['polling', 'websocket'] },
};
const open = [];

function client(nsp, mode, extra = {}) {
  const s = io(base + nsp, { ...MODES[mode], forceNew: true, reconnection: false, ...extra });
  open.push(s);
  return s;
}

async function connected(s, mode) {
  if (!s.connected) await next(s, 'connect');
  if (mode === 'upgrade') {
    const engine = s.io.engine;
    if (engine.transport.name !== 'websocket') await next(engine, 'upgrade');
    check(engine.transport.name === 'websocket', 'no upgrade');
  } else {
    check(s.io.engine.transport.name === mode, `transport ${s.io.engine.transport.name}`);
  }
  return s;
}

/**
 * A fixed-rate schedule of `every` ms started after `since` (Date.now() before the request) has sent at most
 * (now - since) / every numbers by now, however loaded the machine (it runs late, never early); `extra` allows for a
 * number of a replaced schedule still in flight.
 */
function checkAtMost(count, since, every, extra, what) {
  const elapsed = performance.now() - since;
  const most = Math.floor(elapsed / every) + extra;
  check(count <= most, `${what}: ${count} numbers within ${Math.round(elapsed)} ms at ${every} ms (at most ${most})`);
}

/** Collects 'toma un random' payloads. */
function collect(s) {
  const got = [];
  s.on('toma un random', (d) => got.push({ at: performance.now(), d }));
  return got;
}

function checkNumbers(list) {
  for (const { d } of list) {
    check(d && typeof d === 'object' && Object.keys(d).join() === 'numero', `payload ${JSON.stringify(d)}`);
    check(Number.isInteger(d.numero) && d.numero >= 1 && d.numero <= 1000, `numero ${d.numero}`);
  }
}

const INVALID = [49, 0, -100, 600001, 1e12, 100.5, '1000', 'abc', null, true, {}, [100], { cada: 100 }];

for (const mode of Object.keys(MODES)) {
  await run(`[${mode}] / sends bienvenida on connection`, async () => {
    const s = client('/', mode);
    const welcome = next(s, 'bienvenida');
    await connected(s, mode);
    const [payload, offset] = await welcome;
    deepEqual(payload, { digo: 'Hola cliente WS!' }, 'bienvenida');
    check(OFFSET.test(offset), `bienvenida carries its offset (connection state recovery is on): ${offset}`);
    s.close();
  });

  await run(`[${mode}] / quiero un random: ack, periodic numbers, replacement, invalid input`, async () => {
    const s = await connected(client('/', mode), mode);
    const got = collect(s);
    const t100 = performance.now();
    deepEqual(await s.timeout(3000).emitWithAck('quiero un random', 100), { cada: 100 }, 'ack');
    // ten numbers come (late on a loaded machine), and not sooner than the schedule allows
    await until(() => got.length >= 10, () => `${got.length} numbers at 100 ms`);
    checkAtMost(got.length, t100, 100, 0, '100 ms schedule');
    check(got[9].at - t100 >= 1000, `the 10th number of a 100 ms schedule after ${Math.round(got[9].at - t100)} ms`);
    checkNumbers(got);
    // a new valid request replaces the schedule (the old one is cancelled before the ack; one number of it may still
    // be on its way)
    const t400 = performance.now();
    deepEqual(await s.timeout(3000).emitWithAck('quiero un random', 400), { cada: 400 }, 'ack 400');
    got.length = 0;
    // invalid requests (with an ack) are refused and keep the 400 ms schedule
    for (const bad of INVALID) {
      const res = await s.timeout(3000).emitWithAck('quiero un random', bad);
      check(res && typeof res.error === 'string' && res.error.length > 0 && Object.keys(res).join() === 'error',
        `ack for ${JSON.stringify(bad)}: ${JSON.stringify(res)}`);
    }
    const noArg = await s.timeout(3000).emitWithAck('quiero un random');
    check(noArg && typeof noArg.error === 'string', `ack without argument: ${JSON.stringify(noArg)}`);
    // the scenario: listen to the schedule for 1300 ms. Still the 400 ms one: no more numbers than it can have sent
    // since it started (a schedule restarted by an invalid value, e.g. 49 ms, sends far more), and it goes on
    await sleep(1300);
    await until(() => got.length >= 2, () => `${got.length} numbers at 400 ms`);
    checkAtMost(got.length, t400, 400, 1, '400 ms schedule after invalid requests');
    checkNumbers(got);
    check(s.connected, 'disconnected by invalid input');
    s.close();
  });

  await run(`[${mode}] / invalid without an ack gets 'random rechazado'`, async () => {
    const s = await connected(client('/', mode), mode);
    const got = collect(s);
    for (const bad of ['abc', 10, 600001, 3.5, null]) {
      const refused = nextPayload(s, 'random rechazado');
      s.emit('quiero un random', bad);
      const r = await refused;
      check(r && typeof r.motivo === 'string' && r.motivo.length > 0 && Object.keys(r).join() === 'motivo',
        `random rechazado for ${JSON.stringify(bad)}: ${JSON.stringify(r)}`);
    }
    // the scenario: 300 ms of silence, 30 periods of the fastest value refused above
    await sleep(300);
    check(got.length === 0, 'invalid input started a schedule');
    // the bounds are valid
    deepEqual(await s.timeout(3000).emitWithAck('quiero un random', 600000), { cada: 600000 }, 'ack 600000');
    const t50 = performance.now();
    deepEqual(await s.timeout(3000).emitWithAck('quiero un random', 50), { cada: 50 }, 'ack 50');
    await until(() => got.length >= 3, () => `${got.length} numbers at 50 ms`);
    checkAtMost(got.length, t50, 50, 0, '50 ms schedule');
    s.emit('quiero un random', 600000); // valid, no ack: nothing is emitted back
    check(s.connected, 'disconnected');
    s.close();
  });

  await run(`[${mode}] /chat refuses a missing or bad name with "name required"`, async () => {
    for (const auth of [undefined, {}, { name: '' }, { name: 'x'.repeat(33) }, { name: 42 }, { name: null }, { nombre: 'a' }]) {
      const s = client('/chat', mode, auth === undefined ? {} : { auth });
      const err = await next(s, 'connect_error');
      check(err.message === 'name required', `auth ${JSON.stringify(auth)}: ${err.message}`);
      s.close();
    }
    const ok = client('/chat', mode, { auth: { name: 'y'.repeat(32) } });
    await connected(ok, mode);
    const emoji = client('/chat', mode, { auth: { name: '😀'.repeat(32) } });
    await connected(emoji, mode);
    ok.close();
    emoji.close();
  });

  await run(`[${mode}] /chat join, say, leave, disconnect`, async () => {
    const room = `sala-${mode}`;
    const zed = await connected(client('/chat', mode, { auth: { name: 'zed' } }), mode);
    const amy = await connected(client('/chat', mode, { auth: { name: 'amy' } }), mode);
    const bob = await connected(client('/chat', mode, { auth: { name: 'bob' } }), mode);
    const seen = { zed: [], amy: [], bob: [] };
    for (const [n, s] of [['zed', zed], ['amy', amy], ['bob', bob]]) {
      s.onAny((ev, ...args) => seen[n].push([ev, ...withoutOffset(args)]));
    }
    deepEqual(await zed.timeout(3000).emitWithAck('join', room), { room, members: ['zed'] }, 'zed join');
    const joined = nextPayload(zed, 'joined');
    deepEqual(await amy.timeout(3000).emitWithAck('join', room), { room, members: ['amy', 'zed'] }, 'amy join');
    deepEqual(await joined, { room, name: 'amy' }, 'joined');
    // joining twice is harmless
    deepEqual(await amy.timeout(3000).emitWithAck('join', room), { room, members: ['amy', 'zed'] }, 'amy join again');

    deepEqual(await amy.timeout(3000).emitWithAck('say', { room, text: 'hola' }), { ok: true }, 'say ack');
    const said = { room, name: 'amy', text: 'hola' };
    // amy's copy comes before her ack (one socket, in order); zed's on its own socket
    deepEqual(seen.amy.filter((e) => e[0] === 'said'), [['said', said]], 'amy said');
    await until(() => seen.zed.some((e) => e[0] === 'said'), () => 'zed got no said');
    deepEqual(seen.zed.filter((e) => e[0] === 'said'), [['said', said]], 'zed said');
    check(seen.amy.filter((e) => e[0] === 'joined').length === 0, 'amy told about her own join');

    deepEqual(await bob.timeout(3000).emitWithAck('say', { room, text: 'intruso' }), { error: 'not in room' }, 'bob say');
    // had the room's 'said' gone to bob too, it would have come before this ack of a later request
    check(seen.bob.length === 0, `bob got ${JSON.stringify(seen.bob)}`);
    deepEqual(await bob.timeout(3000).emitWithAck('say', { room: bob.id, text: 'x' }), { error: 'not in room' }, 'say to own id');
    for (const bad of [null, 'texto', { room }, { text: 'x' }, { room: 5, text: 'x' }, { room, text: 7 }]) {
      const res = await amy.timeout(3000).emitWithAck('say', bad);
      check(res && typeof res.error === 'string', `say ${JSON.stringify(bad)}: ${JSON.stringify(res)}`);
    }
    for (const bad of [null, 5, '', { room }]) {
      const res = await bob.timeout(3000).emitWithAck('join', bad);
      check(res && typeof res.error === 'string', `join ${JSON.stringify(bad)}: ${JSON.stringify(res)}`);
    }
    // joining the room named after another socket's id does not reach that socket
    await bob.timeout(3000).emitWithAck('join', zed.id);
    await bob.timeout(3000).emitWithAck('say', { room: zed.id, text: 'psst' });
    // a 'said' to zed sent after that one (amy, in the shared room) is the next one zed sees
    deepEqual(await amy.timeout(3000).emitWithAck('say', { room, text: 'marca' }), { ok: true }, 'say marca');
    await until(() => seen.zed.some((e) => e[0] === 'said' && e[1].text === 'marca'), () => 'zed got no marca');
    check(!seen.zed.some((e) => e[0] === 'said' && e[1].text === 'psst'), 'private room of zed reached');

    const left = nextPayload(zed, 'left');
    amy.emit('leave', room);
    deepEqual(await left, { room, name: 'amy' }, 'left');
    deepEqual(await amy.timeout(3000).emitWithAck('say', { room, text: 'sigo?' }), { error: 'not in room' }, 'say after leave');

    // disconnecting tells each of its rooms
    await amy.timeout(3000).emitWithAck('join', room);
    await amy.timeout(3000).emitWithAck('join', 'otra');
    await zed.timeout(3000).emitWithAck('join', 'otra');
    const from = seen.zed.length; // the 'left' of amy's earlier leave is before this
    const leftsSince = () => seen.zed.slice(from).filter((e) => e[0] === 'left').map((e) => e[1])
      .sort((a, b) => a.room.localeCompare(b.room));
    amy.close();
    await until(() => leftsSince().length >= 2, () => `left on disconnect: ${JSON.stringify(leftsSince())}`);
    const want = [{ room: 'otra', name: 'amy' }, { room, name: 'amy' }].sort((a, b) => a.room.localeCompare(b.room));
    deepEqual(leftsSince(), want, 'left on disconnect');
    deepEqual(await zed.timeout(3000).emitWithAck('join', room), { room, members: ['zed'] }, 'members after disconnect');
    deepEqual(leftsSince(), want, 'left on disconnect, once');
    check(zed.connected && bob.connected, 'a client was disconnected');
    zed.close();
    bob.close();
  });
}

await run('client files: the 8 files are the npm package bytes, in every encoding', async () => {
  const require = createRequire(import.meta.url);
  const dist = path.join(path.dirname(require.resolve('socket.io-client/package.json')), 'dist');
  const version = JSON.parse(fs.readFileSync(path.join(dist, '..', 'package.json'), 'utf8')).version;
  const names = ['socket.io.js', 'socket.io.min.js', 'socket.io.esm.min.js', 'socket.io.msgpack.min.js'];
  for (const name of names.flatMap((n) => [n, n + '.map'])) {
    const expected = fs.readFileSync(path.join(dist, name));
    for (const enc of ['identity', 'gzip', 'br', 'deflate']) {
      const res = await fetch(`${base}/socket.io/${name}?t=1`, { headers: { 'accept-encoding': enc } });
      check(res.status === 200, `${name} ${enc}: ${res.status}`);
      const type = res.headers.get('content-type');
      check(type === (name.endsWith('.map') ? 'application/json; charset=utf-8' : 'application/javascript; charset=utf-8'), `type ${type}`);
      check(res.headers.get('etag') === `"${version}"`, `etag ${res.headers.get('etag')}`);
      check(res.headers.get('cache-control') === 'public, max-age=0', `cache-control ${res.headers.get('cache-control')}`);
      check((res.headers.get('content-encoding') || 'identity') === enc, `${name}: content-encoding ${res.headers.get('content-encoding')} for ${enc}`);
      // fetch() decodes the body as its content-encoding says
      const body = Buffer.from(await res.arrayBuffer());
      check(body.equals(expected), `${name} (${enc}) differs from the npm package`);
    }
    const raw = await rawGet(`/socket.io/${name}`, { 'accept-encoding': 'br' });
    check(zlib.brotliDecompressSync(raw.body).equals(expected), `${name}: raw br body differs`);
    const nm = await fetch(`${base}/socket.io/${name}`, { headers: { 'if-none-match': `W/"${version}"` } });
    check(nm.status === 304 && (await nm.arrayBuffer()).byteLength === 0, `${name}: If-None-Match -> ${nm.status}`);
  }
  // not one of the 8 names: not served (Node's engine answers 400; a 404 is fine too)
  const other = await fetch(`${base}/socket.io/socket.io.slim.js`);
  check(other.status === 400 || other.status === 404, `socket.io.slim.js -> ${other.status}`);
  const engine = await fetch(`${base}/socket.io/?EIO=4&transport=polling`);
  check(engine.status === 200 && (await engine.text()).startsWith('0{"sid":'), 'the engine still answers under the path');
});

/** A GET whose body is not decoded (node:http). */
async function rawGet(p, headers) {
  const http = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = http.get(base + p, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.setTimeout(10000, () => req.destroy(new Error('timeout')));
  });
}

for (const s of open) s.close();
finish();
