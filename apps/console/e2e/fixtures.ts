import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sessionOf, type LoginResult } from '../src/auth/session';

const ROOT = resolve(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'dist/apps/platform/apps/platform/src/main.js');
const CONSOLE = join(ROOT, 'dist/console');

export const DEMO_PASSWORD = 'demo12345';

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`platform exited with ${child.exitCode} before answering; log: ${log}`);
    try {
      const r = await fetch(`${url}/api/v1/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`platform did not answer ${url}/api/v1/health within ${ms / 1000} s; log: ${log}`);
}

export interface Platform {
  baseURL: string;
}

/**
 * The embedded platform as built by `npm start`/`npm test` (this fixture builds nothing): PGlite in
 * a temporary DATA_DIR, demo data with a modest number of firms, a free port. Started once per
 * worker (each worker has its own), stopped and its data removed at the end.
 */
export const test = base.extend<{ api: APIRequestContext }, { platform: Platform }>({
  platform: [
    async ({}, use, workerInfo) => {
      for (const [what, file, how] of [['platform', MAIN, 'npm run build'], ['web console', join(CONSOLE, 'index.html'), 'npm run console:build']] as const) {
        if (!existsSync(file)) throw new Error(`${what} not built (${file} missing): run \`${how}\` (npm test builds both)`);
      }
      const port = await freePort();
      const dataDir = mkdtempSync(join(tmpdir(), 'qinqing-e2e-'));
      const log = join(workerInfo.project.outputDir, `platform-${port}.log`);
      const out = createWriteStream(log);
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, SEED_DEMO: 'true', DEMO_ENTERPRISES: process.env.E2E_DEMO_ENTERPRISES ?? '300', CONSOLE_DIR: CONSOLE, NODE_ENV: 'development', LOGIN_RATE_LIMIT: '100', AUTO_BATCH_EVERY_MS: '0' }; // finance batches by hand in the tests
      for (const k of ['DATABASE_URL', 'REDIS_URL', 'ELASTICSEARCH_URL', 'NODE_OPTIONS']) delete env[k];
      const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.pipe(out);
      child.stderr?.pipe(out);
      try {
        await waitForHealth(`http://127.0.0.1:${port}`, child, log, 180_000);
        await use({ baseURL: `http://127.0.0.1:${port}` });
      } finally {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', auto: true, timeout: 240_000 },
  ],
  baseURL: async ({ platform }, use) => use(platform.baseURL),
  api: async ({ playwright, platform }, use) => {
    const ctx = await playwright.request.newContext({ baseURL: platform.baseURL });
    await use(ctx);
    await ctx.dispose();
  },
});

export { expect };

/** Signs in through the login page as a demo account and waits for its home page. */
export async function login(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** An empty page of the platform's origin, answered by the browser itself (see signIn). */
const BLANK = '/e2e-blank';

/**
 * Signs in without the login page — for tests about something else (the login page has its own
 * tests in session.spec.ts): an API login, its answer stored the way the console's own login stores
 * it (localStorage `qinqing.session`, src/auth/session.ts), then `path` is opened signed in. Saves
 * loading the login page and the role's home page that a test would leave at once.
 */
export async function signIn(page: Page, username: string, path: string): Promise<void> {
  const r = await page.request.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(r.ok(), await r.text()).toBe(true);
  const session = sessionOf((await r.json()) as LoginResult);
  // localStorage belongs to the origin: a fresh page first opens an empty page of it
  if (page.url() === 'about:blank') {
    await page.route(BLANK, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>e2e</title>' }));
    await page.goto(BLANK);
    await page.unroute(BLANK);
  }
  await page.evaluate((value) => window.localStorage.setItem('qinqing.session', value), JSON.stringify(session));
  await page.goto(path);
  // the console took the stored session: its signed-in layout names the user (as after the login page,
  // this first load of the app gets its own wait before the test's own assertions)
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/** Picks an option of an antd Select by typing part of it (the list is virtual: unseen options are not rendered). */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  const box = page.getByLabel(label, { exact: true });
  await box.click();
  await box.pressSequentially(option.slice(0, 2));
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first();
  await item.waitFor();
  // A click during the dropdown's opening motion can land while the list re-renders and select nothing
  // (seen in full runs): wait for its animations to finish first.
  await page.locator('.ant-select-dropdown:visible').first().evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
  await item.click();
  // The select now shows the option as chosen (not silently missed).
  await expect(page.locator('.ant-select').filter({ has: box }).first()).toContainText(option);
}

/** A bearer token for API set-up steps (not what a test asserts on). */
export async function token(api: APIRequestContext, username: string): Promise<string> {
  const r = await api.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(r.ok()).toBe(true);
  return ((await r.json()) as { accessToken: string }).accessToken;
}

/** A 公示 round opened the way a department would: batch-approve the 免申即享 pre-qualified list, then disclose it. */
export async function openDisclosureRound(api: APIRequestContext): Promise<string> {
  const open = await (await api.get('/api/v1/disclosures')).json() as Array<{ id: string }>;
  if (open.length) return open[0].id;
  for (const dept of ['kjj', 'gxj', 'swj', 'rsj']) {
    const auth = { authorization: `Bearer ${await token(api, `${dept}_reviewer`)}` };
    const queue = await (await api.get('/api/v1/review/queue?state=pre_qualified&pageSize=200', { headers: auth })).json() as { items: Array<{ itemId: string }> };
    const counts = new Map<string, number>();
    for (const a of queue.items) counts.set(a.itemId, (counts.get(a.itemId) ?? 0) + 1);
    const best = [...counts].sort((a, b) => b[1] - a[1])[0];
    if (!best) continue;
    expect((await api.post('/api/v1/review/batch-approve', { headers: auth, data: { itemId: best[0] } })).ok()).toBe(true);
    const round = await api.post('/api/v1/disclosures', { headers: auth, data: { itemId: best[0] } });
    expect(round.ok()).toBe(true);
    return ((await round.json()) as { id: string }).id;
  }
  throw new Error('demo data has no pre-qualified 免申即享 applications to disclose');
}

