// A Node socket.io 4.8 server using @socket.io/redis-adapter 8.x (classic mode), plus an @socket.io/redis-emitter and
// socket.io-client instances, driven over stdin/stdout (one JSON command per line) by Enlace's NodeInteropTest.
// Usage: node node-peer.js <redisPort> [classic|sharded|specific|streams]  (sharded: createShardedAdapter, SPUBLISH,
// Redis 7+; specific: classic with publishOnSpecificResponseChannel; streams: @socket.io/redis-streams-adapter 0.3 with
// connection state recovery on, and the emitter messages of @socket.io/redis-streams-emitter written with XADD).
// Clients may connect through a TCP proxy of their own, which the test cuts and points at another server: the client
// then reconnects there with its pid and offset (connection state recovery across servers).
// The server accepts Socket.IO v2 clients too (allowEIO3), and connectV2Client makes socket.io-client 2.5.0 clients
// (package alias socket.io-client-v2) for MixedClusterV2Test: v2 and v4 clients of one room across the cluster.
// Everything listens and connects on 127.0.0.1 only.
"use strict";
const http = require("http");
const readline = require("readline");
const { Server } = require("socket.io");
const { io: connect } = require("socket.io-client");
const connectV2 = require("socket.io-client-v2");
const net = require("net");
const { createAdapter, createShardedAdapter } = require("@socket.io/redis-adapter");
const streamsAdapter = require("@socket.io/redis-streams-adapter");
const msgpack = require("@msgpack/msgpack");
const { Emitter } = require("@socket.io/redis-emitter");
const { createClient } = require("redis");

