// Engine.IO v3 (allowEIO3) on the wire, with raw HTTP requests and WebSockets, against the echo engine at /engine.io/
// (pingInterval 300, pingTimeout 200, maxHttpBufferSize 1e6; see node-server.js and README.md).
//   node engine-v3.mjs http://127.0.0.1:<port>             a server with allowEIO3 on
//   node engine-v3.mjs http://127.0.0.1:<port> --refusing  a server with allowEIO3 off (the default)
// Prints "ok - <case>" / "not ok - <case>: <why>", "# note: ..." lines for reference quirks that are observed but not
// required, and a closing "N passed, N failed"; exits 1 on any failure.
import { run, check, deepEqual, finish, sleep } from '../lib/harness.mjs';
import { baseUrl, textPayload, splitText, binaryPayload, splitBinary, http, openPolling, openWs } from './lib.mjs';

const base = baseUrl('engine-v3.mjs');
const wsBase = base.replace('http', 'ws');
const P = '/engine.io/';
const url = (sid, extra = '') => `${base}${P}?EIO=3&transport=polling&sid=${sid}${extra}`;
const TEXT = 'text/plain; charset=UTF-8';

async function post(sid, body, type = 'text/plain;charset=UTF-8', extra = '') {
  const r = await http(url(sid, extra), { method: 'POST', body, type });
  check(r.status === 200 && r.text === 'ok', `POST ${JSON.stringify(String(body))}: HTTP ${r.status} ${r.text}`);
  check(r.type === 'text/html', `POST answer type ${r.type}`);
  return r;
}
const get = (sid, extra = '') => http(url(sid, extra));
const isJsonError = (r, status, code, message) => {
  check(r.status === status, `HTTP ${r.status} (expected ${status}): ${r.text}`);
  check(r.type === 'application/json', `type ${r.type}`);
  deepEqual(JSON.parse(r.text), { code, message }, 'error body');
};

if (process.argv.includes('--refusing')) {
  await run('allowEIO3 off: a polling handshake with EIO=3 gets 400 {"code":5,"message":"Unsupported protocol version"}', async () => {
    isJsonError(await http(`${base}${P}?EIO=3&transport=polling`), 400, 5, 'Unsupported protocol version');
    isJsonError(await http(`${base}${P}?transport=polling`), 400, 5, 'Unsupported protocol version');
    isJsonError(await http(`${base}${P}?EIO=3&transport=polling&j=0`), 400, 5, 'Unsupported protocol version');
  });
  await run('allowEIO3 off: a WebSocket handshake with EIO=3 never opens a session', async () => {
    // engine.io 6 decides the protocol after the 101: it writes "HTTP/1.1 400 Bad Request ... Unsupported protocol
    // version" onto the upgraded socket and destroys it, which the client sees as a broken WebSocket. A refusal before
    // the 101 (a plain HTTP 400 with that body) is the clean form of the same answer; both pass.
    const c = openWs(`${wsBase}${P}?EIO=3&transport=websocket`);
    try {
      await c.opened;
    } catch (e) {
      check(e.status === 400 && e.body === 'Unsupported protocol version', `refused with ${e.status} ${JSON.stringify(e.body)}`);
      console.log('# note: refused before the 101');
      return;
    }
    const f = await c.next(3000);
    check(f.closed, `a frame came: ${JSON.stringify(f)}`);
    console.log(`# note: 101 then the connection broke (close code ${f.closed.code}), as engine.io 6 does`);
  });
  await run('allowEIO3 off: EIO=4 still works', async () => {
    const r = await http(`${base}${P}?EIO=4&transport=polling`);
    check(r.status === 200 && r.text.startsWith('0{'), `HTTP ${r.status} ${r.text}`);
  });
  finish();
}

await run('polling handshake: 200 text/plain, `<len>:0{json}` with sid, upgrades, pingInterval, pingTimeout, maxPayload', async () => {
  const { handshake, packets, response } = await openPolling(base, P);
  check(response.type === TEXT, `type ${response.type}`);
  check(response.headers.get('cache-control') === 'no-store', `cache-control ${response.headers.get('cache-control')}`);
  deepEqual(Object.keys(handshake), ['sid', 'upgrades', 'pingInterval', 'pingTimeout', 'maxPayload'], 'keys');
  check(/^[\w-]{20}$/.test(handshake.sid), `sid ${handshake.sid}`);
  deepEqual([handshake.upgrades, handshake.pingInterval, handshake.pingTimeout, handshake.maxPayload],
    [['websocket'], 300, 200, 1000000], 'values');
  deepEqual(packets.length, 1, 'packets in the handshake answer');
  check(response.text === `${packets[0].length}:${packets[0]}`, 'length prefix');
});

