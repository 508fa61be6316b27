// The Socket.IO v2 browser bundle (socket.io-client 2.5.0 dist/socket.io.js) in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core) against /socket.io/ of a server implementing the app contract of
// node-server.js (README.md): websocket, XHR polling with binary payloads, base64 polling, JSONP polling, the upgrade,
// binary, acks, namespaces (refused ones included), and a JSONP page and a websocket page in one room.
//   node v2-browser.mjs http://127.0.0.1:<port>
// The page and the bundle are served by the script itself (playwright routes on the server's origin, under /__v2/, so
// the server under test needs no static files and no CORS); nothing else than the server is reachable from the page.
// Prints "ok - <case>" / "not ok - <case>: <why>" and a closing "N passed, N failed"; exits 1 on any failure.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { launchChromium } from '../lib/chromium.mjs';
import { run, check, deepEqual, finish } from '../lib/harness.mjs';
import { baseUrl } from './lib.mjs';

const require = createRequire(import.meta.url);
const base = baseUrl('v2-browser.mjs');
const bundlePath = path.join(path.dirname(require.resolve('socket.io-client/package.json')), 'dist', 'socket.io.js');
const bundle = fs.readFileSync(bundlePath);
check(bundle.subarray(0, 40).toString().includes('Socket.IO v2.5.0'), 'the bundle is Socket.IO v2.5.0');
// the page comes from a playwright route, which has no address: Chromium would then treat it as a public page and block
// its WebSockets to 127.0.0.1 (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS)
const chrome = await launchChromium(chromium, { extraArgs: ['--disable-features=LocalNetworkAccessChecks'] });
const browser = chrome.browser;

