// Build step (see fetch-npm-files.sh): fetches <package>@<version> with `npm pack`, extracts the chosen files of one of
// its folders, its LICENSE and its version, and writes them with .gz and .br copies under
//   <target>/classes/<resource folder>/
// with a FILES index (one name per line) and a VERSION file written last (its presence marks a complete set).
// Nothing here is committed: it all lives under target/.
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { execFileSync } = require('child_process');

const [targetArg, pkgName, version, fromDir, resourceDir, statusName, ...wanted] = process.argv.slice(2);
const target = path.resolve(targetArg);
const out = path.join(target, 'classes', ...resourceDir.split('/'));
const statusFile = path.join(target, statusName);
const packBase = pkgName.replace(/^@/, '').replace(/\//g, '-');

function log(msg) { console.log('[enlace] ' + msg); }

function readIndex() {
  return fs.readFileSync(path.join(out, 'FILES'), 'utf8').split('\n').filter((l) => l.length > 0);
}

function upToDate() {
  try {
    if (fs.readFileSync(path.join(out, 'VERSION'), 'utf8').trim() !== version) return false;
    if (!fs.readFileSync(path.join(out, 'LICENSE'), 'utf8').includes('npm package ' + pkgName + ' ' + version + ',')) return false;
    const files = readIndex();
    if (wanted.length > 0 && files.join('\n') !== wanted.join('\n')) return false;
    for (const f of files) {
      for (const suffix of ['', '.gz', '.br']) fs.accessSync(path.join(out, f + suffix));
    }
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
  if (!pkgName || !version || !fromDir || !resourceDir || !statusName) {
    throw new Error('usage: fetch-npm-files.js TARGET PACKAGE VERSION FROM RESOURCE_DIR STATUS_FILE [FILE...]');
  }
  if (upToDate()) {
    log(pkgName + ' ' + version + ' files already in ' + out);
    return;
  }
  const packDir = path.join(target, 'npm-pack');
  fs.mkdirSync(packDir, { recursive: true });
  const tgzName = packBase + '-' + version + '.tgz';
  const tgz = path.join(packDir, tgzName);
  if (!fs.existsSync(tgz)) {
    log('fetching ' + pkgName + '@' + version + ' with npm pack');
    execFileSync('npm', ['pack', pkgName + '@' + version, '--pack-destination', packDir,
      '--silent', '--fetch-timeout=60000', '--fetch-retries=1'],
    { cwd: packDir, stdio: ['ignore', 'ignore', 'inherit'], timeout: 180000 });
  }
  const entries = untar(zlib.gunzipSync(fs.readFileSync(tgz)));
  const pkg = JSON.parse(entries.get('package/package.json').toString('utf8'));
  if (pkg.name !== pkgName || pkg.version !== version) {
    throw new Error('unexpected package ' + pkg.name + '@' + pkg.version);
  }
  const base = 'package/' + fromDir.replace(/\/+$/, '') + '/';
  const files = wanted.length > 0 ? wanted
    : [...entries.keys()].filter((n) => n.startsWith(base) && !n.endsWith('.map')).map((n) => n.slice(base.length)).sort();
  if (files.length === 0) throw new Error('no files under ' + fromDir + ' in ' + tgzName);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const f of files) {
    if (f.split('/').some((part) => part === '..' || part === '')) throw new Error('bad file name ' + f);
    const data = entries.get(base + f);
    if (!data) throw new Error('missing ' + fromDir + '/' + f + ' in ' + tgzName);
    const dest = path.join(out, ...f.split('/'));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, data);
    fs.writeFileSync(dest + '.gz', zlib.gzipSync(data, { level: 9 }));
    fs.writeFileSync(dest + '.br', zlib.brotliCompressSync(data, {
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
    'The files in this directory (except VERSION and FILES) come unmodified, or compressed, from the ' + fromDir
    + '/ folder of the\nnpm package ' + pkgName + ' ' + version + ', distributed under the following license:\n\n' + license);
  fs.writeFileSync(path.join(out, 'FILES'), files.join('\n') + '\n');
  // VERSION last: its presence marks a complete set.
  fs.writeFileSync(path.join(out, 'VERSION'), version + '\n');
  fs.writeFileSync(statusFile, 'ok ' + version + '\n');
  log(pkgName + ' ' + version + ': ' + files.length + ' files written to ' + out);
}

try {
  main();
} catch (e) {
  fs.rmSync(out, { recursive: true, force: true }); // never package a partial set
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(statusFile, 'missing: ' + (e && e.message ? e.message.split('\n')[0] : String(e)) + '\n');
  console.error('[enlace] WARNING: ' + pkgName + ' not packaged: ' + (e && e.message ? e.message : e));
  process.exit(1);
}
