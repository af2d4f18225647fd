#!/usr/bin/env node
/**
 * `npm test`: the Jest projects on the real PostgreSQL and Redis at 127.0.0.1 when they answer (PGlite
 * and the in-process queue when they don't — and says which), then the web console's component tests
 * (Vitest, after type-checking the console) and its browser suite (Playwright driving Chromium against
 * the built embedded platform; the platform and console are built first).
 *
 * With arguments (`node scripts/test.js <path-or-pattern>`, `npm run test:unit`) only Jest runs, with
 * them. JEST_JSON_OUTPUT / VITEST_JSON_OUTPUT / PLAYWRIGHT_JSON_OUTPUT name result files (.ci/run
 * counts them all).
 */
const net = require('node:net');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bin = (...p) => path.join(root, 'node_modules', ...p);

function answers(host, port, timeoutMs = 800) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function run(label, args, env = process.env) {
  console.log(`\n[test] ${label}`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  return r.status ?? 1;
}

async function jest(extra) {
  const env = { ...process.env };
  if (!env.TEST_DATABASE_URL && !env.TEST_EMBEDDED) {
    if (await answers('127.0.0.1', 5432)) env.TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
  }
  if (!env.TEST_REDIS_URL && !env.TEST_EMBEDDED) {
    if (await answers('127.0.0.1', 6379)) env.TEST_REDIS_URL = 'redis://127.0.0.1:6379';
  }
  console.log(
    `[test] database: ${env.TEST_DATABASE_URL ? `PostgreSQL (${env.TEST_DATABASE_URL})` : 'PGlite (embedded)'}; ` +
      `queue: ${env.TEST_REDIS_URL ? `Bull on Redis (${env.TEST_REDIS_URL})` : 'in-process'}`,
  );
  env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim();
  const args = [bin('jest', 'bin', 'jest.js'), ...extra];
  if (process.env.JEST_JSON_OUTPUT) args.push('--json', `--outputFile=${process.env.JEST_JSON_OUTPUT}`);
  return run('Jest (unit + integration)', args, env);
}

function consoleComponents() {
  // .ci/run type-checks the console before the tests (with the platform, beside lint) and says so.
  const typecheck =
    process.env.TYPECHECKED === '1' ? 0 : run('web console: type check (tsc -p apps/console)', [bin('typescript', 'bin', 'tsc'), '-p', 'apps/console/tsconfig.json']);
  const args = [bin('vitest', 'vitest.mjs'), 'run', '--config', 'apps/console/vitest.config.mts', '--reporter=default'];
  if (process.env.VITEST_JSON_OUTPUT) args.push('--reporter=json', `--outputFile.json=${process.env.VITEST_JSON_OUTPUT}`);
  const vitest = run('web console: component tests (Vitest, jsdom)', args);
  return typecheck || vitest;
}

function browser() {
  const { buildPlatform, buildConsoleIfStale } = require('./build-steps');
  buildPlatform({ typeCheck: process.env.TYPECHECKED !== '1' });
  buildConsoleIfStale();
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return run('web console: browser suite (Playwright + Chromium, embedded platform)', [bin('@playwright', 'test', 'cli.js'), 'test', '-c', 'apps/console/playwright.config.ts', '--project=browser'], env);
}

(async () => {
  const extra = process.argv.slice(2);
  if (extra.length) process.exit(await jest(extra));
  const statuses = [await jest([]), consoleComponents(), browser()];
  process.exit(statuses.some((s) => s !== 0) ? 1 : 0);
})();
