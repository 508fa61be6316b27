// The demo's /chat namespace (enlace-demo io.enlace.demo.ChatNamespace) written for Node socket.io 4.8, so a Node.js
// node joins a cluster of Enlace demo nodes, on @socket.io/redis-adapter 8.x (classic or sharded mode) or
// @socket.io/redis-streams-adapter 0.3 (streams), with connection state recovery on as in the demo.
//   node chat-node.js <redisUrl> [classic|sharded|streams]   prints "READY <port>" once listening on 127.0.0.1;
//   stops when stdin closes.
// Contract: auth {name} (1..32 code points; without a name in the auth, the handshake query `name`) or connect_error
// "name required"; Socket.IO v2 clients accepted (allowEIO3); socket.data is {name}; join room -> others
// get joined {room, name}, ack {room, members} (sorted names of the whole room, all nodes, via fetchSockets); say {room,
// text} -> said {room, name, text} to the whole room, ack {ok: true} or {error: "not in room"}; leave room -> left {room,
// name}; disconnecting -> left {room, name} in each chat room; a recovered socket -> joined {room, name} in each of its
// chat rooms. Chat room r is the adapter room "chat:" + r, as on the Enlace side.
"use strict";
const http = require("http");
const { Server } = require("socket.io");
const { createAdapter, createShardedAdapter } = require("@socket.io/redis-adapter");
const streamsAdapter = require("@socket.io/redis-streams-adapter");
const { createClient } = require("redis");

const PREFIX = "chat:";
const MAX_NAME = 32, MAX_ROOM = 64, MAX_TEXT = 2000;
const cps = (s) => [...s].length;
const validName = (n) => (typeof n === "string" && cps(n) >= 1 && cps(n) <= MAX_NAME ? n : null);
const validRoom = (r) => (typeof r === "string" && r.trim() !== "" && cps(r) <= MAX_ROOM ? r : null);
const reply = (cb, v) => { if (typeof cb === "function") cb(v); };

async function main() {
  const url = process.argv[2];
  const kind = process.argv[3] || "classic";
  if (!url || !["classic", "sharded", "streams"].includes(kind)) {
    console.error("usage: node chat-node.js <redisUrl> [classic|sharded|streams]");
    process.exit(2);
  }
  const pub = createClient({ url });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) {
    c.on("error", (e) => process.stderr.write("redis client error: " + e.message + "\n"));
    await c.connect();
  }
  const httpServer = http.createServer();
  const adapter = kind === "streams" ? streamsAdapter.createAdapter(pub)
    : kind === "sharded" ? createShardedAdapter(pub, sub) : createAdapter(pub, sub, { requestsTimeout: 5000 });
  const io = new Server(httpServer, { adapter, allowEIO3: true, connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true } });
  const chat = io.of("/chat");
  chat.use((socket, next) => {
    // auth.name, else the handshake query `name` (how a Socket.IO v2 client gives it), as ChatNamespace.nameGiven
    const auth = socket.handshake.auth || {};
    const given = auth.name !== undefined && auth.name !== null ? auth.name : socket.handshake.query.name;
    const name = validName(given);
    if (!name) return next(new Error("name required"));
    socket.data = { name };
    next();
  });
  chat.on("connection", (socket) => {
    const name = socket.data.name;
    if (socket.recovered) {
      for (const key of socket.rooms) {
        if (key.startsWith(PREFIX)) socket.to(key).emit("joined", { room: key.slice(PREFIX.length), name });
      }
    }
    socket.on("join", async (r, cb) => {
      const room = validRoom(r);
      if (!room) return reply(cb, { error: "invalid room: send a name of 1 to " + MAX_ROOM + " characters" });
      const key = PREFIX + room;
      if (!socket.rooms.has(key)) {
        socket.join(key);
        socket.to(key).emit("joined", { room, name });
      }
      if (typeof cb !== "function") return;
      try {
        const sockets = await chat.in(key).fetchSockets();
        cb({ room, members: sockets.map((s) => String(s.data.name)).sort() });
      } catch (e) {
        cb({ error: "cannot list the members: " + e.message });
      }
    });
    socket.on("say", (msg, cb) => {
      const room = msg && typeof msg === "object" ? validRoom(msg.room) : null;
      if (!room || typeof msg.text !== "string" || msg.text.length > MAX_TEXT) {
        return reply(cb, { error: "invalid message: send {room, text} with a text of at most " + MAX_TEXT + " characters" });
      }
      const key = PREFIX + room;
      if (!socket.rooms.has(key)) return reply(cb, { error: "not in room" });
      chat.to(key).emit("said", { room, name, text: msg.text });
      reply(cb, { ok: true });
    });
    socket.on("leave", (r, cb) => {
      const room = validRoom(r);
      const key = room && PREFIX + room;
      if (!key || !socket.rooms.has(key)) return reply(cb, { error: "not in room" });
      socket.leave(key);
      chat.to(key).emit("left", { room, name });
      reply(cb, { ok: true });
    });
    socket.on("disconnecting", () => {
      for (const key of socket.rooms) {
        if (key.startsWith(PREFIX)) socket.to(key).emit("left", { room: key.slice(PREFIX.length), name });
      }
    });
  });
  await new Promise((r) => httpServer.listen(0, "127.0.0.1", r));
  console.log("READY " + httpServer.address().port);
  process.stdin.resume();
  process.stdin.on("end", async () => {
    io.close();
    for (const c of [pub, sub]) { try { await c.quit(); } catch (e) { /* already closed */ } }
    process.exit(0);
  });
}

main().catch((e) => { console.error(e); process.exit(1); });
