// The Node reference for Enlace's differential bad-input test (enlace-core NodeDifferentialTest): socket.io 4.8 with
// its default options on 127.0.0.1, a free port, and the same handlers as the test's Enlace server:
//   "message-with-ack" -> the ack gets the arguments back; "message" -> "message-back" with the arguments.
// Prints {"port":N} once listening; exits when stdin closes (the test ends it that way).
"use strict";
const http = require("http");
const { Server } = require("socket.io");

const server = http.createServer((req, res) => {
  res.writeHead(404, { "Content-Type": "text/plain" });
  res.end("Not Found");
});
const io = new Server(server);
io.on("connection", (socket) => {
  socket.on("message-with-ack", (...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
    if (ack) ack(...args);
  });
  socket.on("message", (...args) => socket.emit("message-back", ...args));
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + "\n");
});
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
