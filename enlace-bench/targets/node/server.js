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
const { Server } = require('socket.io');
const { SERVER_OPTIONS, serveContract, controlOnStdin } = require('./contract');

const port = parseInt(process.argv[2], 10);
const host = process.argv[3] || '127.0.0.1';
if (!(port > 0)) { console.error('usage: node --expose-gc server.js PORT [HOST]'); process.exit(2); }

const httpServer = http.createServer();
const io = new Server(httpServer, SERVER_OPTIONS);
serveContract(io);
httpServer.listen({ port, host, backlog: 4096 }, () => console.log('READY ' + port));
controlOnStdin(() => process.exit(0));
