// Prints reference vectors (JSON on stdout) for Enlace's msgpack codec, made by notepack.io itself.
// Values that plain JSON cannot carry are tagged: {"$bin":hex}, {"$date":ms}, {"$num":"NaN"|"Infinity"|"-Infinity"}, {"$undefined":true}.
"use strict";
const path = require("path");
const notepack = require("notepack.io");
// socket.io-msgpack-parser 3.0.2 depends on notepack.io 2.2.0, which writes dates and undefined differently
const notepack2 = require(require.resolve("notepack.io", { paths: [path.dirname(require.resolve("socket.io-msgpack-parser"))] }));
if (require(require.resolve("notepack.io/package.json", { paths: [path.dirname(require.resolve("socket.io-msgpack-parser"))] })).version !== "2.2.0") {
  throw new Error("expected notepack.io 2.2.0 under socket.io-msgpack-parser");
}

function tag(v) {
  if (v === undefined) return { $undefined: true };
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") {
    if (Object.is(v, -0)) return { $num: "-0" };
    if (!Number.isFinite(v)) return { $num: String(v) };
    // integers beyond 2^53 would not survive a trip through JSON text as the same double
    return Number.isInteger(v) && !Number.isSafeInteger(v) ? { $double: v } : v;
  }
  if (Buffer.isBuffer(v)) return { $bin: v.toString("hex") };
  if (v instanceof ArrayBuffer) return { $bin: Buffer.from(v).toString("hex") };
  if (v instanceof Date) return { $date: v.getTime(), iso: isNaN(v.getTime()) ? null : v.toISOString() };
  if (Array.isArray(v)) return v.map(tag);
  const out = {};
  for (const k of Object.keys(v)) out[k] = tag(v[k]);
  return out;
}

const str = (n, c = "a") => c.repeat(n);
const arr = (n) => Array.from({ length: n }, (_, i) => i);
const obj = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => ["k" + i, i]));

// Values encoded by notepack.io; the Java codec must produce the same bytes from the same tree.
const encodeMatrix = {
  zero: 0, one: 1, fixmax: 127, u8min: 128, u8max: 255, u16min: 256, u16max: 65535, u32min: 65536, u32max: 4294967295,
  u64min: 4294967296, maxSafe: Number.MAX_SAFE_INTEGER, pow62: 2 ** 62, pow63: 2 ** 63,
  negOne: -1, negZero: -0, negFixMin: -32, i8: -33, i8min: -128, i16: -129, i16min: -32768, i32: -32769, i32min: -2147483648,
  i64: -2147483649, minSafe: Number.MIN_SAFE_INTEGER, negPow63: -(2 ** 63),
  half: 0.5, negFloat: -1.25, pi: Math.PI, tiny: 5e-324, maxFraction: 4503599627370495.5, third: 1 / 3, negSmall: -1e-7,
  nan: NaN, inf: Infinity, negInf: -Infinity,
  t: true, f: false, nil: null,
  empty: "", ascii: "hello", fixstrMax: str(31), str8: str(32), str8max: str(255), str16: str(256), str16max: str(65535), str32: str(65536),
  utf8two: "é", utf8three: "€uro", utf8four: "😀 emoji", mixed: "aé€😀".repeat(20),
  bin0: Buffer.alloc(0), bin3: Buffer.from([1, 2, 3]), bin8max: Buffer.alloc(255, 7), bin16: Buffer.alloc(256, 9), bin16max: Buffer.alloc(65535, 1), bin32: Buffer.alloc(65536, 2),
  arr0: [], arr15: arr(15), arr16: arr(16), arr65535: arr(65535), arr65536: arr(65536),
  obj0: {}, obj15: obj(15), obj16: obj(16), obj65536: obj(65536),
  nested: { a: [1, { b: [null, true, "x", 2.5, Buffer.from("hi")] }], c: { d: { e: {} } } },
  keyOrder: { z: 1, a: 2, m: 3, "€": 4 },
  date0: new Date(0), dateSec: new Date(1795609689000), dateMs: new Date(1795609689257), dateTs32Max: new Date(4294967295000),
  dateTs64: new Date(4294967296000), dateTs64Ms: new Date(17179869183999), dateTs96Big: new Date(17179869184000), dateNeg: new Date(-1),
  dateNegSec: new Date(-86400000), dateOld: new Date(-62135596800000),
  packet: ["SBknfX", { type: 2, data: ["news", { hello: "world" }, 42], nsp: "/" }, { rooms: ["room1"], except: [], flags: {} }],
};
const encode = Object.entries(encodeMatrix).map(([name, v]) => ({ name, input: tag(v), hex: notepack.encode(v).toString("hex") }));
const withUndefined = { undefinedValue: { a: undefined, b: [undefined, 1] } };
const encode2 = Object.entries({ ...encodeMatrix, ...withUndefined })
  .map(([name, v]) => ({ name, input: tag(v), hex: notepack2.encode(v).toString("hex") }));
encode.push(...Object.entries(withUndefined).map(([name, v]) => ({ name, input: tag(v), hex: notepack.encode(v).toString("hex"), noRoundTrip: true })));

// Bytes decoded by notepack.io (including forms it never writes); the Java codec must decode them the same way or fail.
const decodeInputs = {
  float32: "ca3fc00000", float32neg: "cabf800000", float64int: "cb4000000000000000",
  undefinedInMap: "82a161d40000a16201", undefinedInArray: "93d4000001c0", legacyDate: "d700" + "0000019a0b1c2d3e",
  extOther: "d40501", ext16: "d80a" + "00".repeat(16), ext8Custom: "c70305010203", ext8ArrayBuffer: "c70300010203",
  ext16ArrayBuffer: "c8000200aabb", ext32ArrayBuffer: "c90000000100ff",
  ts32: "d6ff6b06d459", ts64: "d7ff3d4609006b06d459", ts96: "c70cff0001e240fffffffffffffff0", ts96pos: "c70cff0000000000000000000003e8",
  u64big: "cfffffffffffffffff", u64: "cf0000000100000000", i64neg: "d3fffffffeffffffff", i64min: "d38000000000000000",
  intKey: "8101a178", dupKeys: "83a16101a16202a16103", nilKey: "81c0a178", boolKey: "81c3a178",
  badUtf8: "a3ff6162", truncatedUtf8: "a2e282",
  neverUsed: "c1", trailing: "0101", truncatedStr: "a5616263", truncatedArr: "9201", truncatedU32: "ce0102", emptyInput: "",
  hugeBin: "c6ffffffff00", hugeArr: "ddffffffff", hugeMap: "dfffffffff", hugeStr: "dbffffffff61",
};
const decode = Object.entries(decodeInputs).map(([name, hex]) => {
  try {
    return { name, hex, output: tag(notepack.decode(Buffer.from(hex, "hex"))) };
  } catch (e) {
    return { name, hex, error: String(e.message || e) };
  }
});

process.stdout.write(JSON.stringify({ encode, encode2, decode }));
