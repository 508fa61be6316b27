// Prints reference vectors (JSON on stdout) for Enlace's MsgpackParser:
//  - "wire": every binary frame a real socket.io 4.8 server and socket.io-client exchange with socket.io-msgpack-parser
//    (loopback only, port 0), with the direction and notepack's decoding;
//  - "validity": inputs fed to socket.io-msgpack-parser's Decoder, and whether it accepted them.
"use strict";
const http = require("http");
const { Server } = require("socket.io");
const { io: connect } = require("socket.io-client");
const parser = require("socket.io-msgpack-parser");
const notepack = require("notepack.io");

function tag(v) {
  if (v === undefined) return { $undefined: true };
  if (v === null || typeof v === "boolean" || typeof v === "string" || typeof v === "number") return v;
  if (Buffer.isBuffer(v) || v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return { $bin: Buffer.from(v.buffer ? v : new Uint8Array(v)).toString("hex") };
  if (v instanceof Date) return { $date: v.getTime() };
  if (Array.isArray(v)) return v.map(tag);
  const out = {};
  for (const k of Object.keys(v)) out[k] = tag(v[k]);
  return out;
}

const wire = [];
function recordingParser(dir) {
  class Encoder extends parser.Encoder {
    encode(packet) {
      const out = super.encode(packet);
      for (const b of out) wire.push({ dir, hex: Buffer.from(b).toString("hex"), decoded: tag(notepack.decode(Buffer.from(b))) });
      return out;
    }
  }
  return { Encoder, Decoder: parser.Decoder };
}

const validityInputs = [
  { type: 2, nsp: "/", data: ["a"] }, { type: 2, nsp: "/", data: [] }, { type: 2, nsp: "/x", data: ["a", 1], id: 3 },
  { type: 2, nsp: "/", data: ["connect"] }, { type: 2, nsp: "/", data: [1, 2] }, { type: 2, nsp: "/", data: "a" },
  { type: 2, nsp: "/", data: {} }, { type: 2, data: ["a"] }, { type: 2, nsp: 1, data: ["a"] }, { type: 2, nsp: "/", data: ["a"], id: "1" },
  { type: 2, nsp: "/", data: ["a"], id: 1.5 }, { type: 2, nsp: "/", data: ["a"], id: null }, { type: 2, nsp: "/", data: ["a"], id: 2.0 },
  { type: 3, nsp: "/", data: [], id: 0 }, { type: 3, nsp: "/", data: null, id: 0 }, { type: 3, nsp: "/", data: ["x"] },
  { type: 0, nsp: "/" }, { type: 0, nsp: "/", data: { token: "x" } }, { type: 0, nsp: "/", data: [] }, { type: 0, nsp: "/", data: "x" },
  { type: 0, nsp: "/", data: null }, { type: 1, nsp: "/" }, { type: 1, nsp: "/", data: {} }, { type: 1, nsp: "/", data: null },
  { type: 4, nsp: "/", data: "denied" }, { type: 4, nsp: "/", data: { message: "x" } }, { type: 4, nsp: "/" }, { type: 4, nsp: "/", data: [] },
  { type: 5, nsp: "/", data: ["a"] }, { type: 6, nsp: "/", data: [] }, { type: -1, nsp: "/", data: ["a"] }, { type: "2", nsp: "/", data: ["a"] },
  { type: 2.5, nsp: "/", data: ["a"] }, { nsp: "/", data: ["a"] }, { type: 2, nsp: "/", data: ["a"], options: { compress: true } },
  { type: 2, nsp: "/", data: [Buffer.from([1, 2]), new Date(1000)] },
];
const rawInputs = ["c0", "01", "a3616263", "93020102", "", "c1", "81a47479706502", "83a47479706502a36e7370a12fa46461746191a161" + "00"];
const validity = [];
function check(hex) {
  const d = new parser.Decoder();
  let ok = true, error;
  d.on("decoded", () => {});
  try { d.add(Buffer.from(hex, "hex")); } catch (e) { ok = false; error = String(e.message); }
  validity.push({ hex, valid: ok, error });
}
for (const v of validityInputs) check(notepack.encode(v).toString("hex"));
for (const h of rawInputs) check(h);
// an undefined data (notepack's legacy d4 00 00) counts as absent
check("83a47479706501a36e7370a12fa464617461d40000");

const httpServer = http.createServer();
const io = new Server(httpServer, { parser: recordingParser("s2c") });
io.of("/mw").use((socket, next) => { const e = new Error("denied"); e.data = { code: 42 }; next(e); });
io.of("/bye").on("connection", (s) => s.disconnect());
io.on("connection", (socket) => {
  socket.on("c2s", (a, b, ack) => ack({ got: [a, b] }, 2, "three"));
  socket.on("go", async () => {
    socket.emit("hello", 1, 1.5, -7, "x", Buffer.from([1, 2, 3]), null, true, { a: { b: [1] } }, new Date(1795609689257));
    await socket.timeout(2000).emitWithAck("ask", 7);
    io.emit("bcast", { n: 1 });
    await io.timeout(2000).emitWithAck("bask", 2);
    socket.emit("done");
  });
});
httpServer.listen(0, "127.0.0.1", () => {
  const url = `http://127.0.0.1:${httpServer.address().port}`;
  const opts = { transports: ["websocket"], parser: recordingParser("c2s") };
  const client = connect(url, { ...opts, auth: { token: "abc" } });
  const finish = () => {
    client.disconnect();
    io.close();
    process.stdout.write(JSON.stringify({ wire, validity }));
    process.exit(0);
  };
  setTimeout(() => { console.error("timeout"); process.exit(1); }, 10000).unref();
  client.on("ask", (n, ack) => ack("answer", n));
  client.on("bask", (n, ack) => ack("banswer", n));
  client.on("done", () => {
    const bye = connect(url + "/bye", opts);
    bye.on("disconnect", () => {
      const mw = connect(url + "/mw", opts);
      mw.on("connect_error", () => {
        const nope = connect(url + "/nope", opts);
        nope.on("connect_error", () => { mw.close(); nope.close(); bye.close(); setTimeout(finish, 100); });
      });
    });
  });
  client.on("connect", () => {
    client.emit("c2s", "x", Buffer.from([9]), () => client.emit("go"));
  });
});
