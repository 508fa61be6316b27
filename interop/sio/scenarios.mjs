// Interop scenarios for socket.io-client 4.8 against an Enlace server started by the Java test
// (InteropServers). Usage: node scenarios.mjs <port> <websocket|polling|upgrade> [recovery]
// Prints "OK <name>" per passed check and exits 0 when all passed, 1 otherwise.
import { io } from "socket.io-client";

const [port, mode, suite] = process.argv.slice(2);
const url = `http://127.0.0.1:${port}`;
const transports = mode === "websocket" ? ["websocket"] : mode === "polling" ? ["polling"] : ["polling", "websocket"];
const base = { transports, upgrade: mode === "upgrade", forceNew: true, reconnection: false, timeout: 5000 };

let failed = false;
const ok = (name) => console.log(`OK ${name}`);
const fail = (name, err) => { failed = true; console.log(`FAIL ${name}: ${err && err.stack ? err.stack : err}`); };
const eq = (a, b, what) => {
  const ja = JSON.stringify(a), jb = JSON.stringify(b);
  if (ja !== jb) throw new Error(`${what}: expected ${jb}, got ${ja}`);
};
const once = (s, ev, ms = 4000) => new Promise((resolve, reject) => {
  const t = setTimeout(() => reject(new Error(`no ${ev} within ${ms} ms`)), ms);
  s.once(ev, (...args) => { clearTimeout(t); resolve(args); });
});
const connect = async (nsp = "/", opts = {}) => {
  const s = io(url + nsp, { ...base, ...opts });
  await once(s, "connect");
  return s;
};
// emits with an ack and resolves with all the ack arguments (emitWithAck keeps only the first)
const ackAll = (s, ev, ...args) => new Promise((resolve, reject) => {
  s.timeout(3000).emit(ev, ...args, (err, ...res) => (err ? reject(err) : resolve(res)));
});
async function check(name, fn) {
  try { await fn(); ok(name); } catch (e) { fail(name, e); }
}

