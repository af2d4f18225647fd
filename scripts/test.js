#!/usr/bin/env node
/**
 * `npm test`: runs Jest on the real PostgreSQL and Redis at 127.0.0.1 when they answer, and on
 * PGlite with the in-process queue when they don't — and says which.
 */
const net = require('node:net');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

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

(async () => {
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
  const jest = path.join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
  const args = [jest, ...process.argv.slice(2)];
  if (process.env.JEST_JSON_OUTPUT) args.push('--json', `--outputFile=${process.env.JEST_JSON_OUTPUT}`);
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env });
  process.exit(r.status ?? 1);
})();
