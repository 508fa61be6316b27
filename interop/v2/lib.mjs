// Helpers shared by the v2 scripts: raw Engine.IO v3 requests (fetch and ws) and the v3 payload format.
// The payload helpers here are written from the format's description (README.md, "The v3 formats"),
// not taken from a parser, so that a script checks the server's bytes against an independent reading.
import WebSocket from 'ws';

export { WebSocket };

/** The base URL (http://127.0.0.1:<port>) from argv[2]; exits 2 when missing. */
export function baseUrl(script) {
  const base = (process.argv[2] || '').replace(/\/$/, '');
  if (!/^http:\/\/127\.\d+\.\d+\.\d+:\d+$/.test(base)) {
    console.error(`usage: node ${script} http://127.0.0.1:<port>   (loopback only)`);
    process.exit(2);
  }
  return base;
}

/** A v3 text payload: every packet as `<length in UTF-16 code units>:<packet>`. */
export function textPayload(...packets) {
  return packets.map((p) => `${p.length}:${p}`).join('');
}

/** Splits a v3 text payload into its packets; throws on anything that is not `<digits>:<packet>` repeated. */
export function splitText(payload) {
  const out = [];
  let i = 0;
  while (i < payload.length) {
    const colon = payload.indexOf(':', i);
    if (colon < 0 || !/^\d+$/.test(payload.slice(i, colon))) throw new Error(`not a v3 text payload: ${JSON.stringify(payload)}`);
    const n = Number(payload.slice(i, colon));
    if (colon + 1 + n > payload.length) throw new Error(`packet longer than the payload: ${JSON.stringify(payload)}`);
    out.push(payload.slice(colon + 1, colon + 1 + n));
    i = colon + 1 + n;
  }
  return out;
}

/** A v3 binary payload from parts: strings (UTF-8, marker 0) and Buffers (marker 1, the first byte is the type). */
export function binaryPayload(...parts) {
  const chunks = [];
  for (const p of parts) {
    const bytes = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
    const digits = String(bytes.length).split('').map(Number);
    chunks.push(Buffer.from([typeof p === 'string' ? 0 : 1, ...digits, 255]), bytes);
  }
  return Buffer.concat(chunks);
}

/** Splits a v3 binary payload: strings for marker 0, Buffers (type byte included) for marker 1. */
export function splitBinary(buf) {
  const out = [];
  let i = 0;
  while (i < buf.length) {
    const marker = buf[i++];
    if (marker !== 0 && marker !== 1) throw new Error(`bad marker ${marker} at ${i - 1}`);
    let len = 0;
    let digits = 0;
    while (buf[i] !== 255) {
      if (i >= buf.length || buf[i] > 9) throw new Error(`bad length digit at ${i}`);
      len = len * 10 + buf[i++];
      digits++;
    }
    if (digits === 0) throw new Error('no length digits');
    i++;
    if (i + len > buf.length) throw new Error('packet longer than the payload');
    const body = buf.subarray(i, i + len);
    out.push(marker === 0 ? body.toString('utf8') : Buffer.from(body));
    i += len;
  }
  return out;
}

/** One HTTP exchange: {status, type, text, bytes, headers}. */
export async function http(url, { method = 'GET', body, type } = {}) {
  const headers = {};
  if (type) headers['Content-Type'] = type;
  const res = await fetch(url, { method, body, headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), text: bytes.toString('utf8'), bytes, headers: res.headers };
}

/** Opens a v3 polling session on `path` (extra query appended); returns {sid, handshake, payload}. */
export async function openPolling(base, path, extra = '') {
  const r = await http(`${base}${path}?EIO=3&transport=polling${extra}`);
  if (r.status !== 200) throw new Error(`handshake: HTTP ${r.status} ${r.text}`);
  const packets = splitText(r.text);
  if (!packets[0].startsWith('0')) throw new Error(`handshake: no open packet in ${r.text}`);
  const handshake = JSON.parse(packets[0].slice(1));
  return { sid: handshake.sid, handshake, packets, response: r };
}

/** A WebSocket whose frames are queued: next() resolves with {text} or {binary: Buffer}. */
export function openWs(url) {
  const ws = new WebSocket(url);
  const queue = [];
  const waiters = [];
  let closed = null;
  ws.on('message', (data, isBinary) => {
    const frame = isBinary ? { binary: Buffer.from(data) } : { text: data.toString() };
    const w = waiters.shift();
    if (w) w.resolve(frame);
    else queue.push(frame);
  });
  ws.on('close', (code) => {
    closed = { code };
    while (waiters.length) waiters.shift().resolve({ closed });
  });
  ws.on('error', () => {});
  const opened = new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('unexpected-response', (req, res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode} ${body}`), { status: res.statusCode, body, headers: res.headers })));
    });
    ws.once('close', () => reject(new Error('closed before open')));
  });
  opened.catch(() => {});
  return {
    ws,
    opened,
    get closed() { return closed; },
    next(ms = 3000) {
      if (queue.length) return Promise.resolve(queue.shift());
      if (closed) return Promise.resolve({ closed });
      return new Promise((resolve, reject) => {
        const w = { resolve: (f) => { clearTimeout(t); resolve(f); } };
        const t = setTimeout(() => { waiters.splice(waiters.indexOf(w), 1); reject(new Error(`no frame within ${ms} ms`)); }, ms);
        waiters.push(w);
      });
    },
    /** Resolves with null when no frame arrives within `ms` (or the frame that did). */
    async quiet(ms) {
      try { return await this.next(ms); } catch { return null; }
    },
    send(data) { ws.send(data); },
    close() { ws.close(); },
  };
}
