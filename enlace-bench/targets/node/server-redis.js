'use strict';
// Benchmark target for the cluster-fanout scenarios: the contract of server.js (docs/benchmarks.md) served by one node
// of a cluster whose nodes share broadcasts through @socket.io/redis-adapter 8.x (classic mode) on one Redis, or with
// REDIS_ADAPTER=streams through @socket.io/redis-streams-adapter 0.3 (cluster-fanout-streams):
//   fanout(payload, ack?) -> io.to('r').emit('msg', payload): local delivery plus one PUBLISH (or XADD) that the other
//   nodes deliver to their own sockets in room r.
// Same stdin control as server.js ("stats", "quit"); prints "READY <port>" once listening and subscribed.
// Usage: node --expose-gc server-redis.js REDIS_URL PORT [HOST=127.0.0.1]
const http = require('http');
const { Server } = require('socket.io');
const { createAdapter } = require('@socket.io/redis-adapter');
const streams = process.env.REDIS_ADAPTER === 'streams';
const { createClient } = require('redis');
const { SERVER_OPTIONS, serveContract, controlOnStdin } = require('./contract');

const url = process.argv[2];
const port = parseInt(process.argv[3], 10);
const host = process.argv[4] || '127.0.0.1';
if (!url || !(port > 0)) { console.error('usage: node --expose-gc server-redis.js REDIS_URL PORT [HOST]'); process.exit(2); }

async function main() {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) {
    c.on('error', (e) => console.error('redis client error: ' + e.message));
    await c.connect();
  }
  const httpServer = http.createServer();
  const adapter = streams ? require('@socket.io/redis-streams-adapter').createAdapter(pub) : createAdapter(pub, sub);
  const io = new Server(httpServer, { ...SERVER_OPTIONS, adapter });
  serveContract(io);
  // the adapter subscribes when the namespace is created; wait for the subscription to be in place
  await io.of('/').adapter.serverCount();
  httpServer.listen({ port, host, backlog: 4096 }, () => console.log('READY ' + port));
  controlOnStdin(async () => {
    io.close();
    for (const c of [pub, sub]) { try { await c.quit(); } catch (e) { /* already closed */ } }
    process.exit(0);
  });
}

main().catch((e) => { console.error(e); process.exit(1); });
