// Socket.IO as a v2 client speaks it (Engine.IO v3), with raw WebSockets and HTTP requests, against /socket.io/ of a
// server implementing the app contract of node-server.js (README.md).
//   node sio-v3.mjs http://127.0.0.1:<port>
// Prints "ok - <case>" / "not ok - <case>: <why>" and a closing "N passed, N failed"; exits 1 on any failure.
import { run, check, deepEqual, finish, sleep } from '../lib/harness.mjs';
import { baseUrl, splitText, textPayload, http, openPolling, openWs } from './lib.mjs';

const base = baseUrl('sio-v3.mjs');
const wsBase = base.replace('http', 'ws');
const P = '/socket.io/';

/** A v3 WebSocket session on /socket.io/: returns the connection and the engine sid, after the open packet. */
async function v3ws(extra = '') {
  const c = openWs(`${wsBase}${P}?EIO=3&transport=websocket${extra}`);
  await c.opened;
  const open = await c.next();
  check(open.text && open.text.startsWith('0{'), `open packet: ${JSON.stringify(open)}`);
  return { c, sid: JSON.parse(open.text.slice(1)).sid };
}
async function text(c, what) {
  const f = await c.next();
  check(f.text !== undefined, `${what}: expected a text frame, got ${JSON.stringify(f)}`);
  return f.text;
}

await run('WebSocket: the server connects a v3 client to "/" at once: `40` (no CONNECT from the client, no sid payload)', async () => {
  const { c } = await v3ws();
  check((await text(c, 'connect')) === '40', 'CONNECT');
  c.close();
});

await run('polling: the handshake answer holds only the open packet; the next GET holds `2:40`', async () => {
  const { sid, packets } = await openPolling(base, P);
  deepEqual(packets.length, 1, 'packets of the handshake answer');
  const r = await http(`${base}${P}?EIO=3&transport=polling&sid=${sid}`);
  check(r.text === '2:40', r.text);
});

await run('the socket on "/" has the engine sid as id, protocol 3, auth {}, the handshake query, its own room', async () => {
  const { c, sid } = await v3ws('&name=zoe');
  await text(c, 'connect');
  c.send('421["handshake"]');
  const ack = await text(c, 'ack');
  check(ack.startsWith('431['), ack);
  const [d] = JSON.parse(ack.slice(3));
  deepEqual([d.id, d.protocol, d.transport, d.nsp, d.auth, d.rooms], [sid, 3, 'websocket', '/', {}, [sid]], 'socket');
  deepEqual([d.query.EIO, d.query.transport, d.query.name], ['3', 'websocket', 'zoe'], 'query');
  c.close();
});

await run('CONNECT /chat?name=x&y=1: `40/chat,` without payload; auth = the query of the namespace; id `/chat#<sid>`', async () => {
  const { c, sid } = await v3ws();
  await text(c, 'connect');
  c.send('40/chat?name=x&y=1,');
  check((await text(c, 'connect /chat')) === '40/chat,', 'CONNECT answer');
  const w = await text(c, 'welcome');
  check(w.startsWith('42/chat,'), w);
  const [ev, d] = JSON.parse(w.slice('42/chat,'.length));
  deepEqual([ev, d.name, d.id, d.auth], ['welcome', 'x', `/chat#${sid}`, { name: 'x', y: '1' }], 'welcome');
  check(d.query.name === undefined, `handshake query of /chat: ${JSON.stringify(d.query)}`);
  c.send('42/chat,["say","hi"]');
  check((await text(c, 'said')) === '42/chat,["said",{"name":"x","text":"hi"}]', 'said');
  c.close();
});

await run('namespace refused by a middleware: `44/private,"not allowed"` (a string: err.data || err.message)', async () => {
  const { c } = await v3ws();
  await text(c, 'connect');
  c.send('40/private,');
  check((await text(c, 'error')) === '44/private,"not allowed"', 'CONNECT_ERROR');
  c.send('2');
  check((await text(c, 'pong')) === '3', 'the connection stays open');
  c.close();
});

await run('refused with err.data: `44/private-data,{"code":42,"why":"no token"}` (the data, not {message, data})', async () => {
  const { c } = await v3ws();
  await text(c, 'connect');
  c.send('40/private-data,');
  check((await text(c, 'error')) === '44/private-data,{"code":42,"why":"no token"}', 'CONNECT_ERROR');
  c.close();
});

await run('unknown namespace: `44/nope,{"message":"Invalid namespace"}`', async () => {
  const { c } = await v3ws();
  await text(c, 'connect');
  c.send('40/nope,');
  check((await text(c, 'error')) === '44/nope,{"message":"Invalid namespace"}', 'CONNECT_ERROR');
  c.close();
});

await run('acks: `421["echo","a",1]` -> `431["a",1]`', async () => {
  const { c } = await v3ws();
  await text(c, 'connect');
  c.send('421["echo","a",1]');
  check((await text(c, 'ack')) === '431["a",1]', 'ack');
  c.close();
});

await run('server-to-client ack: `42["ask","q"]` -> `420["question","q"]`, `430["yes"]` -> `42["answer","yes"]`', async () => {
  const { c } = await v3ws();
  await text(c, 'connect');
  c.send('42["ask","q"]');
  check((await text(c, 'question')) === '420["question","q"]', 'question');
  c.send('430["yes"]');
  check((await text(c, 'answer')) === '42["answer","yes"]', 'answer');
  c.close();
});