async function main() {
  const sockets = [];
  const open = async (nsp, opts) => { const s = await connect(nsp, opts); sockets.push(s); return s; };

  await check("connect", async () => {
    const s = await open("/", { auth: { token: "abc" } });
    if (!s.id || s.id.length !== 20) throw new Error("bad id " + s.id);
    const again = await s.timeout(3000).emitWithAck("whoami");
    eq(again.auth, { token: "abc" }, "auth");
    eq(again.id, s.id, "id");
    if (mode === "upgrade") {
      if (s.io.engine.transport.name !== "websocket") await once(s.io.engine, "upgrade");
      eq(s.io.engine.transport.name, "websocket", "transport after upgrade");
    } else {
      eq(s.io.engine.transport.name, mode, "transport");
    }
  });

  await check("events both ways", async () => {
    const s = sockets[0];
    s.emit("message", 1, "two", { three: [true, null] });
    const args = await once(s, "message-back");
    eq(args, [1, "two", { three: [true, null] }], "message-back");
  });

  await check("client ack (server answers)", async () => {
    const s = sockets[0];
    const res = await ackAll(s, "echo", { a: 1 }, "b");
    eq(res, [{ a: 1 }, "b"], "ack args");
  });

  await check("client ack timeout", async () => {
    const s = sockets[0];
    try {
      await s.timeout(300).emitWithAck("never-acks");
      throw new Error("no timeout");
    } catch (e) {
      if (!String(e.message).includes("operation has timed out")) throw e;
    }
  });

  await check("server ack (client answers) and server timeout", async () => {
    const s = sockets[0];
    s.on("question", (x, cb) => cb({ answer: x * 2 }));
    s.on("ignored-question", () => {});
    const [answer] = await Promise.all([once(s, "server-got"), s.emit("ask-me", 21)]).then((r) => r[0]);
    eq(answer, { answer: 42 }, "server got");
    s.emit("ask-me-timeout");
    const [err] = await once(s, "server-timeout");
    eq(err, "operation has timed out", "server timeout message");
  });

  await check("binary both ways, nested and in acks", async () => {
    const s = sockets[0];
    const payload = { file: Buffer.from([1, 2, 3]), list: [Buffer.from([4]), { deep: Buffer.from([5, 6]) }] };
    const [back, second] = await ackAll(s, "echo-binary", payload, Buffer.from([0]));
    eq([...second], [0], "second binary arg");
    eq([...back.file], [1, 2, 3], "file");
    eq([...back.list[0]], [4], "list[0]");
    eq([...back.list[1].deep], [5, 6], "deep");
    s.emit("send-me-binary");
    const [srv] = await once(s, "binary-from-server");
    eq([...srv.data], [9, 8, 7], "server binary");
    eq(srv.name, "blob", "name beside binary");
  });

  await check("rooms and broadcast", async () => {
    const a = sockets[0];
    const b = await open("/");
    const c = await open("/");
    await a.timeout(3000).emitWithAck("join", "room1");
    await b.timeout(3000).emitWithAck("join", "room1");
    let cGot = false;
    c.on("room-msg", () => { cGot = true; });
    const aGot = once(a, "room-msg");
    c.emit("to-room", "room1", "hi");
    const [m1] = await once(b, "room-msg");
    eq(m1, "hi", "b got");
    eq((await aGot)[0], "hi", "a got");
    b.emit("to-room", "room1", "from-b"); // b excluded (socket.to excludes the sender)
    const [m2] = await once(a, "room-msg");
    eq(m2, "from-b", "a got");
    const all = Promise.all([once(a, "everyone"), once(b, "everyone"), once(c, "everyone")]);
    a.emit("broadcast-all", 7);
    const got = await all;
    eq(got.map((g) => g[0]), [7, 7, 7], "io.emit reached all");
    // sent to c after the room messages were: had one of them gone to c, it would have come first
    if (cGot) throw new Error("c is not in room1");
  });

  await check("static namespace", async () => {
    const s = await open("/admin");
    eq(await s.timeout(3000).emitWithAck("nsp"), "/admin", "admin namespace");
  });

  await check("dynamic namespace", async () => {
    const s = await open("/dyn-42");
    const name = await s.timeout(3000).emitWithAck("nsp");
    eq(name, "/dyn-42", "dynamic name");
    const bad = io(url + "/nope", base);
    const [err] = await once(bad, "connect_error");
    eq(err.message, "Invalid namespace", "unknown namespace");
    bad.close();
  });

  await check("middleware error with data", async () => {
    const s = io(url + "/private", { ...base, auth: { token: "wrong" } });
    const [err] = await once(s, "connect_error");
    eq(err.message, "not authorized", "message");
    eq(err.data, { code: 42, hint: "send the secret" }, "data");
    s.close();
    const good = await open("/private", { auth: { token: "secret" } });
    eq(await good.timeout(3000).emitWithAck("nsp"), "/private", "private ok");
  });

  await check("server-side disconnect", async () => {
    const s = await open("/");
    const p = once(s, "disconnect");
    s.emit("kick-me");
    const [reason] = await p;
    eq(reason, "io server disconnect", "client reason");
  });

  sockets.forEach((s) => s.close());
}

async function recovery() {
  await check("connection state recovery", async () => {
    const s = io(url, { ...base, reconnection: true, reconnectionDelay: 600, reconnectionDelayMax: 600 });
    await once(s, "connect");
    if (s.recovered) throw new Error("recovered on first connect");
    const firstId = s.id;
    await s.timeout(3000).emitWithAck("join", "news");
    const got = [];
    s.on("news", (n) => got.push(n));
    // ask the server to broadcast in 250 ms, then drop the transport: the broadcast is missed
    await s.timeout(3000).emitWithAck("broadcast-later", 250);
    const dropped = once(s, "disconnect");
    s.io.engine.close();
    await dropped;
    await once(s, "connect", 5000);
    if (!s.recovered) throw new Error("not recovered");
    eq(s.id, firstId, "same id");
    if (got.length === 0) await once(s, "news");
    eq(got, [1], "missed packet replayed");
    const rooms = await s.timeout(3000).emitWithAck("rooms");
    if (!rooms.includes("news")) throw new Error("rooms lost: " + rooms);
    eq(got, [1], "missed packet replayed once");
    s.close();
  });
}

const timer = setTimeout(() => { console.log("FAIL global timeout"); process.exit(1); }, 60000);
(suite === "recovery" ? recovery() : main()).then(() => {
  clearTimeout(timer);
  process.exit(failed ? 1 : 0);
}, (e) => { fail("main", e); process.exit(1); });
