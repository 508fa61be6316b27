// The demo's /chat caps the chat rooms of one connection (100): one client firing thousands of joins gets a clear
// error past the cap, while a witness keeps talking and a new client connects. Before the cap (and with socket.rooms()
// copied on every call) 30,000 joins from one client stalled every other client for seconds.
//   node demo/chat-rooms-cap.mjs <base url> [joins]
import { io } from 'socket.io-client';
import { run, check, deepEqual, finish, next, nextPayload } from '../lib/harness.mjs';

const [base, joinsArg] = process.argv.slice(2, 4);
const JOINS = Number(joinsArg || 5000);
const MAX_ROOMS = 100;
const url = base.replace(/\/$/, '') + '/chat';
const client = (name, transport = 'websocket') =>
  io(url, { transports: [transport], forceNew: true, reconnection: false, auth: { name } });

await run(`one client fires ${JOINS} joins: ${MAX_ROOMS} accepted, the rest refused; others keep being served`, async () => {
  const attacker = client('attacker');
  const witness = client('witness');
  try {
    await Promise.all([next(attacker, 'connect', 10000), next(witness, 'connect', 10000)]);
    await witness.timeout(5000).emitWithAck('join', 'lobby');
    const acks = [];
    for (let i = 0; i < JOINS; i++) acks.push(attacker.timeout(60000).emitWithAck('join', `flood-${i}`));
    // meanwhile the witness talks, one round trip at a time
    for (let i = 0; i < 20; i++) {
      const said = nextPayload(witness, 'said', 10000);
      deepEqual(await witness.timeout(10000).emitWithAck('say', { room: 'lobby', text: `t${i}` }), { ok: true }, 'say ack');
      deepEqual(await said, { room: 'lobby', name: 'witness', text: `t${i}` }, 'said');
    }
    const late = client('late', 'polling');
    await next(late, 'connect', 10000);
    late.close();
    const results = await Promise.all(acks);
    const accepted = results.filter((r) => Array.isArray(r.members));
    const refused = results.filter((r) => typeof r.error === 'string');
    check(accepted.length === MAX_ROOMS, `accepted ${accepted.length}`);
    check(refused.length === JOINS - MAX_ROOMS, `refused ${refused.length}`);
    check(refused[0].error.startsWith('too many rooms: a connection may be in at most 100 chat rooms'), refused[0].error);
    // a room left frees a place
    deepEqual(await attacker.timeout(5000).emitWithAck('leave', 'flood-0'), { ok: true }, 'leave ack');
    const again = await attacker.timeout(5000).emitWithAck('join', 'one-more');
    deepEqual(again.room, 'one-more', 'join after a leave');
    check((await attacker.timeout(5000).emitWithAck('join', 'one-too-many')).error, 'cap again');
  } finally {
    attacker.close();
    witness.close();
  }
}, 120000);
finish();
