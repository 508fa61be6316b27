// One socket.io-client connection (WebSocket) multiplexing two sockets of the demo contract: "/" asks for random
// numbers <asks> times (with an ack each, every 600000 ms so that no number comes), "/chat" joins a room and says
// something in it. Prints "ready <json>" with what the server answered, then keeps both sockets connected; the line
// "leave chat" on stdin disconnects the /chat socket (prints "left chat <reason>"). Runs until killed, 5 minutes at
// most; exits 1 when not ready within 60 s or on an unexpected answer.
//   node spring/metrics-client.mjs <base url> [asks]
import { io } from 'socket.io-client';
import { createInterface } from 'node:readline';

const base = (process.argv[2] || 'http://127.0.0.1:3000').replace(/\/$/, '');
const asks = Number(process.argv[3] || 3);
const fail = (why) => { console.log(`failed: ${why}`); process.exit(1); };
const setup = setTimeout(() => fail('timed out'), 60000);

const options = { transports: ['websocket'], reconnection: false };
const main = io(base + '/', options);
const chat = io(base + '/chat', { ...options, auth: { name: 'ana' } }); // same manager: one connection
const connected = (s) => new Promise((resolve, reject) => {
  if (s.connected) return resolve();
  s.once('connect', resolve);
  s.once('connect_error', (e) => reject(new Error(`connect_error ${e.message}`)));
});

try {
  const welcome = new Promise((resolve) => main.once('bienvenida', resolve));
  const said = new Promise((resolve) => chat.once('said', resolve));
  await Promise.all([connected(main), connected(chat)]);
  const answers = { bienvenida: await welcome, cada: [] };
  for (let i = 0; i < asks; i++) {
    const ack = await main.timeout(5000).emitWithAck('quiero un random', 600000);
    if (ack.cada !== 600000) fail(`quiero un random answered ${JSON.stringify(ack)}`);
    answers.cada.push(ack.cada);
  }
  answers.join = await chat.timeout(5000).emitWithAck('join', 'sala');
  answers.say = await chat.timeout(5000).emitWithAck('say', { room: 'sala', text: 'hola' });
  answers.said = await said;
  if (!answers.say.ok) fail(`say answered ${JSON.stringify(answers.say)}`);
  clearTimeout(setup);
  console.log(`ready ${JSON.stringify(answers)}`);
  setTimeout(() => process.exit(0), 300000).unref(); // connected at most 5 minutes
} catch (e) {
  fail(e.message);
}

// "leave chat": the /chat socket leaves (a DISCONNECT packet; the connection stays open for "/")
const stdin = createInterface({ input: process.stdin });
stdin.on('line', (line) => {
  if (line.trim() !== 'leave chat') return;
  chat.once('disconnect', (reason) => console.log(`left chat ${reason}`));
  chat.disconnect();
});
