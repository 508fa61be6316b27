// Connects to the demo's /chat as <name>, joins <room>, prints the join ack as one JSON line, then says <text> and
// prints the `said` it gets back.   node demo/chat-join.mjs <base url> <name> <room> <text>
import { io } from 'socket.io-client';
import { run, check, deepEqual, finish, next, nextPayload } from '../lib/harness.mjs';

const [base, name, room, text] = process.argv.slice(2, 6);
await run(`${name} joins ${room} and says something`, async () => {
  const s = io(base.replace(/\/$/, '') + '/chat', { transports: ['websocket'], forceNew: true, reconnection: false, auth: { name } });
  try {
    await next(s, 'connect', 10000);
    const ack = await s.timeout(8000).emitWithAck('join', room);
    console.log('join ack ' + JSON.stringify(ack));
    const said = nextPayload(s, 'said', 8000);
    deepEqual(await s.timeout(8000).emitWithAck('say', { room, text }), { ok: true }, 'say ack');
    deepEqual(await said, { room, name, text }, 'said');
    check(Array.isArray(ack.members), 'members in ' + JSON.stringify(ack));
  } finally {
    s.close();
  }
});
finish();