const external = [];
const exchanges = []; // Engine.IO polling requests seen: {method, query, requestType, responseType}
// One promise per polling request, settled once its exchange is recorded (or it failed): a request is seen before the
// page can see its answer, but playwright reports the answer (and reads its headers) asynchronously, so a check of
// `exchanges` first waits for these (recorded()).
const recording = [];
async function recorded() {
  const all = Promise.all(recording.splice(0));
  let timer;
  const bound = new Promise((resolve, reject) => { timer = setTimeout(() => reject(new Error('polling exchanges not recorded within 10 s')), 10000); });
  try { await Promise.race([all, bound]); } finally { clearTimeout(timer); }
}
async function newPage() {
  const page = await browser.newPage();
  const errors = [];
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (!u.pathname.startsWith('/socket.io/') || u.searchParams.get('transport') !== 'polling') return;
    recording.push((async () => {
      const res = await req.response(); // null when the request failed (an aborted poll)
      if (!res) return;
      exchanges.push({ method: req.method(), query: u.searchParams, requestType: (await req.allHeaders())['content-type'] || null,
        responseType: (await res.allHeaders())['content-type'] || null });
    })().catch(() => {}));
  });
  await page.route(/.*/, (route) => {
    const u = new URL(route.request().url());
    if (u.origin === base && u.pathname === '/__v2/index.html') {
      return route.fulfill({ contentType: 'text/html; charset=utf-8', body: '<!doctype html><html><head><meta charset="utf-8"><script src="/__v2/socket.io.js"></script></head><body></body></html>' });
    }
    if (u.origin === base && u.pathname === '/__v2/socket.io.js') {
      return route.fulfill({ contentType: 'application/javascript; charset=utf-8', body: bundle });
    }
    if (u.origin === base) return route.continue();
    external.push(u.href);
    return route.abort();
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.setDefaultTimeout(15000);
  await page.goto(`${base}/__v2/index.html`);
  await page.waitForFunction(() => typeof window.io === 'function');
  // helpers inside the page
  await page.evaluate(() => {
    window.t = {
      connect(nsp, opts) {
        const s = window.io(location.origin + nsp, Object.assign({ forceNew: true, reconnection: false, timeout: 5000 }, opts));
        return s;
      },
      connected(s) {
        return new Promise((resolve, reject) => {
          if (s.connected) return resolve();
          const t = setTimeout(() => reject(new Error('no connect within 5 s')), 5000);
          s.once('connect', () => { clearTimeout(t); resolve(); });
          s.once('error', (e) => { clearTimeout(t); reject(new Error('error ' + JSON.stringify(e))); });
        });
      },
      ack(s, ...args) {
        return new Promise((resolve, reject) => {
          const t = setTimeout(() => reject(new Error('no ack for ' + args[0])), 5000);
          s.emit(...args, (...a) => { clearTimeout(t); resolve(a); });
        });
      },
      next(s, ev) {
        return new Promise((resolve, reject) => {
          const t = setTimeout(() => reject(new Error('no ' + ev)), 5000);
          s.once(ev, (...a) => { clearTimeout(t); resolve(a); });
        });
      },
      hex(b) { return Array.from(new Uint8Array(b)).map((x) => x.toString(16).padStart(2, '0')).join(''); },
    };
  });
  return { page, errors };
}

const { page, errors } = await newPage();

/** Connects with `opts`, checks the transport, echoes text (with newlines and a backslash-n) and binary. */
async function basics(opts, transport, name, wire) {
  exchanges.length = 0;
  const r = await page.evaluate(async ({ opts, transport }) => {
    const s = t.connect('/', opts);
    await t.connected(s);
    const out = { transport: s.io.engine.transport.name, sameId: s.id === s.io.engine.id, sid: s.io.engine.id };
    const text = 'line1\nline2 \\n é😀 "quoted" \u2028 & = + %';
    out.echo = await t.ack(s, 'echo', text, { n: [1, null] });
    out.textOk = out.echo[0] === text;
    const buf = new Uint8Array([1, 2, 3, 250]).buffer;
    const [facts, reversed, nested] = await t.ack(s, 'bin', buf);
    out.facts = facts;
    out.reversed = t.hex(reversed);
    out.nested = t.hex(nested.nested[0]);
    out.reversedType = Object.prototype.toString.call(reversed);
    s.close();
    return out;
  }, { opts, transport });
  check(r.transport === transport, `${name}: transport ${r.transport}`);
  check(r.sameId, `${name}: socket id is not the engine id`);
  check(r.textOk, `${name}: echo ${JSON.stringify(r.echo)}`);
  deepEqual(r.echo[1], { n: [1, null] }, `${name}: object`);
  deepEqual(r.facts, { length: 4, isBuffer: true }, `${name}: server view of the binary`);
  check(r.reversed === 'fa030201' && r.nested === '01', `${name}: binary back ${r.reversed} ${r.nested}`);
  check(r.reversedType === '[object ArrayBuffer]', `${name}: binary type ${r.reversedType}`);
  // this session's requests only (a previous session's closing POST may arrive late)
  if (wire) {
    await recorded();
    wire(exchanges.filter((e) => !e.query.has('sid') || e.query.get('sid') === r.sid));
  }
}
const types = (list, method, key) => [...new Set(list.filter((e) => e.method === method).map((e) => e[key]))].sort();

await run('websocket: echo (text with newlines, objects), ArrayBuffer in and out', () => basics({ transports: ['websocket'] }, 'websocket', 'websocket'));
await run('XHR polling: the same over binary (XHR2) payloads', () => basics({ transports: ['polling'] }, 'polling', 'xhr', (ex) => {
  deepEqual(types(ex, 'POST', 'requestType'), ['application/octet-stream', 'text/plain;charset=UTF-8'], 'POST types');
  deepEqual(types(ex, 'GET', 'responseType'), ['application/octet-stream', 'text/plain; charset=UTF-8'], 'GET answer types');
  check(ex.every((e) => !e.query.has('b64') && !e.query.has('j') && e.query.get('EIO') === '3'), 'query');
}));
await run('XHR polling with forceBase64: the same over b64 packets', () => basics({ transports: ['polling'], forceBase64: true }, 'polling', 'b64', (ex) => {
  deepEqual(types(ex, 'POST', 'requestType'), ['text/plain;charset=UTF-8'], 'POST types');
  deepEqual(types(ex, 'GET', 'responseType'), ['text/plain; charset=UTF-8'], 'GET answer types');
  check(ex.find((e) => !e.query.has('sid')).query.get('b64') === '1', 'the handshake carries b64=1');
}));
await run('JSONP polling (forceJSONP): the same through <script> answers and form POSTs', () => basics({ transports: ['polling'], forceJSONP: true }, 'polling', 'jsonp', (ex) => {
  deepEqual(types(ex, 'POST', 'requestType'), ['application/x-www-form-urlencoded'], 'POST types');
  deepEqual(types(ex, 'GET', 'responseType'), ['text/plain; charset=UTF-8'], 'GET answer types');
  check(ex.every((e) => /^\d+$/.test(e.query.get('j'))), 'every request carries j');
  check(ex.find((e) => !e.query.has('sid')).query.get('b64') === '1', 'the handshake carries b64=1');
}));

await run('default transports: polling, then the upgrade to websocket', async () => {
  const r = await page.evaluate(async () => {
    const s = t.connect('/', {});
    let first = null;
    const upgraded = new Promise((resolve) => s.io.on('open', () => {
      first = s.io.engine.transport.name;
      s.io.engine.once('upgrade', (tr) => resolve(tr.name));
    }));
    await t.connected(s);
    const name = await upgraded;
    const echo = await t.ack(s, 'echo', 'after');
    s.close();
    return { first, name, echo };
  });
  deepEqual([r.first, r.name, r.echo], ['polling', 'websocket', ['after']], 'upgrade');
});

await run('binary: a Blob in, and a binary ack from the page to the server', async () => {
  const r = await page.evaluate(async () => {
    const s = t.connect('/', { transports: ['websocket'] });
    await t.connected(s);
    const [facts, reversed] = await t.ack(s, 'bin', new Blob([new Uint8Array([7, 8])]));
    s.on('question', (q, ack) => ack(new Uint8Array([q.length]).buffer));
    const answer = t.next(s, 'answer');
    s.emit('ask', 'abc');
    const [bin] = await answer;
    s.close();
    return { facts, reversed: t.hex(reversed), answer: t.hex(bin) };
  });
  deepEqual(r, { facts: { length: 2, isBuffer: true }, reversed: '0807', answer: '03' }, 'binary');
});

await run('namespaces: /chat?name=x gets its name from the query; /private is refused with an `error` event', async () => {
  const r = await page.evaluate(async () => {
    const c = t.connect('/chat?name=x', { transports: ['polling'] });
    const welcome = t.next(c, 'welcome');
    await t.connected(c);
    const [w] = await welcome;
    const p = t.connect('/private', { transports: ['websocket'] });
    const [err] = await t.next(p, 'error');
    const d = t.connect('/private-data', { transports: ['polling'], forceJSONP: true });
    const [err2] = await t.next(d, 'error');
    c.close(); p.close(); d.close();
    return { name: w.name, auth: w.auth, err, err2 };
  });
  deepEqual(r, { name: 'x', auth: { name: 'x' }, err: 'not allowed', err2: { code: 42, why: 'no token' } }, 'namespaces');
});

await run('a JSONP page and a websocket page in one room get one broadcast each, binary included', async () => {
  const other = await newPage();
  try {
    const join = (p, opts) => p.evaluate(async (opts) => {
      const s = t.connect('/', opts);
      window.s = s;
      window.got = [];
      s.on('room-news', (...a) => window.got.push([a[0], t.hex(a[1]), a[2]]));
      await t.connected(s);
      await t.ack(s, 'join', 'browsers');
    }, opts);
    await join(page, { transports: ['polling'], forceJSONP: true });
    await join(other.page, { transports: ['websocket'] });
    await page.evaluate(() => t.ack(window.s, 'to-room', 'browsers', 'hi', new Uint8Array([5, 5]).buffer, 'é😀\n'));
    for (const p of [page, other.page]) {
      await p.waitForFunction(() => window.got.length >= 1);
      await p.waitForTimeout(300);
      deepEqual(await p.evaluate(() => window.got), [['hi', '0505', 'é😀\n']], 'one copy');
      await p.evaluate(() => window.s.close());
    }
  } finally {
    await other.page.close();
    check(other.errors.length === 0, `page errors ${other.errors}`);
  }
});

await run('no page errors and no request outside the server under test', async () => {
  check(errors.length === 0, `page errors: ${errors.join('; ')}`);
  check(external.length === 0, `external requests: ${external.join(', ')}`);
});

await chrome.close();
finish();
