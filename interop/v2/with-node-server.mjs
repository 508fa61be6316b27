// Runs one script of this folder against a fresh Node reference server (node-server.js) on a free loopback port.
//   node with-node-server.mjs [--no-eio3] <script> [script args...]
// The script gets the server's base URL as its first argument. Exit code: the script's. A `.java` script runs with
// `java -cp <java/target/classpath.txt>` (the Java client 1.x; see java/pom.xml for how that file is made). The server is stopped at the
// end (and stops by itself if this process dies: its stdin is a pipe from here).
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

const target = [path.resolve(dir, script), `http://127.0.0.1:${port}`, ...scriptArgs];
const child = script.endsWith('.java')
  ? spawn('java', ['-cp', fs.readFileSync(path.join(dir, 'java', 'target', 'classpath.txt'), 'utf8').trim(), ...target], { stdio: 'inherit' })
  : spawn(process.execPath, target, { stdio: 'inherit' });
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
server.stdin.end();
const stopped = await Promise.race([new Promise((r) => server.on('exit', () => r(true))), new Promise((r) => setTimeout(() => r(false), 5000))]);
if (!stopped) server.kill('SIGKILL');
process.exit(code);
