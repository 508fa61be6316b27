// Driver of the chat example (ChatExample): the official Node client plays several users, over one transport mode.
//   node chat.mjs <base url> <websocket|polling|upgrade>
// Prints "ok - <case>" lines and "N passed, N failed" (harness of interop/).
import { io } from 'socket.io-client';
import { run, check, deepEqual, finish, next } from '../../interop/lib/harness.mjs';

const [base, mode] = process.argv.slice(2, 4);
const options = {
  websocket: { transports: ['websocket'] },
  polling: { transports: ['polling'] },
  upgrade: { transports: ['polling', 'websocket'], upgrade: true },
}[mode];
if (!options) throw new Error('mode: websocket, polling or upgrade');

const opened = [];
function user() {
  const s = io(base, { ...options, forceNew: true, reconnection: false });
  opened.push(s);
  return s;
}
async function connected(s) {
  if (!s.connected) await next(s, 'connect', 10000);
  if (mode === 'upgrade') {
    if (s.io.engine.transport.name !== 'websocket') await next(s.io.engine, 'upgrade', 10000);
    check(s.io.engine.transport.name === 'websocket', 'upgraded to websocket');
  } else {
    check(s.io.engine.transport.name === options.transports[0], `transport ${s.io.engine.transport.name}`);
  }
  return s;
}
async function login(s, name) {
  const l = next(s, 'login', 10000);
  s.emit('add user', name);
  return l;
}

await run(`[${mode}] login, user joined, messages, typing, user left`, async () => {
  const alice = await connected(user());
  deepEqual(await login(alice, 'alice'), { numUsers: 1 }, 'alice login');
  const bob = await connected(user());
  const joined = next(alice, 'user joined', 10000);
  deepEqual(await login(bob, 'bob'), { numUsers: 2 }, 'bob login');
  deepEqual(await joined, { username: 'bob', numUsers: 2 }, 'user joined');

  // a second "add user" is ignored: the next thing alice hears from bob is his typing, not a "user joined"
  const seen = [];
  alice.onAny((event, ...args) => seen.push([event, ...args]));
  bob.emit('add user', 'bob again');
  const typing = next(alice, 'typing', 10000);
  bob.emit('typing');
  deepEqual(await typing, { username: 'bob' }, 'typing');
  deepEqual(seen, [['typing', { username: 'bob' }]], 'nothing before typing');

  const message = next(alice, 'new message', 10000);
  const stop = next(alice, 'stop typing', 10000);
  bob.emit('new message', 'hello alice');
  bob.emit('stop typing');
  deepEqual(await message, { username: 'bob', message: 'hello alice' }, 'new message');
  deepEqual(await stop, { username: 'bob' }, 'stop typing');

  // the sender gets none of its own broadcasts: alice talks, bob hears it first
  const bobSeen = [];
  bob.onAny((event) => bobSeen.push(event));
  const bobHears = next(bob, 'new message', 10000);
  alice.emit('new message', 'hi bob');
  deepEqual(await bobHears, { username: 'alice', message: 'hi bob' }, 'message to bob');
  deepEqual(bobSeen, ['new message'], 'bob heard only that');

  const left = next(alice, 'user left', 10000);
  bob.disconnect();
  deepEqual(await left, { username: 'bob', numUsers: 1 }, 'user left');

  // someone who never picked a name leaves without a "user left"; the count stays right
  const lurker = await connected(user());
  lurker.disconnect();
  const carol = await connected(user());
  const carolJoined = next(alice, 'user joined', 10000);
  deepEqual(await login(carol, 'carol'), { numUsers: 2 }, 'carol login');
  deepEqual(await carolJoined, { username: 'carol', numUsers: 2 }, 'carol joined');
  alice.disconnect();
  carol.disconnect();
});

await run(`[${mode}] ten users logging in at once get ten different counts`, async () => {
  const users = [];
  for (let i = 0; i < 10; i++) users.push(await connected(user()));
  const counts = await Promise.all(users.map((u, i) => login(u, `u${i}`)));
  const seen = counts.map((c) => c.numUsers).sort((a, b) => a - b);
  deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'counts');
  const lastLeft = next(users[0], 'user left', 10000);
  users[9].disconnect();
  deepEqual((await lastLeft).numUsers, 9, 'count after one leaves');
  users.forEach((u) => u.disconnect());
});

opened.forEach((s) => s.close());
finish();
