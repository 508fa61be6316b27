// A Node socket.io 4.8 server using @socket.io/redis-adapter 8.x (classic mode), plus an @socket.io/redis-emitter and
// socket.io-client instances, driven over stdin/stdout (one JSON command per line) by Enlace's NodeInteropTest.
// Usage: node node-peer.js <redisPort> [classic|sharded|specific]  (sharded: createShardedAdapter, SPUBLISH, Redis 7+;
// specific: classic with publishOnSpecificResponseChannel). Everything listens and connects on 127.0.0.1 only.
"use strict";
const http = require("http");
const readline = require("readline");
const { Server } = require("socket.io");
const { io: connect } = require("socket.io-client");
const { createAdapter, createShardedAdapter } = require("@socket.io/redis-adapter");
const { Emitter } = require("@socket.io/redis-emitter");
const { createClient } = require("redis");

const redisPort = Number(process.argv[2]);
const sharded = process.argv[3] === "sharded";
const specific = process.argv[3] === "specific"; // publishOnSpecificResponseChannel
const NAME = "N";

function tag(v) {
  if (v === undefined) return { $undefined: true };
  if (v === null || typeof v !== "object") return v;
  if (Buffer.isBuffer(v) || v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return { $bin: Buffer.from(v.buffer ? v : new Uint8Array(v)).toString("hex") };
  if (v instanceof Date) return { $date: v.getTime() };
  if (Array.isArray(v)) return v.map(tag);
  const out = {};
  for (const k of Object.keys(v)) out[k] = tag(v[k]);
  return out;
}
function untag(v) {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(untag);
  if ("$bin" in v) return Buffer.from(v.$bin, "hex");
  const out = {};
  for (const k of Object.keys(v)) out[k] = untag(v[k]);
  return out;
}

async function main() {
  const url = `redis://127.0.0.1:${redisPort}`;
  const pub = createClient({ url });
  const sub = pub.duplicate();
  const raw = pub.duplicate();
  const rawSub = pub.duplicate();
  const emitterClient = pub.duplicate();
  for (const c of [pub, sub, raw, rawSub, emitterClient]) {
    c.on("error", (e) => process.stderr.write("redis client error: " + e.message + "\n"));
    await c.connect();
  }
  const httpServer = http.createServer();
  const adapter = sharded ? createShardedAdapter(pub, sub) : createAdapter(pub, sub, { requestsTimeout: 3000, publishOnSpecificResponseChannel: specific });
  const io = new Server(httpServer, { adapter });
  const emitter = new Emitter(emitterClient);
  const serverSide = [];
  io.on("ping-cluster", (arg, cb) => {
    serverSide.push(arg);
    if (typeof cb === "function") cb({ pong: NAME, got: arg });
  });
  io.on("connection", (socket) => {
    socket.data = { node: NAME };
    socket.on("join", (room, cb) => { socket.join(room); if (cb) cb("joined"); });
  });
  await new Promise((r) => httpServer.listen(0, "127.0.0.1", r));

  const clients = new Map();
  const rawResponses = [];
  await rawSub.subscribe("socket.io-response#/#", (msg) => rawResponses.push(msg));

  const commands = {
    serverCount: () => io.of("/").adapter.serverCount(),
    uid: () => io.of("/").adapter.uid,
    localRooms: () => Object.fromEntries([...io.of("/").adapter.rooms].map(([k, v]) => [k, [...v]])),
    emit: ({ rooms, except, event, args }) => {
      let op = io.to(rooms || []);
      if (except) op = op.except(except);
      op.emit(event, ...untag(args || []));
      return true;
    },
    emitWithAck: async ({ rooms, event, args, timeout }) => io.timeout(timeout || 2000).to(rooms || []).emitWithAck(event, ...untag(args || [])),
    fetchSockets: async ({ rooms }) => (await io.in(rooms || []).fetchSockets()).map((s) => ({ id: s.id, rooms: [...s.rooms], data: s.data, address: s.handshake.address, query: s.handshake.query })),
    remoteEmit: async ({ rooms, event, args }) => { const l = await io.in(rooms).fetchSockets(); l.forEach((s) => s.emit(event, ...untag(args || []))); return l.length; },
    remoteJoin: async ({ rooms, room }) => { const l = await io.in(rooms).fetchSockets(); l.forEach((s) => s.join(room)); return l.length; },
    remoteLeave: async ({ rooms, room }) => { const l = await io.in(rooms).fetchSockets(); l.forEach((s) => s.leave(room)); return l.length; },
    remoteDisconnect: async ({ rooms }) => { const l = await io.in(rooms).fetchSockets(); l.forEach((s) => s.disconnect(true)); return l.length; },
    socketsJoin: ({ rooms, room }) => { io.in(rooms).socketsJoin(room); return true; },
    socketsLeave: ({ rooms, room }) => { io.in(rooms).socketsLeave(room); return true; },
    disconnectSockets: ({ rooms, close }) => { io.in(rooms).disconnectSockets(close); return true; },
    serverSideEmit: ({ arg }) => { io.serverSideEmit("ping-cluster", untag(arg)); return true; },
    serverSideEmitWithAck: async ({ arg }) => io.serverSideEmitWithAck("ping-cluster", untag(arg)),
    serverSideReceived: () => serverSide.splice(0),
    allRooms: async () => [...(await io.of("/").adapter.allRooms())],
    // publishes a request as a peer would and returns the responses to it once `expect` of them (default 1) came in,
    // or whatever came within waitMs (default 5 s)
    rawRequest: async ({ request, expect, waitMs }) => {
      rawResponses.length = 0;
      await raw.publish("socket.io-request#/#", JSON.stringify(request));
      const answers = () => rawResponses.map((m) => JSON.parse(m)).filter((m) => m.requestId === request.requestId);
      const end = Date.now() + (waitMs || 5000);
      while (answers().length < (expect || 1) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      return answers();
    },
    emitterEmit: ({ rooms, event, args }) => { emitter.to(rooms || []).emit(event, ...untag(args || [])); return true; },
    emitterJoin: ({ rooms, room }) => { emitter.in(rooms).socketsJoin(room); return true; },
    emitterLeave: ({ rooms, room }) => { emitter.in(rooms).socketsLeave(room); return true; },
    emitterDisconnect: ({ rooms, close }) => { emitter.in(rooms || []).disconnectSockets(close); return true; },
    emitterServerSideEmit: ({ arg }) => { emitter.serverSideEmit("ping-cluster", arg); return true; },
    connectClient: ({ name, port, room }) => new Promise((resolve, reject) => {
      const c = connect(`http://127.0.0.1:${port || httpServer.address().port}`, { transports: ["websocket"], reconnection: false });
      const rec = { socket: c, events: [], disconnected: false };
      clients.set(name, rec);
      c.onAny((event, ...args) => {
        const last = args[args.length - 1];
        if (typeof last === "function") { args.pop(); last(`answer-from-${name}`); }
        rec.events.push([event, ...args.map(tag)]);
      });
      c.on("disconnect", () => { rec.disconnected = true; });
      c.on("connect_error", reject);
      c.on("connect", () => room ? c.emit("join", room, () => resolve(c.id)) : resolve(c.id));
    }),
    clientEvents: ({ name }) => { const r = clients.get(name); return { events: r.events.splice(0), disconnected: r.disconnected }; },
    closeClient: ({ name }) => { const r = clients.get(name); if (r) r.socket.close(); clients.delete(name); return true; },
  };

  process.stdout.write(JSON.stringify({ ready: true, port: httpServer.address().port, uid: io.of("/").adapter.uid }) + "\n");
  const rl = readline.createInterface({ input: process.stdin });
  rl.on("line", async (line) => {
    const { id, cmd, args } = JSON.parse(line);
    try {
      const result = await commands[cmd](args || {});
      process.stdout.write(JSON.stringify({ id, result: tag(result) }) + "\n");
    } catch (e) {
      process.stdout.write(JSON.stringify({ id, error: String(e && e.message || e) }) + "\n");
    }
  });
  rl.on("close", async () => {
    for (const r of clients.values()) r.socket.close();
    io.close();
    for (const c of [pub, sub, raw, rawSub, emitterClient]) { try { await c.quit(); } catch (e) { /* already closed */ } }
    process.exit(0);
  });
}
setTimeout(() => { process.stderr.write("node-peer: 120 s limit reached\n"); process.exit(2); }, 120000).unref();
main().catch((e) => { process.stderr.write(String(e.stack || e) + "\n"); process.exit(1); });
