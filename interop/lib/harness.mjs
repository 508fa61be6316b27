// A tiny test harness for the interop scripts: run(name, fn) with a time limit, check(), and a closing
// "N passed, N failed" line. Exit code 1 when anything failed.
export const results = [];

export function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

export function deepEqual(actual, expected, what = 'value') {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

export async function run(name, fn, timeoutMs = 20000) {
  const started = Date.now();
  let timer;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs); }),
    ]);
    results.push([name, null]);
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push([name, e]);
    console.log(`not ok - ${name}: ${(e && e.stack) || e}`);
  } finally {
    clearTimeout(timer);
  }
}

export function finish() {
  const failed = results.filter(([, e]) => e).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until `fn()` is true (polling every 10 ms, at most `ms`), else fails with `what()`. */
export async function until(fn, what, ms = 10000) {
  const end = Date.now() + ms;
  while (!fn() && Date.now() < end) await sleep(10);
  check(fn(), `${what()} (waited ${ms} ms)`);
}

/** Resolves with the args of the next `event` on `emitter`, or rejects after `ms`. */
export function next(emitter, event, ms = 5000) {
  const p = new Promise((resolve, reject) => {
    const t = setTimeout(() => { emitter.off(event, on); reject(new Error(`no '${event}' within ${ms} ms`)); }, ms);
    function on(...args) { clearTimeout(t); emitter.off(event, on); resolve(args.length <= 1 ? args[0] : args); }
    emitter.on(event, on);
  });
  p.catch(() => {}); // a rejection that nobody awaits (the test failed earlier) must not end the process
  return p;
}

/** An offset of connection state recovery (the server appends one to every event it may replay). */
export const OFFSET = /^[0-9a-z]+-[0-9a-z]+$/;

/** The arguments of an event without the offset that connection state recovery appends, if any. */
export function withoutOffset(args) {
  return args.length >= 2 && typeof args[args.length - 1] === 'string' && OFFSET.test(args[args.length - 1]) ? args.slice(0, -1) : args;
}

/** Like next(), without the offset that connection state recovery appends to the event's arguments. */
export function nextPayload(emitter, event, ms = 5000) {
  return next(emitter, event, ms).then((v) => (Array.isArray(v) ? (withoutOffset(v).length === 1 ? v[0] : withoutOffset(v)) : v));
}
