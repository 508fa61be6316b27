// Connects a real socket.io-client 4.8.4 with socket.io-msgpack-parser 3.0.2 to an Enlace server (loopback port given
// as argument), exercises events, binary, dates and acks in both directions, and prints what it saw as JSON.
"use strict";
const { io } = require("socket.io-client");
const parser = require("socket.io-msgpack-parser");

const port = Number(process.argv[2]);
const transport = process.argv[3] || "websocket";
const out = {};
const tag = (v) => {
  if (v === undefined) return { $undefined: true };
  if (v === null || typeof v !== "object") return v;
  if (v instanceof Date) return { $date: v.getTime() };
  if (Buffer.isBuffer(v) || v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return { $bin: Buffer.from(v.buffer ? v : new Uint8Array(v)).toString("hex") };
  if (Array.isArray(v)) return v.map(tag);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tag(x)]));
};
setTimeout(() => { out.error = "timeout"; console.log(JSON.stringify(out)); process.exit(1); }, 10000).unref();
const socket = io(`http://127.0.0.1:${port}`, { parser, transports: [transport], auth: { token: "t" }, reconnection: false });
socket.on("connect_error", (e) => { out.error = e.message; console.log(JSON.stringify(out)); process.exit(1); });
socket.on("welcome", (...args) => {
  out.welcome = args.map(tag);
  socket.emit("echo", Buffer.from([9, 8]), { nested: [1.5, "x"] }, (...ack) => {
    out.echoAck = ack.map(tag);
    socket.emit("ask-me");
  });
});
socket.on("question", (n, cb) => { out.question = n; cb("answer", Buffer.from([7])); });
socket.on("done", (...args) => {
  out.done = args.map(tag);
  socket.disconnect();
  console.log(JSON.stringify(out));
  process.exit(0);
});
