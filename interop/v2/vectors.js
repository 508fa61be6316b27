// Prints reference vectors (JSON on stdout) for Enlace's Engine.IO v3 codecs (io.enlace.internal.engine.codec), made by
// the real code: the polling and JSONP transports of engine.io 6 (the server, its parser-v3, fed through the
// transports' own send/onData so that the bodies are byte for byte what the server writes and reads), and
// engine.io-parser 2.2.1 plus engine.io-client 3.5's JSONP writer (what Socket.IO v2 clients send).
//   node vectors.js > /tmp/v3-vectors.json
// Binary values are tagged {"$bin": hex}; a packet is {type, data?}; a packet list that the reference decodes with an
// error holds {"type":"error","data":"parser error"} where the error occurred.
"use strict";
const path = require("path");

const engineDir = path.dirname(require.resolve("engine.io"));
const parserV3 = require(path.join(engineDir, "parser-v3", "index.js"));
const { Polling } = require(path.join(engineDir, "transports", "polling.js"));
const { JSONP } = require(path.join(engineDir, "transports", "polling-jsonp.js"));
const clientParser = require("engine.io-parser"); // 2.2.1, the parser of engine.io-client 3.5 (socket.io-client 2.5)
const clientJsonpPath = require.resolve("engine.io-client/lib/transports/polling-jsonp.js", { paths: [path.dirname(require.resolve("socket.io-client"))] });

const versions = {
  "engine.io": require(path.join(engineDir, "..", "package.json")).version,
  "engine.io-parser": require("engine.io-parser/package.json").version,
  "engine.io-client": require(require.resolve("engine.io-client/package.json", { paths: [path.dirname(require.resolve("socket.io-client"))] })).version,
};
if (versions["engine.io-parser"] !== "2.2.1") throw new Error("expected engine.io-parser 2.2.1");

const tag = (v) => (Buffer.isBuffer(v) || v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? { $bin: Buffer.from(v instanceof ArrayBuffer ? new Uint8Array(v) : v).toString("hex") } : v);
const tagPacket = (p) => (p.data === undefined ? { type: p.type } : { type: p.type, data: tag(p.data) });
const bin = (...bytes) => Buffer.from(bytes);
const msg = (data) => ({ type: "message", data });

// ---------------------------------------------------------------------------------------------------------------
// What the server writes: Polling (XHR, with and without b64) and JSONP, through their real send() and doWrite().
function serverWrite(TransportClass, query, packets) {
  const t = new TransportClass({ _query: { EIO: "3", ...query } });
  const out = {};
  t.req = { headers: {}, cleanup() {} };
  t.res = {
    writeHead(status, headers) { out.status = status; out.headers = headers; return this; },
    end(body) { out.body = body; },
  };
  t.writable = true;
  t.send(packets.map((p) => ({ ...p })));
  const body = typeof out.body === "string" ? Buffer.from(out.body, "utf8") : out.body;
  return { contentType: out.headers["Content-Type"], hex: body.toString("hex"), text: typeof out.body === "string" ? out.body : undefined };
}

