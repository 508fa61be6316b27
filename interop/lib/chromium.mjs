// Headless Chromium for the browser scripts: Debian's /usr/bin/chromium (or $CHROMIUM) driven by playwright-core, with a
// fresh profile (--user-data-dir, made here and removed by close()) for every run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // the pages share one window: keep the background tabs running at full speed
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'];

/**
 * Launches a persistent context. `chromium` is playwright-core's export, passed in so that the script's own
 * node_modules provide it. Returns { browser, close }: close() closes the browser and removes the profile.
 */
export async function launchChromium(chromium, { viewport, extraArgs = [] } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enlace-chromium-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 60000,
    viewport,
    args: [...ARGS, ...extraArgs],
  });
  return {
    browser,
    async close() {
      await browser.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
