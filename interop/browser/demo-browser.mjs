// End-to-end test of the demo pages in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//   node browser/demo-browser.mjs <base url> <output dir>
// Prints "ok - <case>" / "not ok - <case>: <why>" and a closing "N passed, N failed"; exits 1 on any failure.
// Screenshots go to <output dir>/*.png. Talks to the given (loopback) server only.
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

const chrome = await launchChromium(chromium, { viewport: { width: 1000, height: 760 } });
const browser = chrome.browser;

async function newPage(opts = {}) {
  const page = await browser.newPage();
  const context = { close: () => page.close() };
  const log = { console: [], errors: [], websockets: [], external: [] };
  // Only the server under test may be reached; the pages must not even try anything else (no CDN).
  await page.route(/.*/, (route) => {
    const u = new URL(route.request().url());
    if (u.origin === new URL(base).origin || u.protocol === 'data:') return route.continue();
    log.external.push(u.href);
    return route.abort();
  });
  if (opts.noWebSocket) {
    await page.addInitScript(() => {
      delete window.WebSocket;
      window.WebSocket = undefined;
      window.MozWebSocket = undefined;
    });
  }
  page.setDefaultTimeout(15000);
  page.on('console', (m) => log.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('websocket', (ws) => log.websockets.push(ws.url()));
  return { context, page, log };
}

// The pages are tabs of one window, and a background tab gets no animation frames (which playwright's actions wait
// for): bring the page to the front before acting on it.
async function fill(page, selector, text) {
  await page.bringToFront();
  await page.fill(selector, text);
}
async function click(page, selector) {
  await page.bringToFront();
  await page.click(selector);
}

const consoleNumbers = (log) => log.console
  .filter((m) => m.type === 'log' && /^\d+$/.test(m.text)).map((m) => Number(m.text));
const pageNumbers = (page) => page.$$eval('#numeros li', (lis) => lis.map((li) => Number(li.textContent)));

async function waitForNumbers(page, log, n, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (consoleNumbers(log).length >= n && (await pageNumbers(page)).length >= n) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`fewer than ${n} numbers after ${timeoutMs} ms: console=${JSON.stringify(consoleNumbers(log))}`);
}

await run('seed page: the client bundle loads, the welcome appears', async () => {
  const { context, page, log } = await newPage();
  const res = await page.goto(`${base}/`);
  check(res.status() === 200, `GET / -> ${res.status()}`);
  await page.waitForFunction(() => typeof window.io === 'function');
  await page.waitForSelector('#bienvenida:text("Hola cliente WS!")');
  check(log.errors.length === 0, `page errors: ${log.errors}`);
  await context.close();
});

await run('seed page: numbers arrive in the console and on the page, over websocket', async () => {
  const { context, page, log } = await newPage();
  await page.goto(`${base}/?cada=200`);
  await page.waitForSelector('#bienvenida:text("Hola cliente WS!")');
  await waitForNumbers(page, log, 5, 10000);
  const fromConsole = consoleNumbers(log);
  const shown = await pageNumbers(page);
  for (const n of fromConsole) check(Number.isInteger(n) && n >= 1 && n <= 1000, `out of range: ${n}`);
  // the list shows the newest first; every number shown was logged
  for (const n of shown) check(fromConsole.includes(n), `${n} on the page but not in the console`);
  check(shown[0] === fromConsole[fromConsole.length - 1] || fromConsole.length > shown.length,
    `latest number differs: page ${shown[0]} console ${fromConsole[fromConsole.length - 1]}`);
  await page.waitForSelector('#transporte:text("websocket")');
  check(log.websockets.some((u) => u.includes('/socket.io/?EIO=4&transport=websocket')), `no websocket: ${log.websockets}`);
  check(await page.textContent('#intervalo') === '200 ms', `interval: ${await page.textContent('#intervalo')}`);
  check(await page.$$eval('#grafico rect', (r) => r.length) >= 5, 'chart has fewer than 5 bars');
  check(log.errors.length === 0, `page errors: ${log.errors}`);
  check(log.external.length === 0, `requests outside the server: ${log.external}`);
  await page.screenshot({ path: path.join(outDir, 'seed.png'), fullPage: true });
  await context.close();
});