const big = "x".repeat(12345);
const encodeCases = {
  empty: [],
  open: [{ type: "open", data: '{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}' }],
  connect: [msg("0")],
  noData: [{ type: "noop" }, { type: "pong" }, { type: "close" }],
  pongProbe: [{ type: "pong", data: "probe" }],
  ascii: [msg('2["hello","world"]')],
  unicode: [msg("2[\"héllo wörld 😀 €\"]")],
  separators: [msg("a:b:10:c"), msg("1:1")],
  lineTerminators: [msg("a\u2028b\u2029c")],
  controls: [msg('q"\\\b\f\n\r\t\u0000\u0001\u001f\u007f')],
  loneSurrogates: [msg("a\ud800b"), msg("\udc00"), msg("x\ud83d")],
  emptyMessage: [msg("")],
  multiDigit: [msg(big)],
  binary: [msg(bin(1, 2, 3))],
  emptyBinary: [msg(Buffer.alloc(0))],
  allBytes: [msg(Buffer.from(Array.from({ length: 256 }, (_, i) => i)))],
  mixed: [msg("451-[\"x\",{\"_placeholder\":true,\"num\":0}]"), msg(bin(0xff, 0, 0x80)), msg("é😀"), { type: "ping" }],
  bigBinary: [msg(Buffer.alloc(1234, 7)), msg("tail")],
  many: Array.from({ length: 30 }, (_, i) => msg(String(i))),
};
const serverEncode = [];
for (const [name, packets] of Object.entries(encodeCases)) {
  const tagged = packets.map(tagPacket);
  serverEncode.push({ name, packets: tagged, transport: "xhr", supportsBinary: true, ...serverWrite(Polling, {}, packets) });
  serverEncode.push({ name, packets: tagged, transport: "xhr", supportsBinary: false, ...serverWrite(Polling, { b64: "1" }, packets) });
  // with b64=1, as every JSONP client sends it (engine.io 6 would JSON.stringify a Buffer into the answer without it)
  serverEncode.push({ name, packets: tagged, transport: "jsonp", j: "7", supportsBinary: false, ...serverWrite(JSONP, { j: "7", b64: "1" }, packets) });
}
// the JSONP callback index keeps only the digits of j
for (const j of ["", "0", "12", "a1b2", "99999"]) {
  serverEncode.push({ name: `jsonpIndex(${j})`, packets: [tagPacket(msg("x"))], transport: "jsonp", j, supportsBinary: false, ...serverWrite(JSONP, { j, b64: "1" }, [msg("x")]) });
}

// ---------------------------------------------------------------------------------------------------------------
// What the server reads: bodies given to the real Polling/JSONP onData; the packets it emits, in order.
function serverRead(TransportClass, query, body) {
  const t = new TransportClass({ _query: { EIO: "3", ...query } });
  const packets = [];
  t.on("packet", (p) => packets.push(tagPacket(p)));
  t.onClose = () => packets.push({ type: "close" }); // the close packet ends the payload (Polling.onData returns false)
  t.onData(body);
  return packets;
}
const textBodies = {
  one: "6:4hello",
  three: "6:4test16:4test26:4test3",
  unicode: "2:4é3:4😀5:4a😀é",
  base64: "6:4hello10:b4AQIDBA==",
  v4StyleBase64: "6:4hello9:bAQIDBA==",
  base64NoPadding: "8:b4AQIDBA",
  base64Empty: "2:b4",
  base64Whitespace: "11:b4AQI\nDBA==",
  base64UrlSafe: "6:b4-_-_",
  base64Garbage: "7:b4AQ*ID",
  base64UnknownType: "6:b9AQID",
  base64NoType: "1:b",
  typeOnly: "1:2",
  ping: "1:21:2",
  probe: "6:2probe",
  closeStops: "1:16:4after",
  emptyPacket: "0:6:4hello",
  onlyEmptyPacket: "0:",
  leadingZeros: "06:4hello",
  signedLength: "+6:4hello",
  spaceLength: " 6:4hello",
  hexLength: "0x6:4hello",
  exponentLength: "6e0:4hello",
  fractionLength: "6.0:4hello",
  noColon: "abc",
  lengthBeyond: "9:4hello",
  shortByOne: "5:4hello",
  unknownType: "2:9x",
  letterType: "2:xy",
  nonDigitLength: "x:4hello",
  emptyBody: "",
  trailingDigits: "6:4hello12",
  trailingColon: "6:4hello:",
  colonOnly: ":",
  errorAfterGood: "6:4hello3:9ab",
  hugeLength: "99999999999999999999:4",
  multiDigit: `${big.length + 1}:4${big}`,
};
const serverDecodeText = Object.entries(textBodies).map(([name, body]) => ({ name, body, packets: serverRead(Polling, {}, body) }));

