#!/usr/bin/env node
/**
 * `npm run bench:console-speed [-- --firms 100000 --moves 50 --queries 50 --no-write]`
 *
 * What a person waits for in the web console, measured in Chromium (Playwright) against the built
 * platform with a large demo data set:
 *
 *   - 数据沙盘: the leader moves a threshold slider → every distribution chart redrawn. The page
 *     records `performance.measure('sandbox:input→drawn')` (src/lib/sandbox-perf.ts); it includes
 *     the page's debounce (WHAT_IF_DEBOUNCE_MS: a lone move is asked at once), the what-if request and the chart redraw.
 *   - 政策查询: the visitor submits a query → its results rendered
 *     (`search:input→rendered`, src/lib/search-perf.ts).
 *
 * Baseline, measured in the same run: the same API calls (the very what-if bodies the page sent,
 * the same search URLs) timed from Node without the browser; the ratio says what the browser adds.
 * Targets: slider p95 ≤ 300 ms, search p95 ≤ 200 ms (on 1,000,000 firms).
 *
 * `--db <name>` keeps the database (named, not dropped at the end) and reuses it when it exists: the
 * demo seed is idempotent, so a 1,000,000-firm data set is seeded once (`-- --firms 1000000 --db
 * console_speed_1m --seed-only`) and measured later, when the machine is quiet, without re-seeding.
 *
 * The platform runs in its own process on a fresh PostgreSQL database (BENCH_DATABASE_URL or
 * postgres@127.0.0.1:5432), in-process queues, `SEED_DEMO=true DEMO_ENTERPRISES=<firms>`, and
 * serves the built console. Builds the platform and the console first when missing or stale.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { Client } = require('pg');
const { chromium } = require('playwright');
const build = require('./build-steps');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const FIRMS = arg('firms', 100_000);
const MOVES = arg('moves', 50);
const QUERIES = arg('queries', 50);
const WRITE = !process.argv.includes('--no-write');
const SEED_ONLY = process.argv.includes('--seed-only');
const KEEP_DB = (() => {
  const i = process.argv.indexOf('--db');
  return i >= 0 ? process.argv[i + 1] : null;
})();
const TARGET = { slider: 300, search: 200 };
const root = build.root;
const log = (s) => process.stderr.write(`${s}\n`);

const QUERY_WORDS = ['研发', '补贴', '稳岗', '专精特新', '高新技术', '人才', '技术改造', '首台套', '贷款贴息', '外贸', '创新', '数字化', '奖励', '社保', '小微企业', '上市', '知识产权', '招商', '培训', '绿色'];

function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function admin(sql) {
  const c = new Client({ connectionString: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function waitHealthy(base, child, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`platform exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet (the demo seed runs before listen)
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('platform did not become healthy');
}

/** CPU seconds used by a process so far (Linux /proc). */
function cpuSeconds(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime in clock ticks (100 Hz)
}

/** Waits until the platform's background work after seeding (matching, pushes) has calmed down. */
async function waitIdle(pid, maxMs = 300_000) {
  const until = Date.now() + maxMs;
  let last = cpuSeconds(pid);
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 3000));
    const now = cpuSeconds(pid);
    const busy = (now - last) / 3;
    last = now;
    if (busy < 0.15) return;
    log(`  platform still busy after seeding (${(busy * 100).toFixed(0)} % CPU) …`);
  }
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (x) => `${x.toFixed(1)} ms`;

async function login(base, username) {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo12345' }) });
  if (!r.ok) throw new Error(`login ${username}: ${r.status}`);
  return (await r.json()).accessToken;
}

const NUMERIC = new Set(['greaterThan', 'greaterThanInclusive', 'lessThan', 'lessThanInclusive', 'equal', 'notEqual', 'yearsSinceAtLeast', 'yearsSinceLessThan']);
/** Same test as src/lib/rule-thresholds.ts numericThresholds(rule).length > 0. */
function hasNumericThreshold(node) {
  if (typeof node !== 'object' || node === null) return false;
  if (typeof node.fact === 'string' && NUMERIC.has(node.operator) && typeof node.value === 'number' && Number.isFinite(node.value)) return true;
  return [...(Array.isArray(node.all) ? node.all : []), ...(Array.isArray(node.any) ? node.any : []), ...(node.not ? [node.not] : [])].some(hasNumericThreshold);
}