const redisPort = Number(process.argv[2]);
const sharded = process.argv[3] === "sharded";
const specific = process.argv[3] === "specific"; // publishOnSpecificResponseChannel
const streams = process.argv[3] === "streams";
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
function hasBinary(v) {
  if (v === null || typeof v !== "object") return false;
  if (Buffer.isBuffer(v) || v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return true;
  return Object.values(v).some(hasBinary);
}
function untag(v) {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(untag);
  if ("$bin" in v) return Buffer.from(v.$bin, "hex");
  const out = {};
  for (const k of Object.keys(v)) out[k] = untag(v[k]);
  return out;
}

// A TCP proxy on 127.0.0.1 in front of one server, which the test can cut and point at another one.
function startProxy(initialTarget) {
  let target = initialTarget;
  let refusing = false;
  const open = new Set();
  const server = net.createServer((client) => {
    if (refusing) { client.destroy(); return; }
    const upstream = net.connect(target, "127.0.0.1");
    open.add(client); open.add(upstream);
    const end = () => { client.destroy(); upstream.destroy(); open.delete(client); open.delete(upstream); };
    client.on("error", end); upstream.on("error", end);
    client.on("close", end); upstream.on("close", end);
    client.pipe(upstream); upstream.pipe(client);
  });
  const proxy = {
    get port() { return server.address().port; },
    cut() { refusing = true; for (const s of open) s.destroy(); open.clear(); },
    point(port) { target = port; refusing = false; },
    close() { proxy.cut(); server.close(); },
  };
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(proxy)));
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
  const adapter = streams ? streamsAdapter.createAdapter(pub)
    : sharded ? createShardedAdapter(pub, sub) : createAdapter(pub, sub, { requestsTimeout: 3000, publishOnSpecificResponseChannel: specific });
  const io = new Server(httpServer, streams
    ? { adapter, connectionStateRecovery: { maxDisconnectionDuration: 120000, skipMiddlewares: true }, pingInterval: 1000, pingTimeout: 1000, allowEIO3: true }
    : { adapter, allowEIO3: true });
  const emitter = new Emitter(emitterClient);
  const serverSide = [];
  io.on("ping-cluster", (arg, cb) => {
    serverSide.push(arg);
    if (typeof cb === "function") cb({ pong: NAME, got: arg });
  });
  io.on("connection", (socket) => {
    if (!socket.recovered) socket.data = { node: NAME };
    socket.on("join", (room, cb) => { socket.join(room); if (cb) cb("joined"); });
  });
  await new Promise((r) => httpServer.listen(0, "127.0.0.1", r));

  const clients = new Map();

  // What @socket.io/redis-streams-emitter writes (uid "emitter", the packet's nsp set for broadcasts), with XADD.
  function streamsEmitter(nsp, type, data) {
    if (type === 3) data.packet.nsp = nsp;
    const binary = type === 3 && hasBinary(data);
    const payload = { uid: "emitter", nsp, type: String(type),
      data: binary ? Buffer.from(msgpack.encode(data)).toString("base64") : JSON.stringify(data) };
    return raw.xAdd("socket.io", "*", payload, { TRIM: { strategy: "MAXLEN", strategyModifier: "~", threshold: 10000 } });
  }
  const emitterOpts = (rooms, except) => ({ rooms: rooms || [], except: except || [], flags: {} });
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
    emitterEmit: async ({ rooms, event, args }) => {
      if (streams) await streamsEmitter("/", 3, { packet: { type: 2, data: [event, ...untag(args || [])] }, opts: emitterOpts(rooms) });
      else emitter.to(rooms || []).emit(event, ...untag(args || []));
      return true;
    },
    emitterJoin: async ({ rooms, room }) => {
      if (streams) await streamsEmitter("/", 4, { opts: emitterOpts(rooms), rooms: [room] });
      else emitter.in(rooms).socketsJoin(room);
      return true;
    },
    emitterLeave: async ({ rooms, room }) => {
      if (streams) await streamsEmitter("/", 5, { opts: emitterOpts(rooms), rooms: [room] });
      else emitter.in(rooms).socketsLeave(room);
      return true;
    },
    emitterDisconnect: async ({ rooms, close }) => {
      if (streams) await streamsEmitter("/", 6, { opts: emitterOpts(rooms), close: !!close });
      else emitter.in(rooms || []).disconnectSockets(close);
      return true;
    },
    emitterServerSideEmit: async ({ arg }) => {
      if (streams) await streamsEmitter("/", 9, { packet: ["ping-cluster", arg] });
      else emitter.serverSideEmit("ping-cluster", arg);
      return true;
    },
    socketInfo: ({ id }) => {
      const s = io.of("/").sockets.get(id);
      return s ? { id: s.id, rooms: [...s.rooms], data: s.data, recovered: s.recovered } : null;
    },
    // proxied: the client connects through a TCP proxy of its own (see cutClient/pointClient) and reconnects by itself
    connectClient: async ({ name, port, room, transports, proxied }) => {
      const target = port || httpServer.address().port;
      const proxy = proxied ? await startProxy(target) : null;
      return new Promise((resolve, reject) => {
      const url = `http://127.0.0.1:${proxy ? proxy.port : target}`;
      const c = connect(url, proxied
        ? { transports: transports || ["websocket"], reconnectionDelay: 100, reconnectionDelayMax: 300, randomizationFactor: 0 }
        : { transports: transports || ["websocket"], reconnection: false });
      const rec = { socket: c, events: [], disconnected: false, connects: [], proxy };
      clients.set(name, rec);
      c.onAny((event, ...args) => {
        const last = args[args.length - 1];
        if (typeof last === "function") { args.pop(); last(`answer-from-${name}`); }
        rec.events.push([event, ...args.map(tag)]);
      });
      c.on("disconnect", (reason) => { rec.disconnected = true; rec.lastReason = reason; });
      c.on("connect_error", (e) => { if (!proxied) reject(e); });
      c.on("connect", () => {
        rec.connects.push({ id: c.id, recovered: c.recovered, transport: c.io.engine.transport.name });
        if (rec.connects.length > 1) return;
        room ? c.emit("join", room, () => resolve(c.id)) : resolve(c.id);
      });
      });
    },
    // a socket.io-client 2.5.0 client (Engine.IO v3) on the server at `port` (default: this one), in `room`: it has no
    // onAny, so it records the events named in `events` (and answers their acks, as connectClient's clients do)
    connectV2Client: ({ name, port, room, transports, events, query }) => new Promise((resolve, reject) => {
      const url = `http://127.0.0.1:${port || httpServer.address().port}`;
      const c = connectV2(url, { transports: transports || ["websocket"], reconnection: false, forceNew: true, query: query || {} });
      const rec = { socket: c, events: [], disconnected: false, connects: [], proxy: null };
      clients.set(name, rec);
      for (const event of events || []) {
        c.on(event, (...args) => {
          const last = args[args.length - 1];
          if (typeof last === "function") { args.pop(); last(`answer-from-${name}`); }
          rec.events.push([event, ...args.map(tag)]);
        });
      }
      c.on("disconnect", (reason) => { rec.disconnected = true; rec.lastReason = reason; });
      c.on("error", (e) => { rec.events.push(["error", tag(e)]); reject(new Error("v2 client error: " + JSON.stringify(e))); });
      c.on("connect_error", (e) => reject(e));
      c.on("connect", () => {
        rec.connects.push({ id: c.id, transport: c.io.engine.transport.name, protocol: c.io.engine.transport.query.EIO });
        if (rec.connects.length > 1) return;
        room ? c.emit("join", room, () => resolve(c.id)) : resolve(c.id);
      });
    }),
    clientEvents: ({ name }) => { const r = clients.get(name); return { events: r.events.splice(0), disconnected: r.disconnected }; },
    clientState: ({ name }) => {
      const r = clients.get(name);
      return { id: r.socket.id, connected: r.socket.connected, connects: r.connects, lastReason: r.lastReason || null };
    },
    // cuts every connection of the client's proxy and refuses new ones until pointClient
    cutClient: ({ name }) => { clients.get(name).proxy.cut(); return true; },
    pointClient: ({ name, port }) => { clients.get(name).proxy.point(port); return true; },
    closeClient: ({ name }) => {
      const r = clients.get(name);
      if (r) { r.socket.close(); if (r.proxy) r.proxy.close(); }
      clients.delete(name);
      return true;
    },
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
