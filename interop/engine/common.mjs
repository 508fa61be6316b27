// Shared driver for the Engine.IO interop scripts: connects the official engine.io-client to an Enlace
// server on 127.0.0.1:<port> (an echo engine at /engine.io/), and prints one line per checked step.
import { Socket } from "engine.io-client";

export function run(name, options, { expectUpgrade = false } = {}) {
  const port = Number(process.argv[2]);
  if (!port) {
    console.error("usage: node " + name + ".mjs <port>");
    process.exit(2);
  }
  const deadline = setTimeout(() => {
    console.log("FAIL timeout");
    process.exit(1);
  }, 15000);

  const socket = new Socket(`http://127.0.0.1:${port}`, options);
  const expected = ["hello", "wörld 😀", "binary:1,2,3,250"];
  const received = [];
  let upgraded = false;

  const sendAll = () => {
    socket.send("hello");
    socket.send("wörld 😀");
    socket.send(Uint8Array.from([1, 2, 3, 250]));
  };

  socket.on("open", () => {
    console.log("OK open " + socket.transport.name);
    if (!expectUpgrade) sendAll();
  });
  socket.on("upgrade", (transport) => {
    upgraded = true;
    console.log("OK upgrade " + transport.name);
    sendAll();
  });
  socket.on("message", (data) => {
    const text = typeof data === "string" ? data : "binary:" + Array.from(new Uint8Array(data)).join(",");
    received.push(text);
    console.log("OK message " + text);
    if (received.length === expected.length) {
      const same = expected.every((e, i) => e === received[i]);
      console.log(same ? "OK echo" : "FAIL echo " + JSON.stringify(received));
      // stay connected across three more heartbeats (the test server pings every 300 ms), then close
      heartbeatsAfterEcho = pings + 3;
    }
  });
  let pings = 0;
  let heartbeatsAfterEcho = Infinity;
  socket.on("ping", () => {
    pings++;
    if (pings === heartbeatsAfterEcho) {
      console.log("OK heartbeat " + socket.readyState + " " + socket.transport.name);
      if (expectUpgrade && !upgraded) console.log("FAIL no upgrade");
      socket.close();
    }
  });
  socket.on("close", (reason) => {
    console.log("OK close " + reason);
    clearTimeout(deadline);
    console.log("DONE");
    process.exit(0);
  });
  socket.on("error", (err) => {
    console.log("FAIL error " + err);
  });
}