/** The JSON pointer and value of the first numeric threshold (what the first slider moves). */
function firstThreshold(node, at = '') {
  if (typeof node !== 'object' || node === null) return null;
  for (const g of ['all', 'any']) {
    if (Array.isArray(node[g])) {
      for (let i = 0; i < node[g].length; i++) {
        const t = firstThreshold(node[g][i], `${at}/${g}/${i}`);
        if (t) return t;
      }
    }
  }
  if (node.not) {
    const t = firstThreshold(node.not, `${at}/not`);
    if (t) return t;
  }
  if (typeof node.fact === 'string' && NUMERIC.has(node.operator) && typeof node.value === 'number' && Number.isFinite(node.value)) return { pointer: `${at}/value`, value: node.value };
  return null;
}

/** A published item with a numeric threshold (the sandbox shows a slider for it). */
async function itemWithSlider(base, auth) {
  const list = await (await fetch(`${base}/api/v1/policies?pageSize=200`, { headers: auth })).json();
  let best = null;
  for (const p of list.items) {
    const policy = await (await fetch(`${base}/api/v1/policies/${p.id}`, { headers: auth })).json();
    for (const i of policy.items ?? []) {
      if (i.current && hasNumericThreshold(i.current.rule)) {
        best = { policyId: p.id, itemId: i.id, name: i.current.name, versionId: i.current.id, fundPoolFen: i.current.fundPoolFen, threshold: firstThreshold(i.current.rule) };
        break;
      }
    }
    if (best) break;
  }
  if (!best) throw new Error('no published item with a numeric condition');
  return best;
}

/** Times one request; a failed one is logged and left out (null). */
async function timeFetch(url, init) {
  const t = performance.now();
  const r = await fetch(url, init);
  const text = await r.text();
  const took = performance.now() - t;
  if (!r.ok) {
    log(`  baseline request failed: ${r.status} ${text.slice(0, 200)}`);
    return null;
  }
  return took;
}

/**
 * The what-if question the page asks for a slider position (SandboxPage: thresholdPatch — no edit
 * when the value is the item's own — + budget cap + groupings).
 */
function whatIfBody(target, value) {
  const rule = value === target.threshold.value ? [] : [{ op: 'replace', path: target.threshold.pointer, value }];
  return JSON.stringify({
    base: { itemVersionId: target.versionId },
    overrides: { ...(rule.length ? { rule } : {}), ...(target.fundPoolFen > 0 ? { budgetCapFen: target.fundPoolFen } : {}) },
    options: { groupBy: ['district', 'industry', 'scale'] },
  });
}

async function sliderRun(browser, base, target) {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const bodies = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/v1/sandbox/what-if')) bodies.push(r.postData());
  });
  await page.goto('/login');
  await page.getByLabel('用户名').fill('leader');
  await page.getByLabel('密码').fill('demo12345');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto(`/staff/leader/sandbox?policy=${target.policyId}&item=${target.itemId}`);
  const slider = page.getByRole('slider').first();
  await slider.waitFor({ timeout: 120_000 });
  await page.getByLabel('企业数变化').getByText(/较现行/).waitFor({ timeout: 120_000 }); // first answer (snapshot warm)
  await slider.focus();
  await slider.press('Home');
  const count = () => page.evaluate(() => performance.getEntriesByName('sandbox:input→drawn', 'measure').length);
  await page.waitForFunction(() => performance.getEntriesByName('sandbox:input→drawn', 'measure').length >= 1, null, { timeout: 30_000 }).catch(() => undefined);
  const start = await count();
  let dir = 'ArrowRight';
  let done = 0;
  const positions = []; // the slider's value after each measured move (what the page asked about)
  while (done < MOVES) {
    const before = await slider.getAttribute('aria-valuenow');
    await slider.press(dir);
    const now = await slider.getAttribute('aria-valuenow');
    if (now === before) {
      dir = dir === 'ArrowRight' ? 'ArrowLeft' : 'ArrowRight'; // an end of the slider: turn round
      continue;
    }
    positions.push(Number(now));
    done += 1;
    await page.waitForFunction((n) => performance.getEntriesByName('sandbox:input→drawn', 'measure').length >= n, start + done, { timeout: 30_000 });
  }
  const durations = await page.evaluate(() => performance.getEntriesByName('sandbox:input→drawn', 'measure').map((m) => m.duration));
  const answers = await page.evaluate(() => performance.getEntriesByName('sandbox:input→answer', 'measure').map((m) => m.duration));
  // where the request's time goes inside the browser (Resource Timing): request sent → first byte
  // (the server's share, as Chromium sees it) and first byte → last byte
  const timing = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('/api/v1/sandbox/what-if'))
      .map((e) => ({ ttfb: e.responseStart - e.requestStart, body: e.responseEnd - e.responseStart, queued: e.requestStart - e.startTime })),
  );
  await context.close();
  const last = timing.slice(-MOVES);
  return {
    drawn: durations.slice(start), answer: answers.slice(-MOVES), bodies: bodies.slice(-MOVES), positions,
    ttfb: last.map((t) => t.ttfb).filter((x) => x > 0), queued: last.map((t) => t.queued).filter((x) => x >= 0),
  };
}