const binaryBodies = {
  oneBinary: bin(1, 4, 255, 4, 1, 2, 3),
  oneString: Buffer.concat([bin(0, 6, 255), Buffer.from("4hello")]),
  utf8String: Buffer.concat([bin(0, 1, 1, 255), Buffer.from("4héllo😀")]),
  mixed: Buffer.concat([bin(1, 3, 255, 4, 9, 8), bin(0, 6, 255), Buffer.from("4wörl"), bin(0, 1, 255), Buffer.from("2")]),
  emptyBinaryMessage: bin(1, 1, 255, 4),
  binaryTypeOnly: bin(1, 1, 255, 2),
  binaryUnknownType: bin(1, 2, 255, 9, 1),
  emptyBinaryPacket: bin(1, 0, 255),
  emptyStringPacket: bin(0, 0, 255),
  markerTwo: bin(2, 1, 255, 4),
  digitTen: bin(1, 10, 255, 4),
  noTerminator: bin(1, 1, 1),
  lengthBeyond: bin(1, 9, 255, 4, 1),
  noDigits: bin(1, 255, 4),
  invalidUtf8: Buffer.concat([bin(0, 3, 255), bin(0x34, 0xc3, 0x28)]),
  encodedSurrogate: Buffer.concat([bin(0, 4, 255), bin(0x34, 0xed, 0xa0, 0x80)]),
  overlong: Buffer.concat([bin(0, 3, 255), bin(0x34, 0xc0, 0x80)]),
  stringBase64: Buffer.concat([bin(0, 6, 255), Buffer.from("b4AQID")]),
  stringUnknownType: Buffer.concat([bin(0, 2, 255), Buffer.from("9x")]),
  empty: Buffer.alloc(0),
  big: Buffer.concat([bin(1, 2, 0, 0, 1, 255, 4), Buffer.alloc(2000, 5)]),
};
const serverDecodeBinary = Object.entries(binaryBodies).map(([name, body]) => ({ name, hex: body.toString("hex"), packets: serverRead(Polling, {}, body) }));

// JSONP POST bodies (application/x-www-form-urlencoded, after the server's UTF-8 decoding of the request body)
const jsonpBodies = {
  plain: "d=6%3A4hello",
  plus: "d=6%3A4a+b+c",
  newline: "d=" + encodeURIComponent("12:4line1\\nline2"),
  backslashN: "d=" + encodeURIComponent("12:4back\\\\nslash"),
  tripleBackslashN: "d=" + encodeURIComponent("4:4\\\\\\n"),
  otherFields: "x=1&d=6%3A4hello&y=2",
  encodedKey: "%64=6%3A4hello",
  noD: "x=6%3A4hello",
  twoD: "d=6%3A4hello&d=6%3A4hello",
  emptyD: "d=",
  rawUtf8: "d=2:4é",
  badPercent: "d=6%3A4hel%ZZ",
  badUtf8Percent: "d=2%3A4%C3%28",
  unicodeEscaped: "d=" + encodeURIComponent("5:4a😀é"),
  base64: "d=" + encodeURIComponent("6:b4AQID"),
  parseError: "d=abc",
};
const serverDecodeJsonp = Object.entries(jsonpBodies).map(([name, body]) => ({ name, body, packets: serverRead(JSONP, { j: "0" }, body) }));

