// The Socket.IO admin UI page served by the demo (/admin/) in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): log in with the demo's admin password and see a connected socket. Driven by enlace-demo's
// AdminUiBrowserTest (demo started with --admin-password s3cret).
//   node browser/admin-ui.mjs <base url> <output dir>
// Prints "ok - <case>" / "not ok - <case>: <why>" and a closing "N passed, N failed"; exits 1 on any failure.
// Screenshots go to <output dir>/admin-*.png. Requests to any other origin (the page's web fonts) are blocked.
import { chromium } from 'playwright-core';
import { launchChromium } from '../lib/chromium.mjs';
import fs from 'node:fs';
import path from 'node:path';

const base = (process.argv[2] || 'http://127.0.0.1:3000').replace(/\/$/, '');
const outDir = path.resolve(process.argv[3] || 'test-results');
fs.mkdirSync(outDir, { recursive: true });

const results = [];
async function run(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push([name, null]);
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push([name, e]);
    console.log(`not ok - ${name}: ${(e && e.stack) || e}`);
  }
}
function check(cond, msg) { if (!cond) throw new Error(msg); }

const chrome = await launchChromium(chromium, { viewport: { width: 1280, height: 800 } });
const browser = chrome.browser;

async function newPage() {
  const page = await browser.newPage();
  const log = { errors: [], external: [] };
  await page.route(/.*/, (route) => {
    const u = new URL(route.request().url());
    if (u.origin === new URL(base).origin || u.protocol === 'data:') return route.continue();
    log.external.push(u.href);
    return route.abort();
  });
  page.setDefaultTimeout(15000);
  page.on('pageerror', (e) => log.errors.push(String(e)));
  return { page, log };
}

let probeId;
let probePage;

await run('a page of the demo holds a socket of namespace /', async () => {
  const { page } = await newPage();
  probePage = page;
  await page.goto(`${base}/`);
  await page.waitForFunction(() => typeof window.io === 'function');
  probeId = await page.evaluate(() => new Promise((resolve) => {
    const s = window.io({ forceNew: true, transports: ['websocket'] });
    s.on('connect', () => { window.probe = s; resolve(s.id); });
  }));
  check(/^[\w-]{20}$/.test(probeId), 'socket id ' + probeId);
});

let ui;
await run('the admin UI page loads from the demo and logs in', async () => {
  const { page, log } = await newPage();
  ui = { page, log };
  const res = await page.goto(`${base}/admin/`);
  check(res.status() === 200, `GET /admin/ -> ${res.status()}`);
  await page.getByLabel('Server URL').fill(base);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('wrong');
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByText('invalid credentials', { exact: false }).first().waitFor();
  await page.screenshot({ path: path.join(outDir, 'admin-login-refused.png') });
  await page.getByLabel('Password').fill('s3cret');
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByLabel('Server URL').waitFor({ state: 'hidden' });
  check(await page.evaluate(() => /^[0-9a-f]{16}$/.test(localStorage.getItem('session_id') || '')),
    'no session id kept: ' + await page.evaluate(() => localStorage.getItem('session_id')));
  check(log.errors.length === 0, 'page errors: ' + log.errors);
});

await run('the UI shows the connected socket', async () => {
  const { page } = ui;
  await page.goto(`${base}/admin/#/sockets/`);
  await page.getByText(probeId).first().waitFor();
  await page.waitForTimeout(600); // the page's fade-in, for the screenshot only
  await page.screenshot({ path: path.join(outDir, 'admin-sockets.png'), fullPage: true });
  await page.goto(`${base}/admin/#/servers/`);
  await page.getByText('healthy').first().waitFor(); // this server, from its server_stats
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(outDir, 'admin-servers.png'), fullPage: true });
  check(ui.log.errors.length === 0, 'page errors: ' + ui.log.errors);
});

await run('the UI logs in again with its session id after a reload', async () => {
  const { page } = ui;
  await page.reload();
  await page.goto(`${base}/admin/#/sockets/`);
  await page.getByText(probeId).first().waitFor();
  check(!(await page.getByLabel('Password').isVisible()), 'the login form came back');
});

await run('a socket that leaves disappears from the UI', async () => {
  const { page } = ui;
  await probePage.evaluate(() => window.probe.disconnect());
  await page.getByText(probeId).first().waitFor({ state: 'detached' });
  await page.screenshot({ path: path.join(outDir, 'admin-sockets-after.png'), fullPage: true });
});

await chrome.close();
const failed = results.filter(([, e]) => e).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
