// Connects one socket.io-client per transport mode to <url>, asks for random numbers, prints "connected <mode>", then
// "disconnect <mode> <reason>" when the server goes away; exits when every socket is gone (or after 60 s).
//   node spring/shutdown-client.mjs <base url>
import { io } from 'socket.io-client';

const base = (process.argv[2] || 'http://127.0.0.1:3000').replace(/\/$/, '');
const MODES = { websocket: ['websocket'], polling: ['polling'], upgrade: ['polling', 'websocket'] };
let open = 0;
for (const [mode, transports] of Object.entries(MODES)) {
  const s = io(base + '/', { transports, forceNew: true, reconnection: false });
  open++;
  s.on('connect', async () => {
    if (mode === 'upgrade' && s.io.engine.transport.name !== 'websocket') {
      await new Promise((r) => s.io.engine.once('upgrade', r));
    }
    await s.timeout(5000).emitWithAck('quiero un random', 60000);
    console.log(`connected ${mode}`);
  });
  s.on('disconnect', (reason) => {
    console.log(`disconnect ${mode} ${reason}`);
    if (--open === 0) process.exit(0);
  });
}
setTimeout(() => { console.log('timed out'); process.exit(1); }, 60000);