// ---------------------------------------------------------------------------------------------------------------
// What Socket.IO v2 clients send: engine.io-parser 2.2.1's encodePayload (XHR: binary when supported and needed), and
// the JSONP form field written by engine.io-client 3.5's JSONPPolling.doWrite (run with a stand-in for the DOM form).
const clientCases = {
  text: [msg("2[\"a\"]"), { type: "ping" }],
  unicode: [msg("héllo 😀 \u2028")],
  newlines: [msg("a\nb\\nc\\\\nd\r\n")],
  binary: [msg(bin(1, 2, 3)), msg("x")],
  close: [{ type: "close" }],
  upgradeProbe: [{ type: "ping", data: "probe" }],
};
const clientEncode = [];
for (const [name, packets] of Object.entries(clientCases)) {
  const tagged = packets.map(tagPacket);
  clientParser.encodePayload(packets, true, (d) => clientEncode.push({ name, packets: tagged, supportsBinary: true, binary: typeof d !== "string", hex: Buffer.from(d).toString("hex") }));
  clientParser.encodePayload(packets, false, (d) => clientEncode.push({ name, packets: tagged, supportsBinary: false, binary: false, hex: Buffer.from(d, "utf8").toString("hex") }));
}
function clientJsonpForm(packets) {
  const fakeElement = () => ({ style: {}, setAttribute() {}, appendChild() {}, removeChild() {}, submit() {}, parentNode: { removeChild() {} } });
  const saved = global.document;
  const area = fakeElement();
  global.document = {
    createElement: (n) => (n === "textarea" ? area : fakeElement()),
    body: { appendChild() {} },
  };
  try {
    const JSONPPolling = require(clientJsonpPath);
    const self = Object.create(JSONPPolling.prototype);
    self.index = 0;
    self.uri = () => "http://127.0.0.1/";
    let payload;
    clientParser.encodePayload(packets, false, (d) => { payload = d; });
    JSONPPolling.prototype.doWrite.call(self, payload, () => {});
    // a browser submits the textarea as application/x-www-form-urlencoded, which URLSearchParams also writes
    return new URLSearchParams({ d: area.value }).toString();
  } finally {
    global.document = saved;
  }
}
const clientJsonp = Object.entries(clientCases).map(([name, packets]) => {
  const body = clientJsonpForm(packets);
  return { name, packets: packets.map(tagPacket), body, serverPackets: serverRead(JSONP, { j: "0" }, body) };
});

// ---------------------------------------------------------------------------------------------------------------
// WebSocket frames: parser-v3 encodePacket (supportsBinary per the b64 query of the WebSocket) and decodePacket.
const framePackets = {
  text: msg("2[\"a\"]"), unicode: msg("é😀"), ping: { type: "ping" }, probe: { type: "pong", data: "probe" },
  binary: msg(bin(1, 2, 3)), emptyBinary: msg(Buffer.alloc(0)), open: { type: "open", data: "{}" },
};
const frameEncode = [];
for (const [name, p] of Object.entries(framePackets)) {
  for (const supportsBinary of [true, false]) {
    parserV3.encodePacket({ ...p }, supportsBinary, (d) => frameEncode.push({ name, packet: tagPacket(p), supportsBinary, binary: typeof d !== "string", hex: Buffer.from(d).toString("hex"), text: typeof d === "string" ? d : undefined }));
  }
}
const textFrames = ["4hello", "2", "2probe", "5", "6", "b4AQID", "b4", "4", "", "9x", "x", "b9AQID", "b", "40/chat?x=1,", "4é😀"];
const binaryFrames = [bin(4, 1, 2, 3), bin(4), bin(2), bin(9, 1), Buffer.alloc(0), bin(0x34, 0x41)];
const frameDecode = [
  ...textFrames.map((f) => ({ text: f, packet: tagPacket(parserV3.decodePacket(f)) })),
  ...binaryFrames.map((b) => ({ hex: b.toString("hex"), packet: tagPacket(parserV3.decodePacket(b)) })),
];

// ---------------------------------------------------------------------------------------------------------------
// Length prefixes: JavaScript string lengths (UTF-16 code units) of a few strings, as the payload writes them.
const lengths = ["", "a", "é", "€", "😀", "a😀b", "\ud800", "\u2028"].map((s) => ({ s, length: s.length, utf8: Buffer.byteLength(s) }));

process.stdout.write(JSON.stringify({ versions, serverEncode, serverDecodeText, serverDecodeBinary, serverDecodeJsonp, clientEncode, clientJsonp, frameEncode, frameDecode, lengths }, null, 1));
