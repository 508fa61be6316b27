'use strict';
// Benchmark target: Node socket.io 4.8 (default ws engine, default options) serving the benchmark contract
// defined in docs/benchmarks.md:
//   echo(arg, ack)      -> ack(arg)
//   join(any, ack?)     -> socket joins room "r", then ack("ok") if an ack was asked for
//   fanout(payload, ack?) -> emit "msg" with payload to every socket in room "r", then ack("ok") if asked
//   idle                -> nothing but Engine.IO heartbeats (pingInterval 25000, pingTimeout 20000)
// Control on stdin, one command a line: "stats" -> two forced GCs, then one line
//   STATS heap=<heapUsed bytes> direct=<external bytes> rss=<rss bytes>
// "quit" (or end of stdin) -> exit. Prints "READY <port>" once listening.
// Usage: node --expose-gc server.js PORT [HOST=127.0.0.1]
const http = require('http');
const readline = require('readline');
const { Server } = require('socket.io');

const port = parseInt(process.argv[2], 10);
const host = process.argv[3] || '127.0.0.1';
if (!(port > 0)) { console.error('usage: node --expose-gc server.js PORT [HOST]'); process.exit(2); }

const httpServer = http.createServer();
const io = new Server(httpServer, { pingInterval: 25000, pingTimeout: 20000, maxHttpBufferSize: 1e6, perMessageDeflate: false });

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

httpServer.listen({ port, host, backlog: 4096 }, () => console.log('READY ' + port));

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const cmd = line.trim();
  if (cmd === 'stats') {
    if (typeof global.gc === 'function') { global.gc(); global.gc(); }
    const m = process.memoryUsage();
    console.log('STATS heap=' + m.heapUsed + ' direct=' + m.external + ' rss=' + m.rss + ' gc=' + (typeof global.gc === 'function'));
  } else if (cmd === 'quit') {
    process.exit(0);
  }
});
rl.on('close', () => process.exit(0));
