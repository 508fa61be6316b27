// Build step of enlace-core (see fetch-client.sh): fetches socket.io-client@<version> with `npm pack`, extracts the
// eight dist/ files, its LICENSE and its version, and writes them with .gz and .br copies under
//   <target>/classes/io/enlace/client-dist/
// Nothing here is committed: it all lives under target/.
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { execFileSync } = require('child_process');

const FILES = [
  'socket.io.js', 'socket.io.js.map',
  'socket.io.min.js', 'socket.io.min.js.map',
  'socket.io.esm.min.js', 'socket.io.esm.min.js.map',
  'socket.io.msgpack.min.js', 'socket.io.msgpack.min.js.map',
];

const target = path.resolve(process.argv[2]);
const version = process.argv[3];
const out = path.join(target, 'classes', 'io', 'enlace', 'client-dist');
const statusFile = path.join(target, 'client-bundle-status.txt');

function log(msg) { console.log('[enlace] ' + msg); }

function upToDate() {
  try {
    if (fs.readFileSync(path.join(out, 'VERSION'), 'utf8').trim() !== version) return false;
    for (const f of FILES) {
      for (const suffix of ['', '.gz', '.br']) fs.accessSync(path.join(out, f + suffix));
    }
    fs.accessSync(path.join(out, 'LICENSE'));
    return true;
  } catch (e) {
    return false;
  }
}

// Minimal reader for the (ustar / pax) tar files that `npm pack` produces.
function untar(buf) {
  const entries = new Map();
  let off = 0;
  let paxPath = null;
  while (off + 512 <= buf.length) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const str = (a, b) => header.subarray(a, b).toString('utf8').replace(/\0.*$/s, '');
    let name = str(0, 100);
    const size = parseInt(str(124, 136).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = str(345, 500);
    if (prefix) name = prefix + '/' + name;
    const body = buf.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      paxPath = m ? m[1] : null;
      continue;
    }
    if (type === 'g') continue;
    if (paxPath) { name = paxPath; paxPath = null; }
    if (type === '0' || type === '\0') entries.set(name, Buffer.from(body));
  }
  return entries;
}

function main() {
  if (upToDate()) {
    log('socket.io-client ' + version + ' bundle already in ' + out);
    return;
  }
  const packDir = path.join(target, 'client-pack');
  fs.mkdirSync(packDir, { recursive: true });
  const tgzName = 'socket.io-client-' + version + '.tgz';
  const tgz = path.join(packDir, tgzName);
  if (!fs.existsSync(tgz)) {
    log('fetching socket.io-client@' + version + ' with npm pack');
    execFileSync('npm', ['pack', 'socket.io-client@' + version, '--pack-destination', packDir,
      '--silent', '--fetch-timeout=60000', '--fetch-retries=1'],
    { cwd: packDir, stdio: ['ignore', 'ignore', 'inherit'], timeout: 180000 });
  }
  const entries = untar(zlib.gunzipSync(fs.readFileSync(tgz)));
  const pkg = JSON.parse(entries.get('package/package.json').toString('utf8'));
  if (pkg.name !== 'socket.io-client' || pkg.version !== version) {
    throw new Error('unexpected package ' + pkg.name + '@' + pkg.version);
  }
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const f of FILES) {
    const data = entries.get('package/dist/' + f);
    if (!data) throw new Error('missing dist/' + f + ' in ' + tgzName);
    fs.writeFileSync(path.join(out, f), data);
    fs.writeFileSync(path.join(out, f + '.gz'), zlib.gzipSync(data, { level: 9 }));
    fs.writeFileSync(path.join(out, f + '.br'), zlib.brotliCompressSync(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }));
  }
  const license = entries.get('package/LICENSE');
  if (!license) throw new Error('missing LICENSE in ' + tgzName);
  fs.writeFileSync(path.join(out, 'LICENSE'),
    'The files in this directory (except VERSION) come unmodified, or compressed, from the dist/ folder of the\n'
    + 'npm package socket.io-client ' + version + ', distributed under the following license:\n\n' + license);
  // VERSION last: its presence marks a complete bundle.
  fs.writeFileSync(path.join(out, 'VERSION'), version + '\n');
  fs.writeFileSync(statusFile, 'ok ' + version + '\n');
  log('socket.io-client ' + version + ' bundle written to ' + out);
}

try {
  main();
} catch (e) {
  fs.rmSync(out, { recursive: true, force: true }); // never package a partial bundle
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(statusFile, 'missing: ' + (e && e.message ? e.message.split('\n')[0] : String(e)) + '\n');
  console.error('[enlace] WARNING: socket.io-client bundle not packaged: ' + (e && e.message ? e.message : e));
  process.exit(1);
}