async function searchRun(browser, base) {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto('/policies');
  const box = page.getByLabel('搜索关键词');
  await box.waitFor({ timeout: 60_000 });
  const queries = [];
  for (let i = 0; i < QUERIES; i++) {
    const a = QUERY_WORDS[i % QUERY_WORDS.length];
    const b = QUERY_WORDS[(i * 7 + 3) % QUERY_WORDS.length];
    queries.push(i < QUERY_WORDS.length ? a : `${a} ${b}`);
  }
  for (let i = 0; i < queries.length; i++) {
    await page.getByLabel('搜索关键词').fill(queries[i]);
    await page.getByLabel('搜索关键词').press('Enter');
    await page.waitForFunction((n) => performance.getEntriesByName('search:input→rendered', 'measure').length >= n, i + 1, { timeout: 30_000 });
  }
  const durations = await page.evaluate(() => performance.getEntriesByName('search:input→rendered', 'measure').map((m) => m.duration));
  await context.close();
  return { rendered: durations, queries };
}

async function main() {
  build.buildPlatform();
  build.buildConsoleIfStale();
  if (KEEP_DB !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(KEEP_DB)) throw new Error(`--db: not a plain database name: ${KEEP_DB}`);
  const dbName = KEEP_DB ?? `bench_console_speed_${process.pid}`;
  if (KEEP_DB) {
    await admin(`CREATE DATABASE "${dbName}"`).then(
      () => log(`  database ${dbName} created (kept after the run)`),
      () => log(`  database ${dbName} exists: reused (the demo seed only adds what is missing)`),
    );
  } else {
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin(`CREATE DATABASE "${dbName}"`);
  }
  const dbUrl = (process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres').replace(/\/[^/]*$/, `/${dbName}`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { ...process.env, NODE_ENV: 'development', PORT: String(port), DATABASE_URL: dbUrl, SEED_DEMO: 'true', DEMO_ENTERPRISES: String(FIRMS), CONSOLE_DIR: path.join(root, 'dist/console'), LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT: '100' };
  for (const k of ['REDIS_URL', 'ELASTICSEARCH_URL', 'NODE_OPTIONS', 'DATA_DIR']) delete env[k];
  log(`bench:console-speed — ${FIRMS.toLocaleString('en')} demo firms on PostgreSQL, ${MOVES} slider moves, ${QUERIES} queries`);
  const seeded = Date.now();
  const child = spawn(process.execPath, [build.PLATFORM_MAIN], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  let browser;
  try {
    await waitHealthy(base, child, 1_200_000);
    const seedSeconds = (Date.now() - seeded) / 1000;
    log(`  platform up with the demo data in ${seedSeconds.toFixed(0)} s; waiting for background work to settle`);
    await waitIdle(child.pid);
    if (SEED_ONLY) {
      log(`  --seed-only: ${dbName} is seeded with ${FIRMS.toLocaleString('en')} firms; measure later with --db ${dbName}`);
      return;
    }

    const leader = { authorization: `Bearer ${await login(base, 'leader')}` };
    const target = await itemWithSlider(base, leader);
    log(`  sandbox item: ${target.name}`);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });

    const slider = await sliderRun(browser, base, target);
    log(`  slider: ${slider.drawn.length} moves measured`);
    const search = await searchRun(browser, base);
    log(`  search: ${search.rendered.length} queries measured`);
    log(`  browser p95: slider → drawn ${ms(pct(slider.drawn, 95))}, search → rendered ${ms(pct(search.rendered, 95))}`);

    // baseline: the same requests from Node, no browser
    // (the page's request bodies when Chromium exposes them, else the same questions rebuilt here
    // from the slider positions the page asked about, its aria-valuenow after each move)
    const bodies = slider.bodies.filter(Boolean);
    const built = slider.positions.map((v) => whatIfBody(target, v));
    let replay = bodies.length === slider.drawn.length ? bodies : built;
    if (replay === bodies && (await timeFetch(`${base}/api/v1/sandbox/what-if`, { method: 'POST', headers: { ...leader, 'content-type': 'application/json' }, body: bodies[0] })) === null) replay = built;
    log(`  baseline: ${replay === bodies ? 'the page\'s own what-if bodies' : `what-if bodies rebuilt from the page's slider positions (${Math.min(...slider.positions)}–${Math.max(...slider.positions)})`}, the same search URLs`);
    const apiWhatIf = [];
    for (const body of replay) apiWhatIf.push(await timeFetch(`${base}/api/v1/sandbox/what-if`, { method: 'POST', headers: { ...leader, 'content-type': 'application/json' }, body }));
    const apiSearch = [];
    for (const q of search.queries) apiSearch.push(await timeFetch(`${base}/api/v1/search/policies?q=${encodeURIComponent(q)}&status=published&page=1&pageSize=10`));
    const ok = (xs) => xs.filter((x) => x !== null);

    const rows = [
      ['slider move → charts redrawn (browser; a lone move is asked at once, a burst after 80 ms quiet)', slider.drawn, TARGET.slider],
      ['slider move → answer arrived (browser)', slider.answer, null],
      ['… of which: what-if request sent → first byte, in the browser (Resource Timing)', slider.ttfb, null],
      ['… of which: fetch() called → request sent, in the browser', slider.queued, null],
      ['baseline: the what-if POSTs from Node (no browser, no debounce)', ok(apiWhatIf), null],
      ['search → results rendered (browser)', search.rendered, TARGET.search],
      ['baseline: the same search GETs from Node (no browser)', ok(apiSearch), null],
    ];
    const table = [
      '| measure | n | p50 | p95 | max | target |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      ...rows.filter(([, xs]) => xs.length > 0).map(([name, xs, t]) => `| ${name} | ${xs.length} | ${ms(pct(xs, 50))} | ${ms(pct(xs, 95))} | ${ms(Math.max(...xs))} | ${t === null ? '' : `p95 ≤ ${t} ms — ${pct(xs, 95) <= t ? 'met' : 'missed'}`} |`),
    ].join('\n');
    const ratio = (a, b) => (b.length ? `${(pct(a, 95) / pct(b, 95)).toFixed(1)}×` : 'n/a');
    const ratios = `browser p95 / API p95: slider ${ratio(slider.drawn, ok(apiWhatIf))} (the browser figure includes the page's render, request and redraw), search ${ratio(search.rendered, ok(apiSearch))}`;
    console.log(`\n${table}\n\n${ratios}\n`);
    if (WRITE) {
      const md = `\n## bench:console-speed — ${new Date().toISOString().slice(0, 10)}\n\n\`npm run bench:console-speed -- --firms ${FIRMS} --moves ${MOVES} --queries ${QUERIES}${KEEP_DB ? ` --db ${KEEP_DB}` : ''}\` (Node ${process.version}, Chromium headless via Playwright; built platform in its own process on PostgreSQL, in-process queues, ${FIRMS.toLocaleString('en')} demo firms seeded in ${seedSeconds.toFixed(0)} s; sandbox item “${target.name}”)\n\n${table}\n\n${ratios}\n`;
      fs.appendFileSync(path.join(root, 'docs', 'benchmarks.md'), md);
    }
  } finally {
    if (browser) await browser.close();
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    if (!KEEP_DB) await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