await run('seed page: default interval is 5000 ms as in the seed', async () => {
  const { context, page, log } = await newPage();
  await page.goto(`${base}/`);
  await page.waitForSelector('#intervalo:text("5000 ms")');
  await waitForNumbers(page, log, 1, 9000);
  await context.close();
});

await run('seed page: works over long-polling when WebSocket is unavailable', async () => {
  const { context, page, log } = await newPage({ noWebSocket: true });
  await page.goto(`${base}/?cada=200`);
  check(await page.evaluate(() => typeof window.WebSocket) === 'undefined', 'WebSocket still there');
  await page.waitForSelector('#bienvenida:text("Hola cliente WS!")');
  await waitForNumbers(page, log, 4, 10000);
  check(await page.textContent('#transporte') === 'polling', `transport: ${await page.textContent('#transporte')}`);
  check(log.websockets.length === 0, `websocket opened: ${log.websockets}`);
  check(log.errors.length === 0, `page errors: ${log.errors}`);
  await page.screenshot({ path: path.join(outDir, 'seed-polling.png'), fullPage: true });
  await context.close();
});

await run('chat: a missing name is refused with "name required"', async () => {
  const { context, page } = await newPage();
  await page.goto(`${base}/chat`);
  await click(page, '#connect');
  await page.waitForSelector('#login-error:text("name required")');
  await fill(page, '#name', 'x'.repeat(33));
  await click(page, '#connect');
  await page.waitForSelector('#login-error:text("name required")');
  check(await page.isHidden('#chat'), 'chat shown without a name');
  await context.close();
});

await run('chat: two pages exchange messages', async () => {
  const a = await newPage();
  const b = await newPage();
  for (const [p, name] of [[a.page, 'Ana'], [b.page, 'Beto']]) {
    await p.goto(`${base}/chat`);
    await fill(p, '#name', name);
    await click(p, '#connect');
    await p.waitForSelector('#chat:not(.hidden)');
  }
  await fill(a.page, '#room', 'sala');
  await click(a.page, '#join');
  await a.page.waitForSelector('#members:text("En #sala: Ana")');
  await fill(b.page, '#room', 'sala');
  await click(b.page, '#join');
  await b.page.waitForSelector('#members:text("En #sala: Ana, Beto")');
  await a.page.waitForSelector('#members:text("En #sala: Ana, Beto")');
  await a.page.waitForSelector('#messages li.event:text("Beto entró")');

  await fill(a.page, '#text', 'hola Beto');
  await click(a.page, '#say');
  await b.page.waitForSelector('#messages li.said:has-text("Ana: hola Beto")');
  await a.page.waitForSelector('#messages li.said:has-text("Ana: hola Beto")');
  await fill(b.page, '#text', '¿qué tal, <b>Ana</b>?');
  await click(b.page, '#say');
  await a.page.waitForSelector('#messages li.said:has-text("Beto: ¿qué tal, <b>Ana</b>?")');
  check(await a.page.$$eval('#messages b', (x) => x.length) === 0, 'message text was rendered as HTML');
  await a.page.screenshot({ path: path.join(outDir, 'chat.png'), fullPage: true });

  await click(b.page, '#leave');
  await a.page.waitForSelector('#messages li.event:text("Beto salió")');
  await a.page.waitForSelector('#members:text("En #sala: Ana")');
  await b.context.close();
  check(a.log.errors.length === 0 && b.log.errors.length === 0, `page errors: ${a.log.errors} ${b.log.errors}`);
  check(a.log.external.length === 0 && b.log.external.length === 0, `requests outside the server: ${a.log.external} ${b.log.external}`);
  await a.context.close();
});

await chrome.close();
const failed = results.filter(([, e]) => e).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