await run('a missing, unknown or other EIO value is protocol 3 when allowEIO3 is on (only "4" is v4)', async () => {
  for (const q of ['', 'EIO=abc&', 'EIO=5&', 'EIO=2&']) {
    const r = await http(`${base}${P}?${q}transport=polling`);
    check(r.status === 200, `?${q}: HTTP ${r.status} ${r.text}`);
    check(/^\d+:0\{/.test(r.text), `?${q}: not a v3 payload: ${r.text}`);
  }
});

await run('b64=1 handshake: the same text payload', async () => {
  const { handshake, response } = await openPolling(base, P, '&b64=1');
  check(response.type === TEXT, `type ${response.type}`);
  check(handshake.upgrades[0] === 'websocket', 'upgrades');
});

await run('JSONP handshake (j=3): `___eio[3]("<payload as a JSON string>");`, text/plain; charset=UTF-8', async () => {
  const r = await http(`${base}${P}?EIO=3&transport=polling&j=3`);
  check(r.status === 200 && r.type === TEXT, `HTTP ${r.status} ${r.type}`);
  const m = /^___eio\[3\]\((".*")\);$/s.exec(r.text);
  check(m, `not a JSONP answer: ${r.text}`);
  const payload = JSON.parse(m[1]);
  const packets = splitText(payload);
  check(packets[0].startsWith('0{"sid":"'), `open packet ${packets[0]}`);
  check(m[1] === JSON.stringify(payload), 'JSON.stringify escaping');
});

await run('JSONP: only the digits of j are kept (j=ab1c2 -> ___eio[12]; j= -> ___eio[])', async () => {
  let r = await http(`${base}${P}?EIO=3&transport=polling&j=ab1c2`);
  check(r.text.startsWith('___eio[12]("'), r.text);
  r = await http(`${base}${P}?EIO=3&transport=polling&j=`);
  check(r.text.startsWith('___eio[]("'), r.text);
});

await run('WebSocket handshake: first frame `0{json}` with upgrades []', async () => {
  const c = openWs(`${wsBase}${P}?EIO=3&transport=websocket`);
  await c.opened;
  const f = await c.next();
  check(f.text && f.text.startsWith('0{'), `first frame ${JSON.stringify(f)}`);
  const h = JSON.parse(f.text.slice(1));
  deepEqual(Object.keys(h), ['sid', 'upgrades', 'pingInterval', 'pingTimeout', 'maxPayload'], 'keys');
  deepEqual(h.upgrades, [], 'upgrades');
  c.close();
});

await run('text payload echo: POST `6:4hello` -> ok (text/html) -> GET `6:4hello`', async () => {
  const { sid } = await openPolling(base, P);
  await post(sid, '6:4hello');
  const r = await get(sid);
  check(r.status === 200 && r.type === TEXT, `GET ${r.status} ${r.type}`);
  check(r.text === '6:4hello', r.text);
});

await run('lengths count UTF-16 code units (é is 1, 😀 is 2); three packets of one POST come back in one GET', async () => {
  const { sid } = await openPolling(base, P);
  const body = textPayload('4é', '4😀', '4a😀é');
  check(body === '2:4é3:4😀5:4a😀é', body);
  await post(sid, body);
  const r = await get(sid);
  check(r.text === body, `GET ${JSON.stringify(r.text)}`);
});

await run('XHR2 session (no b64): a binary message comes back as a binary payload (application/octet-stream)', async () => {
  const { sid } = await openPolling(base, P);
  await post(sid, '6:b4AQID'); // a base64 packet in a text payload is a binary message
  const r = await get(sid);
  check(r.type === 'application/octet-stream', `type ${r.type}`);
  check(r.bytes.equals(Buffer.from([1, 4, 255, 4, 1, 2, 3])), `bytes ${r.bytes.toString('hex')}`);
});

await run('XHR2 session: text + binary in one GET -> one binary payload, strings with marker 0 and UTF-8 byte lengths', async () => {
  const { sid } = await openPolling(base, P);
  await post(sid, textPayload('4hé😀', 'b4AQID', '2'));
  const r = await get(sid);
  check(r.type === 'application/octet-stream', `type ${r.type}`);
  const parts = splitBinary(r.bytes);
  deepEqual(parts.map((p) => (typeof p === 'string' ? p : p.toString('hex'))), ['4hé😀', '04010203', '3'], 'parts');
  check(r.bytes.subarray(0, 4).equals(Buffer.from([0, 8, 255, 0x34])), `string header ${r.bytes.subarray(0, 4).toString('hex')}`);
});

await run('b64=1 session: a binary message comes back as `b4<base64>` in a text payload', async () => {
  const { sid } = await openPolling(base, P, '&b64=1');
  await post(sid, '6:b4AQID');
  const r = await get(sid);
  check(r.type === TEXT, `type ${r.type}`);
  check(r.text === '6:b4AQID', r.text);
});

await run('binary POST (application/octet-stream) with a binary payload is accepted under v3', async () => {
  const { sid } = await openPolling(base, P);
  await post(sid, binaryPayload(Buffer.from([4, 9, 8]), '4wörld', '2'), 'application/octet-stream');
  const r = await get(sid);
  check(r.type === 'application/octet-stream', `type ${r.type}`);
  const parts = splitBinary(r.bytes);
  deepEqual(parts.map((p) => (typeof p === 'string' ? p : p.toString('hex'))), ['040908', '4wörld', '3'], 'parts');
});

await run('JSONP POST: form-encoded d=, with \\n for a newline and \\\\n for a backslash-n; answered `ok`', async () => {
  const r0 = await http(`${base}${P}?EIO=3&transport=polling&j=0`);
  const sid = JSON.parse(splitText(JSON.parse(/^___eio\[0\]\((".*")\);$/s.exec(r0.text)[1]))[0].slice(1)).sid;
  const message = '4line1\nline2 \\n literal é😀 + & = %';
  // what engine.io-client 3.x JSONP writes into its form's textarea, then form-encoded by the browser
  const escaped = textPayload(message).replace(/\\n/g, '\\\n').replace(/\n/g, '\\n');
  const form = new URLSearchParams({ d: escaped }).toString();
  const p = await http(`${base}${P}?EIO=3&transport=polling&j=0&sid=${sid}`, { method: 'POST', body: form, type: 'application/x-www-form-urlencoded' });
  check(p.status === 200 && p.text === 'ok' && p.type === 'text/html', `POST ${p.status} ${p.type} ${p.text}`);
  const r = await http(`${base}${P}?EIO=3&transport=polling&j=0&sid=${sid}`);
  const m = /^___eio\[0\]\((".*")\);$/s.exec(r.text);
  check(m, r.text);
  deepEqual(splitText(JSON.parse(m[1])), [message], 'echo');
});

await run('JSONP answer escapes U+2028 and U+2029 (\\u2028, \\u2029) beyond JSON.stringify', async () => {
  const r0 = await http(`${base}${P}?EIO=3&transport=polling&j=1`);
  const sid = JSON.parse(splitText(JSON.parse(/\((".*")\);$/s.exec(r0.text)[1]))[0].slice(1)).sid;
  const message = '4a\u2028b\u2029c"\\\t\u0001';
  const form = new URLSearchParams({ d: textPayload(message) }).toString();
  await http(`${base}${P}?EIO=3&transport=polling&j=1&sid=${sid}`, { method: 'POST', body: form, type: 'application/x-www-form-urlencoded' });
  const r = await http(`${base}${P}?EIO=3&transport=polling&j=1&sid=${sid}`);
  check(r.text === '___eio[1]("10:4a\\u2028b\\u2029c\\"\\\\\\t\\u0001");', r.text);
});

await run('JSONP session: a binary message is a `b4` packet (the client sends b64=1)', async () => {
  const r0 = await http(`${base}${P}?EIO=3&transport=polling&j=2&b64=1`);
  const sid = JSON.parse(splitText(JSON.parse(/\((".*")\);$/s.exec(r0.text)[1]))[0].slice(1)).sid;
  await http(`${base}${P}?EIO=3&transport=polling&j=2&sid=${sid}`, { method: 'POST', body: 'd=6%3Ab4AQID', type: 'application/x-www-form-urlencoded' });
  const r = await http(`${base}${P}?EIO=3&transport=polling&j=2&sid=${sid}`);
  check(r.text === '___eio[2]("6:b4AQID");', r.text);
});

await run('heartbeat (polling): the client pings, the server answers `3`; `2probe` is answered `3` without data', async () => {
  const { sid } = await openPolling(base, P);
  for (let i = 0; i < 3; i++) {
    await post(sid, '1:2');
    const r = await get(sid);
    check(r.text === '1:3', `pong ${i}: ${r.text}`);
  }
  await post(sid, '6:2probe');
  const r = await get(sid);
  check(r.text === '1:3', `probe ping on polling: ${r.text}`);
});

await run('heartbeat (polling): pings every 200 ms keep the session beyond pingInterval + pingTimeout (500 ms)', async () => {
  const { sid } = await openPolling(base, P);
  for (let i = 0; i < 5; i++) {
    await sleep(200);
    await post(sid, '1:2');
    check((await get(sid)).text === '1:3', 'pong');
  }
  await post(sid, '6:4alive');
  check((await get(sid)).text === '6:4alive', 'still open after 1 s');
});

await run('ping timeout: no ping for pingInterval + pingTimeout (500 ms) closes the session', async () => {
  const { sid } = await openPolling(base, P);
  await sleep(650);
  isJsonError(await http(url(sid), { method: 'POST', body: '1:2' }), 400, 1, 'Session ID unknown');
});

await run('a pong from a v3 client is an error ("invalid heartbeat direction"): the session closes', async () => {
  const { sid } = await openPolling(base, P);
  await post(sid, '1:3');
  isJsonError(await get(sid), 400, 1, 'Session ID unknown');
});

await run('a v3 client never gets a ping from the server (within 1 s, pinging itself)', async () => {
  const c = openWs(`${wsBase}${P}?EIO=3&transport=websocket`);
  await c.opened;
  await c.next(); // open
  for (let i = 0; i < 5; i++) {
    await sleep(200);
    c.send('2');
    const f = await c.next();
    check(f.text === '3', `frame ${JSON.stringify(f)}`);
  }
  c.close();
});

await run('WebSocket: `2` -> `3`, text echo, `2probe` on an open WebSocket -> `3`', async () => {
  const c = openWs(`${wsBase}${P}?EIO=3&transport=websocket`);
  await c.opened;
  await c.next();
  c.send('2');
  check((await c.next()).text === '3', 'pong');
  c.send('4héllo😀');
  check((await c.next()).text === '4héllo😀', 'echo');
  c.send('2probe');
  check((await c.next()).text === '3', 'pong without data');
  c.close();
});

await run('WebSocket binary frames carry the type byte: [4,1,2,3] in -> [4,1,2,3] out; text `b4AQID` in -> binary out', async () => {
  const c = openWs(`${wsBase}${P}?EIO=3&transport=websocket`);
  await c.opened;
  await c.next();
  c.send(Buffer.from([4, 1, 2, 3]));
  let f = await c.next();
  check(f.binary && f.binary.equals(Buffer.from([4, 1, 2, 3])), `frame ${JSON.stringify(f)}`);
  c.send('b4AQID');
  f = await c.next();
  check(f.binary && f.binary.equals(Buffer.from([4, 1, 2, 3])), `frame ${JSON.stringify(f)}`);
  c.close();
});

await run('WebSocket with b64=1: a binary message goes out as the text frame `b4<base64>`', async () => {
  const c = openWs(`${wsBase}${P}?EIO=3&transport=websocket&b64=1`);
  await c.opened;
  await c.next();
  c.send(Buffer.from([4, 1, 2, 3]));
  const f = await c.next();
  check(f.text === 'b4AQID', `frame ${JSON.stringify(f)}`);
  c.close();
});

await run('upgrade: 2probe -> 3probe, the pending GET gets `1:6`, `5`, then the WebSocket carries the echo (no `6` on it)', async () => {
  const { sid } = await openPolling(base, P);
  const pending = get(sid);
  await sleep(50);
  const c = openWs(`${wsBase}${P}?EIO=3&transport=websocket&sid=${sid}`);
  await c.opened;
  c.send('2probe');
  check((await c.next()).text === '3probe', 'probe answer');
  const r = await pending;
  check(r.status === 200 && r.text === '1:6', `pending GET ${r.status} ${r.text}`);
  c.send('5');
  c.send('4hello');
  const f = await c.next();
  check(f.text === '4hello', `first frame after 5: ${JSON.stringify(f)}`);
  const g = await get(sid);
  isJsonError(g, 400, 3, 'Bad request');
  c.close();
});

await run('upgrade: a second WebSocket for an upgraded sid is accepted and then closed', async () => {
  const { sid } = await openPolling(base, P);
  const c = openWs(`${wsBase}${P}?EIO=3&transport=websocket&sid=${sid}`);
  await c.opened;
  c.send('2probe');
  await c.next();
  c.send('5');
  await sleep(50);
  const d = openWs(`${wsBase}${P}?EIO=3&transport=websocket&sid=${sid}`);
  await d.opened;
  const f = await d.next();
  check(f.closed, `second WebSocket: ${JSON.stringify(f)}`);
  c.send('4still');
  check((await c.next()).text === '4still', 'first WebSocket still works');
  c.close();
});

await run('after the upgrade the client keeps pinging on the WebSocket: `2` -> `3`', async () => {
  const { sid } = await openPolling(base, P);
  const c = openWs(`${wsBase}${P}?EIO=3&transport=websocket&sid=${sid}`);
  await c.opened;
  c.send('2probe');
  await c.next();
  c.send('5');
  for (let i = 0; i < 3; i++) {
    await sleep(150);
    c.send('2');
    check((await c.next()).text === '3', 'pong');
  }
  c.close();
});

await run('note only: does the server time out an upgraded v3 session that stops pinging?', async () => {
  const { sid } = await openPolling(base, P);
  const c = openWs(`${wsBase}${P}?EIO=3&transport=websocket&sid=${sid}`);
  await c.opened;
  c.send('2probe');
  await c.next();
  c.send('5');
  const f = await c.quiet(900); // pingInterval + pingTimeout = 500 ms
  if (f && f.closed) console.log('# note: the upgraded session was closed by the ping timeout (Enlace keeps the timeout)');
  else {
    c.send('4x');
    const e = await c.next();
    console.log(`# note: no ping timeout after the upgrade (engine.io 6 clears it at the upgrade): echo ${JSON.stringify(e)}`);
  }
  c.close();
});

await run('close: POST `1:1` answers a pending GET with `1:6`; the sid is then unknown', async () => {
  const { sid } = await openPolling(base, P);
  const pending = get(sid);
  await sleep(50);
  await post(sid, '1:1');
  const r = await pending;
  check(r.status === 200 && r.text === '1:6', `pending GET ${r.status} ${r.text}`);
  isJsonError(await get(sid), 400, 1, 'Session ID unknown');
});

await run('note only: what does the frame `1` do on a v3 WebSocket?', async () => {
  const c = openWs(`${wsBase}${P}?EIO=3&transport=websocket`);
  await c.opened;
  await c.next();
  const t0 = Date.now();
  c.send('1');
  const f = await c.next(2000);
  check(f.closed, JSON.stringify(f));
  const ms = Date.now() - t0;
  console.log(ms >= 400 ? `# note: \`1\` is ignored on a WebSocket; the session ended by ping timeout after ${ms} ms (engine.io 6)`
    : `# note: \`1\` closed the WebSocket session after ${ms} ms (at once, as Enlace does for v4)`);
});

await run('a concurrent second GET: the first gets `1:1`, the second 400, and the session is closed', async () => {
  const { sid } = await openPolling(base, P);
  const first = get(sid);
  await sleep(30);
  const second = await get(sid, '&t=burst');
  const r = await first;
  check(r.text === '1:1', `first GET ${r.status} ${r.text}`);
  check(second.status === 400 || second.status === 500, `second GET ${second.status}`);
  isJsonError(await get(sid), 400, 1, 'Session ID unknown');
});

for (const [name, body] of [['no colon', 'abc'], ['length beyond the body', '9:4hello'], ['unknown packet type', '2:9x'],
  ['non-digit length', 'x:4hello'], ['empty body', '']]) {
  await run(`parse error closes the session (${name}: ${JSON.stringify(body)}); the POST is answered ok or 400 code 3`, async () => {
    // engine.io 6 answers the POST `ok`, then closes the session (parse error); Enlace answers it 400 code 3, as it
    // does for v4 (docs/engine-io.md, "Deviations"); either way the session is gone
    const { sid } = await openPolling(base, P);
    const p = await http(url(sid), { method: 'POST', body, type: 'text/plain;charset=UTF-8' });
    if (p.status === 200) {
      check(p.text === 'ok', `POST ${p.status} ${p.text}`);
    } else {
      isJsonError(p, 400, 3, 'Bad request');
      if (name === 'no colon') console.log('# note: the POST was answered 400 code 3');
    }
    isJsonError(await get(sid), 400, 1, 'Session ID unknown');
  });
}

await run('`0:` (an empty packet) is skipped, the session stays open', async () => {
  const { sid } = await openPolling(base, P);
  await post(sid, '0:6:4hello');
  check((await get(sid)).text === '6:4hello', 'echo');
});

await run('a POST over maxHttpBufferSize (1e6) gets 413', async () => {
  const { sid } = await openPolling(base, P);
  const big = '4' + 'x'.repeat(1000001);
  const r = await http(url(sid), { method: 'POST', body: `${big.length}:${big}`, type: 'text/plain;charset=UTF-8' });
  check(r.status === 413, `HTTP ${r.status}`);
});

finish();
