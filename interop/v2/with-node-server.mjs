// Runs one script of this folder against a fresh Node reference server (node-server.js) on a free loopback port.
//   node with-node-server.mjs [--no-eio3] <script> [script args...]
// The script gets the server's base URL as its first argument. Exit code: the script's. A `.java` script runs with
// `java -cp <the Java client 1.x>`: the jars that enlace-core's build copies to enlace-core/target/v2-java-client/
// (mvn ... generate-test-resources), else the class path in java/target/classpath.txt (see java/pom.xml for how that
// file is made). The server is stopped at the end (and stops by itself if this process dies: its stdin is a pipe from
// here).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const serverArgs = ['--exit-on-stdin-end'];
if (args[0] === '--no-eio3') serverArgs.push(args.shift());
const [script, ...scriptArgs] = args;
if (!script) {
  console.error('usage: node with-node-server.mjs [--no-eio3] <script> [args...]');
  process.exit(2);
}

const server = spawn(process.execPath, [path.join(dir, 'node-server.js'), ...serverArgs], { stdio: ['pipe', 'pipe', 'inherit'] });
const port = await new Promise((resolve, reject) => {
  const t = setTimeout(() => reject(new Error('the Node server did not start within 15 s')), 15000);
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = /listening (\d+)/.exec(out);
    if (m) { clearTimeout(t); resolve(Number(m[1])); }
  });
  server.on('exit', (code) => reject(new Error(`the Node server exited (${code})`)));
});
server.stdout.resume();

/** The Java client 1.x class path (header). */
function javaClasspath() {
  const copied = path.join(dir, '..', '..', 'enlace-core', 'target', 'v2-java-client');
  if (fs.existsSync(copied)) {
    const jars = fs.readdirSync(copied).filter((f) => f.endsWith('.jar')).map((f) => path.join(copied, f));
    if (jars.length) return jars.join(path.delimiter);
  }
  const file = path.join(dir, 'java', 'target', 'classpath.txt');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  throw new Error(`no Java client 1.x: neither ${copied} nor ${file} (header of with-node-server.mjs)`);
}

const target = [path.resolve(dir, script), `http://127.0.0.1:${port}`, ...scriptArgs];
let child;
try {
  child = script.endsWith('.java')
    ? spawn('java', ['-cp', javaClasspath(), ...target], { stdio: 'inherit' })
    : spawn(process.execPath, target, { stdio: 'inherit' });
} catch (e) {
  console.error(String(e.message || e));
  server.stdin.end();
  process.exit(2);
}
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
server.stdin.end();
const stopped = await Promise.race([new Promise((r) => server.on('exit', () => r(true))), new Promise((r) => setTimeout(() => r(false), 5000))]);
if (!stopped) server.kill('SIGKILL');
process.exit(code);
