// Driver of the private messaging example (PrivateMessagingExample): the official Node client plays users with
// several tabs, over one transport mode.   node private-messaging.mjs <base url> <websocket|polling|upgrade>
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
/** A tab: a client with this auth, its session and its users list. */
async function tab(auth) {
  const s = io(base, { ...options, forceNew: true, reconnection: false, auth });
  opened.push(s);
  const events = [];
  s.onAny((event, ...args) => events.push([event, ...args]));
  const [session, users] = await Promise.all([next(s, 'session', 10000), next(s, 'users', 10000)]);
  if (mode === 'upgrade' && s.io.engine.transport.name !== 'websocket') await next(s.io.engine, 'upgrade', 10000);
  check(s.io.engine.transport.name === (mode === 'polling' ? 'polling' : 'websocket'), `transport ${s.io.engine.transport.name}`);
  return { s, session, users, events };
}

await run(`[${mode}] no name, no session: "invalid username"`, async () => {
  const s = io(base, { ...options, forceNew: true, reconnection: false, auth: {} });
  opened.push(s);
  const err = await next(s, 'connect_error', 10000);
  deepEqual(err.message, 'invalid username', 'error');
  const s2 = io(base, { ...options, forceNew: true, reconnection: false, auth: { sessionID: 'unknown' } });
  opened.push(s2);
  deepEqual((await next(s2, 'connect_error', 10000)).message, 'invalid username', 'unknown session');
});

await run(`[${mode}] sessions, users, private messages to every tab, disconnection of the last tab`, async () => {
  const alice = await tab({ username: 'alice' });
  check(/^[0-9a-f]{16}$/.test(alice.session.sessionID) && /^[0-9a-f]{16}$/.test(alice.session.userID), JSON.stringify(alice.session));
  const aliceMe = alice.users.find((u) => u.userID === alice.session.userID);
  deepEqual(aliceMe, { userID: alice.session.userID, username: 'alice', connected: true, messages: [] }, 'alice in her list');

  const bobConnected = next(alice.s, 'user connected', 10000);
  const bob = await tab({ username: 'bob' });
  const ids = bob.users.map((u) => u.userID);
  check(ids.indexOf(alice.session.userID) < ids.indexOf(bob.session.userID), 'users in the order they came');
  deepEqual(await bobConnected, { userID: bob.session.userID, username: 'bob', connected: true, messages: [] }, 'user connected');

  // a second tab of alice: same session, same user
  const alice2 = await tab({ sessionID: alice.session.sessionID });
  deepEqual(alice2.session, alice.session, 'session kept');

  const toBob = next(bob.s, 'private message', 10000);
  const toAlice2 = next(alice2.s, 'private message', 10000);
  alice.s.emit('private message', { content: 'hello bob', to: bob.session.userID });
  const expected = { content: 'hello bob', from: alice.session.userID, to: bob.session.userID };
  deepEqual(await toBob, expected, 'to the recipient');
  deepEqual(await toAlice2, expected, "to the sender's other tab");
  const back = next(alice.s, 'private message', 10000);
  bob.s.emit('private message', { content: 'hi alice', to: alice.session.userID });
  deepEqual(await back, { content: 'hi alice', from: bob.session.userID, to: alice.session.userID }, 'answer');
  check(!alice.events.some(([e, m]) => e === 'private message' && m.content === 'hello bob'), 'the sending tab does not get its own');

  // bob reloads: his session, with the messages of the conversation
  bob.s.disconnect();
  const bobAgain = await tab({ sessionID: bob.session.sessionID });
  deepEqual(bobAgain.session, bob.session, 'bob session kept');
  const aliceSeen = bobAgain.users.find((u) => u.userID === alice.session.userID);
  deepEqual(aliceSeen.messages, [expected, { content: 'hi alice', from: bob.session.userID, to: alice.session.userID }], 'history');

  // alice closes one tab: still connected; then the last one: bob hears "user disconnected" once
  alice.s.disconnect();
  const gone = next(bobAgain.s, 'user disconnected', 10000);
  alice2.s.disconnect();
  deepEqual(await gone, alice.session.userID, 'user disconnected');
  const carol = await tab({ username: 'carol' });
  deepEqual(carol.users.find((u) => u.userID === alice.session.userID).connected, false, 'alice shown offline');
  // (bob's own first tab left while this one connected: a "user disconnected" of bob may have come too)
  deepEqual(bobAgain.events.filter(([e, id]) => e === 'user disconnected' && id === alice.session.userID).length, 1,
    'alice disconnected once');
  bobAgain.s.disconnect();
  carol.s.disconnect();
});

opened.forEach((s) => s.close());
finish();
