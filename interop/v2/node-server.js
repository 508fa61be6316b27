// The Node reference server for the v2-client scenarios (socket.io 4.8 with allowEIO3), on 127.0.0.1 and a free port.
//   node node-server.js [--no-eio3] [--port N] [--exit-on-stdin-end]
// Prints one line `listening <port>` when ready; stops on SIGTERM/SIGINT (or when stdin closes, with
// --exit-on-stdin-end: the scripts start it so, and it cannot outlive them).
//
// It serves the app contract that the scripts of this folder check (README.md, "The app contract"); an Enlace test
// server for phase B implements the same contract in Java:
//   /engine.io/  plain Engine.IO echo (text as text, binary as binary), pingInterval 300, pingTimeout 200,
//                maxHttpBufferSize 1e6: the settings of the engine.io-protocol suite (engine-v3.mjs probes it)
//   /socket.io/  Socket.IO, pingInterval 1000, pingTimeout 2000, maxHttpBufferSize 1e6, namespaces:
//     /          echo, handshake, ask, join, leave, to-room, bin, disconnect-me (see below)
//     /chat      the name from auth.name or the handshake query `name`; say -> said {name, text} to the room "lobby"
//     /private   a middleware refuses every socket: next(new Error("not allowed"))
//     /private-data  a middleware refuses with err.data = {code: 42, why: "no token"}
"use strict";
const http = require("http");
const engineio = require("engine.io");
const { Server } = require("socket.io");

const args = process.argv.slice(2);
const allowEIO3 = !args.includes("--no-eio3");
const portArg = args.indexOf("--port");
const port = portArg >= 0 ? Number(args[portArg + 1]) : 0;

const httpServer = http.createServer();

// Plain Engine.IO echo at /engine.io/ (as Enlace's ConformanceApp).
const engine = new engineio.Server({ pingInterval: 300, pingTimeout: 200, maxHttpBufferSize: 1e6, allowEIO3 });
engine.attach(httpServer, { path: "/engine.io/" });
engine.on("connection", (socket) => {
  socket.on("message", (data) => socket.send(data));
});

const io = new Server(httpServer, { allowEIO3, pingInterval: 1000, pingTimeout: 2000, maxHttpBufferSize: 1e6, serveClient: false });

function describe(socket) {
  return {
    id: socket.id,
    protocol: socket.conn.protocol,
    transport: socket.conn.transport.name,
    nsp: socket.nsp.name,
    query: socket.handshake.query,
    auth: socket.handshake.auth,
    rooms: [...socket.rooms],
  };
}

io.on("connection", (socket) => {
  // echo: calls the ack with the same arguments (binary included), or emits "echo" back without an ack
  socket.on("echo", (...a) => {
    const ack = typeof a[a.length - 1] === "function" ? a.pop() : null;
    if (ack) ack(...a);
    else socket.emit("echo", ...a);
  });
  socket.on("handshake", (ack) => ack(describe(socket)));
  // ask: the server emits "question" with an ack to the client and reports the client's answer with "answer"
  socket.on("ask", (value) => {
    socket.emit("question", value, (...answer) => socket.emit("answer", ...answer));
  });
  // bin: answers with facts about the binary it got and a binary of its own (the bytes reversed)
  socket.on("bin", (buf, ack) => {
    if (typeof ack !== "function") return;
    if (!Buffer.isBuffer(buf) && !(buf instanceof ArrayBuffer) && !ArrayBuffer.isView(buf)) {
      return ack({ length: -1, isBuffer: false, got: typeof buf });
    }
    const b = Buffer.from(buf);
    ack({ length: b.length, isBuffer: Buffer.isBuffer(buf) }, Buffer.from(b).reverse(), { nested: [b.subarray(0, 1)] });
  });
  socket.on("join", (room, ack) => {
    socket.join(room);
    ack && ack([...socket.rooms]);
  });
  socket.on("leave", (room, ack) => {
    socket.leave(room);
    ack && ack([...socket.rooms]);
  });
  // to-room: one broadcast to a room, encoded once by the server for every client in it (v2 and v4 alike)
  socket.on("to-room", (room, ...payload) => {
    const ack = typeof payload[payload.length - 1] === "function" ? payload.pop() : null;
    io.to(room).emit("room-news", ...payload);
    ack && ack(true);
  });
  socket.on("disconnect-me", () => socket.disconnect());
});

const chat = io.of("/chat");
chat.on("connection", (socket) => {
  const name = socket.handshake.auth.name || socket.handshake.query.name || "anonymous";
  socket.join("lobby");
  socket.emit("welcome", { name, id: socket.id, query: socket.handshake.query, auth: socket.handshake.auth });
  socket.on("say", (text) => chat.to("lobby").emit("said", { name, text }));
});

io.of("/private").use((socket, next) => next(new Error("not allowed")));
io.of("/private").on("connection", () => {});
io.of("/private-data").use((socket, next) => {
  const err = new Error("not allowed");
  err.data = { code: 42, why: "no token" };
  next(err);
});
io.of("/private-data").on("connection", () => {});

httpServer.listen(port, "127.0.0.1", () => {
  console.log(`listening ${httpServer.address().port}`);
});

function stop() {
  io.close();
  engine.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
if (args.includes("--exit-on-stdin-end")) {
  process.stdin.on("end", stop);
  process.stdin.resume();
}
