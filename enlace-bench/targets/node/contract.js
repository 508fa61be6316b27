'use strict';
// The benchmark contract (docs/benchmarks.md) and the harness's stdin control, shared by server.js and
// server-redis.js.
const readline = require('readline');

const SERVER_OPTIONS = { pingInterval: 25000, pingTimeout: 20000, maxHttpBufferSize: 1e6, perMessageDeflate: false };

// echo -> ack(arg); join -> room "r" then ack("ok"); fanout -> emit "msg" to room "r" then ack("ok")
function serveContract(io) {
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
}

// "stats" -> two forced GCs, then STATS heap=<heapUsed> direct=<external> rss=<rss>; "quit" or end of stdin -> quit()
function controlOnStdin(quit) {
  const rl = readline.createInterface({ input: process.stdin });
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

module.exports = { SERVER_OPTIONS, serveContract, controlOnStdin };
