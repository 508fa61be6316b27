// A Node socket.io 4.8 node of a Redis cluster (classic @socket.io/redis-adapter 8.3), instrumented with
// @socket.io/admin-ui 0.5.1 (basic auth admin/s3cret, serverId from the command line, development mode), for the mixed
// Node + Enlace cluster of enlace-demo's AdminClusterTest.
//   node admin/admin-node.mjs <redis port> <serverId>
// Prints "READY <port>" once listening on 127.0.0.1; stops when its stdin closes. Application namespace "/": greets
// each socket with "welcome", answers "hello" and "rooms" (acks).
import http from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { instrument } from '@socket.io/admin-ui';
import { createClient } from 'redis';
import bcrypt from 'bcryptjs';

const [redisPort, serverId] = process.argv.slice(2);
const pub = createClient({ url: `redis://127.0.0.1:${redisPort}` });
const sub = pub.duplicate();
for (const c of [pub, sub]) {
  c.on('error', (e) => process.stderr.write('redis client error: ' + e.message + '\n'));
  await c.connect();
}
const httpServer = http.createServer();
const io = new Server(httpServer, { adapter: createAdapter(pub, sub, { requestsTimeout: 3000 }) });
instrument(io, {
  auth: { type: 'basic', username: 'admin', password: bcrypt.hashSync('s3cret', 8) },
  serverId,
  mode: 'development',
});
io.on('connection', (socket) => {
  socket.emit('welcome', { node: serverId });
  socket.on('hello', (x, cb) => cb && cb('hi ' + x));
  socket.on('rooms', (cb) => cb([...socket.rooms]));
});
await new Promise((r) => httpServer.listen(0, '127.0.0.1', r));
process.stdout.write('READY ' + httpServer.address().port + '\n');
process.stdin.resume();
process.stdin.on('end', async () => {
  io.close();
  await Promise.allSettled([pub.quit(), sub.quit()]);
  process.exit(0);
});
