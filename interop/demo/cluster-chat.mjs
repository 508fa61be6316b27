// The demo's /chat contract across a cluster: clients (socket.io-client 4.8) connected to three different nodes of one
// Redis cluster (two Enlace demo nodes and one Node.js socket.io node, interop/redis/chat-node.js) share rooms.
//   node demo/cluster-chat.mjs <url of node A> <url of node B> <url of node C>
import { io } from 'socket.io-client';
import { run, check, deepEqual, finish, sleep, next, until } from '../lib/harness.mjs';

const [A, B, C] = process.argv.slice(2, 5).map((u) => u.replace(/\/$/, ''));
if (!C) { console.error('usage: node demo/cluster-chat.mjs urlA urlB urlC'); process.exit(2); }
const open = [];

async function member(base, name, transport = 'websocket') {
  const s = io(base + '/chat', { transports: [transport], forceNew: true, reconnection: false, auth: { name } });
  open.push(s);
  s.got = { joined: [], said: [], left: [] };
  for (const ev of Object.keys(s.got)) s.on(ev, (d) => s.got[ev].push(d));
  if (!s.connected) await next(s, 'connect', 10000);
  return s;
}

const ack = (s, ev, arg) => s.timeout(8000).emitWithAck(ev, arg);

const ROOM = 'lobby';
let amy, bob, cat, dan, eve;

await run('members lists are cluster-wide (fetchSockets over Redis, Enlace and Node nodes)', async () => {
  amy = await member(A, 'amy');
  bob = await member(B, 'bob', 'polling');
  cat = await member(C, 'cat');
  dan = await member(A, 'dan');
  eve = await member(B, 'eve');
  deepEqual(await ack(amy, 'join', ROOM), { room: ROOM, members: ['amy'] }, 'amy joins on A');
  deepEqual(await ack(bob, 'join', ROOM), { room: ROOM, members: ['amy', 'bob'] }, 'bob joins on B');
  deepEqual(await ack(cat, 'join', ROOM), { room: ROOM, members: ['amy', 'bob', 'cat'] }, 'cat joins on the Node node C');
  deepEqual(await ack(dan, 'join', ROOM), { room: ROOM, members: ['amy', 'bob', 'cat', 'dan'] }, 'dan joins on A');
  // joining again changes nothing and tells nobody
  deepEqual(await ack(bob, 'join', ROOM), { room: ROOM, members: ['amy', 'bob', 'cat', 'dan'] }, 'bob joins again');
  const names = (s) => s.got.joined.map((j) => j.room + '/' + j.name).join(',');
  await until(() => names(amy) === 'lobby/bob,lobby/cat,lobby/dan', () => 'amy saw joined ' + names(amy));
  await until(() => names(bob) === 'lobby/cat,lobby/dan', () => 'bob saw joined ' + names(bob));
  await until(() => names(cat) === 'lobby/dan', () => 'cat saw joined ' + names(cat));
  check(dan.got.joined.length === 0 && eve.got.joined.length === 0, 'dan/eve saw ' + names(dan) + ' ' + names(eve));
});

await run('said reaches everyone in the room on every node, and nobody else', async () => {
  deepEqual(await ack(amy, 'say', { room: ROOM, text: 'hola from A' }), { ok: true }, 'amy says');
  deepEqual(await ack(bob, 'say', { room: ROOM, text: 'hola from B' }), { ok: true }, 'bob says');
  deepEqual(await ack(cat, 'say', { room: ROOM, text: 'hola from C' }), { ok: true }, 'cat says');
  deepEqual(await ack(eve, 'say', { room: ROOM, text: 'intruder' }), { error: 'not in room' }, 'eve is not in the room');
  const want = ['amy:hola from A', 'bob:hola from B', 'cat:hola from C'];
  for (const s of [amy, bob, cat, dan]) {
    const got = () => s.got.said.map((m) => m.name + ':' + m.text).sort();
    await until(() => got().length >= 3, () => `${s.auth.name} got said ${JSON.stringify(got())}`);
    deepEqual(got(), want, `${s.auth.name} said`);
    check(s.got.said.every((m) => m.room === ROOM && Object.keys(m).join() === 'room,name,text'), JSON.stringify(s.got.said));
  }
  // the scenario: 200 ms of quiet after the last expected delivery, in which a stray or duplicate 'said' would show (no
  // one event orders the deliveries of three publishers on three nodes)
  await sleep(200);
  check(eve.got.said.length === 0, 'eve got ' + JSON.stringify(eve.got.said));
  for (const s of [amy, bob, cat, dan]) check(s.got.said.length === 3, `${s.auth.name}: no duplicates, got ${s.got.said.length}`);
});

await run('leave and disconnect: left reaches the other nodes, members shrink everywhere', async () => {
  deepEqual(await ack(bob, 'leave', ROOM), { ok: true }, 'bob leaves on B');
  for (const s of [amy, cat, dan]) {
    await until(() => s.got.left.some((l) => l.name === 'bob'), () => `${s.auth.name} got left ${JSON.stringify(s.got.left)}`);
  }
  deepEqual(await ack(amy, 'join', ROOM), { room: ROOM, members: ['amy', 'cat', 'dan'] }, 'after bob left');
  deepEqual(await ack(bob, 'say', { room: ROOM, text: 'still here?' }), { error: 'not in room' }, 'bob after leaving');
  cat.disconnect(); // on the Node node: its 'disconnecting' handler broadcasts left through Redis
  for (const s of [amy, dan]) {
    await until(() => s.got.left.some((l) => l.name === 'cat'), () => `${s.auth.name} got left ${JSON.stringify(s.got.left)}`);
    deepEqual(s.got.left, [{ room: ROOM, name: 'bob' }, { room: ROOM, name: 'cat' }], `${s.auth.name} left events`);
  }
  deepEqual(await ack(dan, 'join', ROOM), { room: ROOM, members: ['amy', 'dan'] }, 'after cat disconnected');
  amy.disconnect(); // on an Enlace node
  await until(() => dan.got.left.some((l) => l.name === 'amy'), () => 'dan got left ' + JSON.stringify(dan.got.left));
  const fresh = await member(C, 'fay');
  deepEqual(await ack(fresh, 'join', ROOM), { room: ROOM, members: ['dan', 'fay'] }, 'fay joins on C');
  deepEqual(await ack(fresh, 'say', { room: ROOM, text: 'bye' }), { ok: true }, 'fay says');
  await until(() => dan.got.said.some((m) => m.name === 'fay'), () => 'dan got ' + JSON.stringify(dan.got.said));
  check(bob.got.said.length === 3, 'bob (left) got ' + JSON.stringify(bob.got.said));
}, 30000);

for (const s of open) s.close();
finish();
