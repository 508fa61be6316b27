'use strict';
// Benchmark target for the cluster-fanout scenario: the contract of server.js (docs/benchmarks.md) served by one node
// of a cluster whose nodes share broadcasts through @socket.io/redis-adapter 8.x (classic mode) on one Redis:
//   fanout(payload, ack?) -> io.to('r').emit('msg', payload): local delivery plus one PUBLISH that the other nodes
//   deliver to their own sockets in room r.
// Same stdin control as server.js ("stats", "quit"); prints "READY <port>" once listening and subscribed.
// Usage: node --expose-gc server-redis.js REDIS_URL PORT [HOST=127.0.0.1]
const http = require('http');
const readline = require('readline');
const { Server } = require('socket.io');
const { createAdapter } = require('@socket.io/redis-adapter');
const { createClient } = require('redis');

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
  const io = new Server(httpServer, { pingInterval: 25000, pingTimeout: 20000, maxHttpBufferSize: 1e6, perMessageDeflate: false,
    adapter: createAdapter(pub, sub) });
  io.on('connection', (socket) => {
    socket.on('echo', (arg, ack) => { if (typeof ack === 'function') ack(arg); });
    socket.on('join', (_room, ack) => {
      socket.join('r');
      if (typeof ack === 'function') ack('ok');
    });
    socket.on('fanout', (payload, ack) => {
      io.to('r').emit('msg', payload);
      if (typeof ack === 'function') ack('ok');
    });
  });
  // the adapter subscribes when the namespace is created; wait for the subscription to be in place
  await io.of('/').adapter.serverCount();
  httpServer.listen({ port, host, backlog: 4096 }, () => console.log('READY ' + port));

  const rl = readline.createInterface({ input: process.stdin });
  const quit = async () => {
    io.close();
    for (const c of [pub, sub]) { try { await c.quit(); } catch (e) { /* already closed */ } }
    process.exit(0);
  };
  rl.on('line', (line) => {
    const cmd = line.trim();
    if (cmd === 'stats') {
      if (typeof global.gc === 'function') { global.gc(); global.gc(); }
      const m = process.memoryUsage();
      console.log('STATS heap=' + m.heapUsed + ' direct=' + m.external + ' rss=' + m.rss + ' gc=' + (typeof global.gc === 'function'));
    } else if (cmd === 'quit') {
      quit();
    }
  });
  rl.on('close', quit);
}

main().catch((e) => { console.error(e); process.exit(1); });