await run('binary event and binary ack on WebSocket: attachments are binary frames prefixed by the type byte 4', async () => {
  const { c } = await v3ws();
  await text(c, 'connect');
  c.send('451-7["bin",{"_placeholder":true,"num":0}]');
  c.send(Buffer.from([4, 1, 2, 3]));
  const ack = await text(c, 'binary ack');
  check(ack === '462-7[{"length":3,"isBuffer":true},{"_placeholder":true,"num":0},{"nested":[{"_placeholder":true,"num":1}]}]', ack);
  const a0 = await c.next();
  const a1 = await c.next();
  check(a0.binary && a0.binary.equals(Buffer.from([4, 3, 2, 1])), `attachment 0: ${JSON.stringify(a0)}`);
  check(a1.binary && a1.binary.equals(Buffer.from([4, 1])), `attachment 1: ${JSON.stringify(a1)}`);
  c.close();
});

await run('binary on polling (b64=1): attachments travel as `b4<base64>` packets', async () => {
  const { sid } = await openPolling(base, P, '&b64=1');
  const u = `${base}${P}?EIO=3&transport=polling&sid=${sid}`;
  check((await http(u)).text === '2:40', 'connect');
  const body = textPayload('451-3["bin",{"_placeholder":true,"num":0}]', 'b4AQID');
  await http(u, { method: 'POST', body, type: 'text/plain;charset=UTF-8' });
  const r = await http(u);
  deepEqual(splitText(r.text), ['462-3[{"length":3,"isBuffer":true},{"_placeholder":true,"num":0},{"nested":[{"_placeholder":true,"num":1}]}]',
    'b4AwIB', 'b4AQ=='], 'payload');
});

await run('binary on XHR2 polling: the ack and its attachments come in one binary payload', async () => {
  const { sid } = await openPolling(base, P);
  const u = `${base}${P}?EIO=3&transport=polling&sid=${sid}`;
  check((await http(u)).text === '2:40', 'connect');
  await http(u, { method: 'POST', body: textPayload('451-3["bin",{"_placeholder":true,"num":0}]', 'b4AQID'), type: 'text/plain;charset=UTF-8' });
  const r = await http(u);
  check(r.type === 'application/octet-stream', `type ${r.type}`);
  const hex = r.bytes.toString('hex');
  check(hex.endsWith('0104ff04030201' + '0102ff0401'), hex);
});

await run('server disconnect: `42["disconnect-me"]` -> `41`; the engine connection stays open', async () => {
  const { c } = await v3ws();
  await text(c, 'connect');
  c.send('42["disconnect-me"]');
  check((await text(c, 'disconnect')) === '41', 'DISCONNECT');
  c.send('2');
  check((await text(c, 'pong')) === '3', 'pong');
  c.close();
});

await run('client DISCONNECT `41` gets no answer; the engine connection stays open', async () => {
  const { c } = await v3ws();
  await text(c, 'connect');
  c.send('41');
  c.send('2');
  check((await text(c, 'pong')) === '3', 'pong and nothing before it');
  c.close();
});

await run('a CONNECT for "/" from a v3 client that is already connected to "/" closes the connection', async () => {
  const { c } = await v3ws();
  await text(c, 'connect');
  c.send('40');
  const f = await c.next();
  check(f.closed, `expected the close, got ${JSON.stringify(f)}`);
});

await run('one broadcast to a room with a v3 and a v4 client: the same Socket.IO packet, framed per Engine.IO version', async () => {
  const v3 = (await v3ws()).c;
  await text(v3, 'connect');
  const v4 = openWs(`${wsBase}${P}?EIO=4&transport=websocket`);
  await v4.opened;
  check((await v4.next()).text.startsWith('0{'), 'v4 open');
  v4.send('40');
  check((await v4.next()).text.startsWith('40{"sid":"'), 'v4 CONNECT answer carries a sid');
  v3.send('421["join","r"]');
  await text(v3, 'join ack');
  v4.send('421["join","r"]');
  await text(v4, 'join ack');
  v3.send('451-["to-room","r",{"_placeholder":true,"num":0},"é😀"]');
  v3.send(Buffer.from([4, 7, 8]));
  const t3 = await text(v3, 'v3 news');
  const t4 = await text(v4, 'v4 news');
  check(t3 === '451-["room-news",{"_placeholder":true,"num":0},"é😀"]', t3);
  check(t4 === t3, `v4 text ${t4}`);
  const b3 = await v3.next();
  const b4 = await v4.next();
  check(b3.binary && b3.binary.equals(Buffer.from([4, 7, 8])), `v3 attachment ${JSON.stringify(b3)}`);
  check(b4.binary && b4.binary.equals(Buffer.from([7, 8])), `v4 attachment ${JSON.stringify(b4)}`);
  v3.close();
  v4.close();
});

await run('the v3 heartbeat on /socket.io/: the server sends no ping within pingInterval; the client ping is answered', async () => {
  const { c } = await v3ws();
  await text(c, 'connect');
  const f = await c.quiet(1300); // pingInterval 1000
  check(f === null, `unexpected frame ${JSON.stringify(f)}`);
  c.send('2');
  check((await text(c, 'pong')) === '3', 'pong');
  c.close();
});

await sleep(10);
finish();
