/**
 * npm run bench:soak [-- --minutes 30 --windows 10 --connections 20 --firms 2000 --no-write]
 *
 * A soak test of the all-in-one platform as deployed: the built app runs in its own process on a
 * fresh PostgreSQL database with Bull on Redis and the demo data, and a mixed load of what the public
 * and firms do most (my policies, calculator, search, 公示 lists, applications) runs against it for
 * the given time, split into windows. Each window reports req/s, p50/p99 latency, errors and the
 * server's resident memory; the first window is the baseline the last is compared with (throughput
 * and memory should stay flat within 10 %).
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freshBenchDatabase } from '@app/core/testing';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const MINUTES = arg('minutes', 30);
const WINDOWS = Math.max(2, arg('windows', 10));
const CONNECTIONS = arg('connections', 20);
const FIRMS = arg('firms', 2000);
const WRITE = !process.argv.includes('--no-write');
const ROOT = join(__dirname, '..', '..', '..', '..');
const MAIN = join(ROOT, 'dist/apps/platform/apps/platform/src/main.js');
const log = (s: string) => process.stderr.write(`${s}\n`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process in MiB (Linux /proc). */
function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : NaN;
}

async function waitHealthy(base: string, child: ChildProcess, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`platform exited with ${child.exitCode}`);
    try {
      // the demo seed runs before listen: an answer means the data is there
      if ((await fetch(`${base}/api/v1/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('platform did not become healthy');
}

async function login(base: string, username: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo12345' }) });
  if (!r.ok) throw new Error(`login ${username}: ${r.status}`);
  return ((await r.json()) as { accessToken: string }).accessToken;
}

interface WindowResult {
  window: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  rss: number;
}

async function main(): Promise<void> {
  log('bench:soak — building the platform (nest build platform)');
  const b = spawnSync(process.execPath, [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', 'platform'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0 || !existsSync(MAIN)) throw new Error('build failed');
  const db = await freshBenchDatabase(`bench_soak_${process.pid}`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    DATABASE_URL: db.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `soak${process.pid}`,
    SEED_DEMO: 'true',
    DEMO_ENTERPRISES: String(FIRMS),
    JWT_TTL_SECONDS: String(Math.max(3600, (MINUTES + 10) * 60)),
    LOG_LEVEL: 'warn',
  };
  log(`bench:soak — ${MINUTES} min in ${WINDOWS} windows, ${CONNECTIONS} connections, ${FIRMS} demo firms, PostgreSQL + Bull`);
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitHealthy(base, child);
    const firm = await login(base, 'firm1');
    const calculator = JSON.stringify({ facts: { tags: ['hitech'], revenue: 3_000_000_000, rdExpense: 2_000_000, employees: 40, districtCode: '410105' } });
    const requests: autocannon.Request[] = [
      { method: 'GET', path: '/api/v1/me/policies', headers: { authorization: `Bearer ${firm}` } },
      { method: 'POST', path: '/api/v1/calculator', headers: { 'content-type': 'application/json' }, body: calculator },
      { method: 'GET', path: `/api/v1/search/policies?q=${encodeURIComponent('研发 补贴')}` },
      { method: 'GET', path: '/api/v1/disclosures' },
      { method: 'GET', path: '/api/v1/applications', headers: { authorization: `Bearer ${firm}` } },
    ];
    const results: WindowResult[] = [];
    const seconds = Math.max(5, Math.round((MINUTES * 60) / WINDOWS));
    for (let w = 1; w <= WINDOWS; w += 1) {
      const r = await autocannon({ url: base, connections: CONNECTIONS, duration: seconds, requests });
      const row = { window: w, reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, rss: rssMiB(child.pid as number) };
      results.push(row);
      log(`  window ${w}/${WINDOWS}: ${row.reqPerSec.toFixed(0)} req/s, p99 ${row.p99} ms, non-2xx ${row.non2xx}, RSS ${row.rss.toFixed(0)} MiB`);
    }
    const first = results[0];
    const last = results[results.length - 1];
    const header = '| window | req/s | p50 ms | p99 ms | errors | non-2xx | server RSS MiB |\n|---:|---:|---:|---:|---:|---:|---:|';
    const body = results.map((r) => `| ${r.window} | ${r.reqPerSec.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.rss.toFixed(0)} |`).join('\n');
    const ratio = `last/first window: throughput ${(last.reqPerSec / first.reqPerSec).toFixed(2)}×, p99 ${(last.p99 / first.p99).toFixed(2)}×, RSS ${(last.rss / first.rss).toFixed(2)}× (target: flat within 10 %)`;
    const table = `${header}\n${body}\n\n${ratio}`;
    console.log(table);
    if (WRITE) {
      const md = `\n## bench:soak — ${new Date().toISOString().slice(0, 10)}\n\n\`npm run bench:soak -- --minutes ${MINUTES} --windows ${WINDOWS} --connections ${CONNECTIONS} --firms ${FIRMS}\` (Node ${process.version}, built platform in its own process on PostgreSQL + Bull; load: my policies, calculator, search, 公示 lists, applications in turn; ${seconds} s per window)\n\n${table}\n`;
      appendFileSync(join(ROOT, 'docs', 'benchmarks.md'), md);
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
