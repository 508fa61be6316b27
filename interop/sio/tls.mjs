// socket.io-client 4.8 over TLS against an Enlace server started by the Java test (TlsClientInteropTest).
// Usage: node tls.mjs <port> <websocket|polling|upgrade> <ca.pem>
// Connects to https://127.0.0.1:<port> trusting only <ca.pem> (the test's self-signed certificate), checks the
// transport and an event both ways. Prints "OK tls <mode>" and exits 0 when all passed, 1 otherwise.
import { io } from "socket.io-client";
import { readFileSync } from "node:fs";

const [port, mode, caFile] = process.argv.slice(2);
const transports = mode === "websocket" ? ["websocket"] : mode === "polling" ? ["polling"] : ["polling", "websocket"];
const socket = io(`https://127.0.0.1:${port}`, {
  transports, upgrade: mode === "upgrade", forceNew: true, reconnection: false, timeout: 5000,
  ca: readFileSync(caFile), rejectUnauthorized: true,
});
const done = (ok, why) => {
  console.log(ok ? `OK tls ${mode}` : `FAIL tls ${mode}: ${why}`);
  socket.close();
  process.exit(ok ? 0 : 1);
};
const timer = setTimeout(() => done(false, "no answer within 10 s"), 10000);
socket.on("connect_error", (err) => done(false, `connect_error ${err.message} ${err.description ?? ""}`));
socket.on("connect", () => {
  socket.emit("message", "over tls", 42);
});
socket.on("message-back", async (...args) => {
  clearTimeout(timer);
  if (JSON.stringify(args) !== JSON.stringify(["over tls", 42])) return done(false, `got ${JSON.stringify(args)}`);
  if (mode === "upgrade" && socket.io.engine.transport.name !== "websocket") {
    await new Promise((resolve) => socket.io.engine.once("upgrade", resolve));
  }
  const name = socket.io.engine.transport.name;
  const expected = mode === "polling" ? "polling" : "websocket";
  if (name !== expected) return done(false, `transport ${name}, expected ${expected}`);
  const secure = await socket.timeout(3000).emitWithAck("secure");
  done(secure === true, `the server saw secure=${secure}`);
});
