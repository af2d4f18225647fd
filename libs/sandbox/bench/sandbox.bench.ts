/**
 * bench:sandbox — what-if over N generated firms (default 1,000,000) through the HTTP API, against
 * the same question answered by PostgreSQL (compileToSql + GROUP BY) in the same run.
 *
 *   npm run bench:sandbox -- --firms 1000000 --runs 60 [--keep] [--no-append]
 *
 * Needs PostgreSQL (DATABASE_URL or postgresql://postgres@127.0.0.1:5432/postgres); creates and
 * drops a scratch database. Firms are loaded by a child process (unnest INSERTs of a deterministic
 * generator) so the server's resident memory is the snapshot's, not the loader's.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { ENTERPRISE_FACTS } from '@app/contracts';
import { configureHttpApp, CoreModule, loadConfig, UsersService, seededRng } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesModule } from '@app/enterprises';
import { compileToSql, FactRegistry, RuleCondition } from '@app/rules';
import { SANDBOX_MIGRATIONS, SandboxModule, SnapshotService } from '@app/sandbox';

const arg = (name: string, fallback?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const FIRMS = Number(arg('firms', '1000000'));
const RUNS = Number(arg('runs', '60'));
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const WAN = 1_000_000;
const registry = new FactRegistry(ENTERPRISE_FACTS);

// ---------------------------------------------------------------- generator + loader (child process)
const DISTRICTS = ['410102', '410103', '410104', '410105', '410106', '410108', '410122', '410171', '410172', '410173', '410181', '410182', '410183', '410184', '410185'];
const INDUSTRIES = ['C3511', 'C3981', 'C2710', 'C3670', 'C1310', 'I6510', 'I6520', 'I6440', 'M7320', 'M7520', 'F5191', 'F5261', 'E4710', 'G5430', 'L7212', 'K7010', 'H6210', 'A0111'];
const TAGS: Array<[string, number]> = [['hitech', 0.08], ['tech_sme', 0.15], ['specialized', 0.05], ['little_giant', 0.01], ['gazelle', 0.02], ['export', 0.1], ['listed_reserve', 0.02]];


async function load(url: string, firms: number): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const rnd = seededRng(20261127);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const logNormal = (medianFen: number, sigma: number) => Math.round(medianFen * Math.exp(sigma * (rnd() + rnd() + rnd() - 1.5) * 2));
  const BATCH = 20_000;
  for (let start = 0; start < firms; start += BATCH) {
    const n = Math.min(BATCH, firms - start);
    const cols: unknown[][] = Array.from({ length: 17 }, () => new Array<unknown>(n));
    for (let k = 0; k < n; k += 1) {
      const i = start + k;
      const scaleR = rnd();
      const scale = scaleR < 0.02 ? 'large' : scaleR < 0.12 ? 'medium' : scaleR < 0.5 ? 'small' : 'micro';
      const revenue = logNormal(scale === 'large' ? 80_000 * WAN : scale === 'medium' ? 12_000 * WAN : scale === 'small' ? 2_000 * WAN : 300 * WAN, 1);
      const rd = rnd() < 0.15 ? null : Math.round(revenue * rnd() * 0.08);
      const tags = TAGS.filter(([, p]) => rnd() < p).map(([t]) => t);
      const y = 1995 + Math.floor(rnd() * 31);
      const values = [
        `00000000-0000-7000-8000-${i.toString(16).padStart(12, '0')}`,
        `B${String(i).padStart(17, '0')}`,
        `郑州${i}号${pick(['科技', '制造', '商贸', '信息', '物流'])}有限公司`,
        pick(DISTRICTS),
        pick(INDUSTRIES),
        scale,
        `${y}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`,
        logNormal(500 * WAN, 1),
        Math.max(1, Math.round(revenue / (40 * WAN))),
        revenue,
        Math.round(revenue * 0.03 * rnd()),
        rd,
        rnd() < 0.1 ? Math.round(revenue * rnd() * 0.5) : 0,
        rd === null ? null : Math.round((rd / Math.max(revenue, 1)) * 10_000) / 100,
        Math.round((rnd() * 110 - 30) * 10) / 10,
        tags.join(','),
        rnd() < 0.96 ? 'good' : 'dishonest',
      ];
      values.forEach((v, j) => (cols[j][k] = v));
    }
    await c.query(
      `INSERT INTO enterprise.enterprises (id, credit_code, name, district_code, industry_code, scale, established_on, registered_capital,
         employees, revenue, tax_paid, rd_expense, exports, rd_intensity, revenue_growth, tags, credit_status, is_listed, content_digest,
         created_at, updated_at)
       SELECT u.id, u.cc, u.name, u.d, u.ind, u.sc, u.est, u.cap, u.emp, u.rev, u.tax, u.rd, u.ex, u.rdi, u.rg,
              CASE WHEN u.tags = '' THEN '{}'::text[] ELSE string_to_array(u.tags, ',') END, u.cs, false, 'bench',
              now(), now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::bigint[], $9::int[],
                   $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::float8[], $15::float8[], $16::text[], $17::text[])
         AS u(id, cc, name, d, ind, sc, est, cap, emp, rev, tax, rd, ex, rdi, rg, tags, cs)`,
      cols,
    );
    if ((start / BATCH) % 10 === 0) process.stdout.write(`  loaded ${start + n}/${firms}\r`);
  }
  await c.query('ANALYZE enterprise.enterprises');
  await c.end();
}

// ---------------------------------------------------------------- measurement helpers
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

/** The rate formula `rdExpense × 10%, 封顶 50万` in SQL (half away from zero, like the engine). */
const SQL_BENEFIT = `LEAST(round(e.rd_expense::numeric * 0.1), 50000000)`;

async function main(): Promise<void> {
  if (process.argv.includes('--load-only')) {
    await load(arg('url') as string, FIRMS);
    return;
  }
  const name = `sandbox_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  console.log(`bench:sandbox — ${FIRMS.toLocaleString('en')} firms, database ${name}`);

  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: dbUrl, JWT_SECRET: 'bench-secret-bench-secret-0123456789', LOG_LEVEL: 'warn' });
  @Module({
    imports: [
      CoreModule.forRoot({ config, migrations: [...ENTERPRISE_MIGRATIONS, ...SANDBOX_MIGRATIONS] }),
      EnterprisesModule,
      SandboxModule.forRoot({ buildOnStart: false, refreshIntervalMs: 0, capacityHint: FIRMS }),
    ],
  })
  class BenchModule {}

  const app = await NestFactory.create(BenchModule, { logger: ['error', 'warn'] });
  configureHttpApp(app, { title: 'bench' });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${address.port}/api/v1`;
  const rows: Array<[string, string, string]> = [];
  try {
    const [loadMs] = await timed(async () => {
      const r = spawnSync(
        process.execPath,
        [require.resolve('ts-node/dist/bin'), '-r', 'tsconfig-paths/register', '--transpile-only', __filename, '--load-only', '--url', dbUrl, '--firms', String(FIRMS)],
        { stdio: 'inherit', cwd: join(__dirname, '..', '..', '..') },
      );
      if (r.status !== 0) throw new Error('loader failed');
    });
    console.log(`\n  loaded in ${(loadMs / 1000).toFixed(1)} s`);

    const snapshots = app.get(SnapshotService);
    const rssBefore = process.memoryUsage().rss;
    const [buildMs, snapshot] = await timed(() => snapshots.build());
    (globalThis as { gc?: () => void }).gc?.();
    const status = snapshots.status();
    rows.push(['snapshot build', `${(buildMs / 1000).toFixed(2)} s`, `${snapshot.rowCount.toLocaleString('en')} firms, keyset pages of 20,000`]);
    rows.push(['resident memory after build', mib(status.residentBytes), `heap ${mib(status.heapUsedBytes)}, typed arrays ${mib(status.typedArrayBytes)}, RSS before build ${mib(rssBefore)}; target < 1.5 GiB`]);

    await app.get(UsersService).create({ username: 'bench_leader', password: 'bench-password', displayName: '领导', role: 'leader' });
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench_leader', password: 'bench-password' }) });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };

    const baseRule: RuleCondition = {
      all: [
        { fact: 'revenue', operator: 'greaterThanInclusive', value: 5_000 * WAN },
        { fact: 'creditStatus', operator: 'equal', value: 'good' },
        { fact: 'rdIntensity', operator: 'greaterThanInclusive', value: 3 },
      ],
    };
    const scenario = {
      base: { rule: baseRule, formula: { kind: 'rate', fact: 'rdExpense', rate: '0.1', max: 50 * WAN } },
      overrides: {
        rule: [
          { op: 'replace', path: '/all/0/value', value: 3_000 * WAN },
          { op: 'add', path: '/all/-', value: { fact: 'tags', operator: 'hasAnyTag', value: ['hitech', 'specialized', 'tech_sme'] } },
        ],
        budgetCapFen: 50_000 * WAN,
      },
      options: { groupBy: ['district', 'industry', 'scale', 'tag'], asOf: '2026-11-27' },
    };
    for (let i = 0; i < 5; i += 1) await post('/sandbox/what-if', scenario); // warm-up
    const whatIfTimes: number[] = [];
    let answer: Record<string, unknown> = {};
    for (let i = 0; i < RUNS; i += 1) {
      const [t, a] = await timed(() => post('/sandbox/what-if', scenario));
      whatIfTimes.push(t);
      answer = a;
    }
    const sc = answer.scenario as { eligible: number; totalFen: number };
    const diff = answer.diff as { gained: { count: number }; lost: { count: number } };
    rows.push([
      'what-if over HTTP (4 groupings + baseline diff + budget)',
      `p50 ${ms(pct(whatIfTimes, 50))} · p95 ${ms(pct(whatIfTimes, 95))}`,
      `${RUNS} sequential runs; ${sc.eligible.toLocaleString('en')} eligible, gained ${diff.gained.count.toLocaleString('en')}, lost ${diff.lost.count.toLocaleString('en')}; engine ${ms(answer.timingMs as number)}; target p50 < 50 ms, p95 < 150 ms`,
    ]);

    const sweepBody = { ...scenario, sweep: { pointer: '/all/0/value', from: 0, to: 20_000 * WAN, points: 20 } };
    await post('/sandbox/sweep', sweepBody);
    const sweepTimes: number[] = [];
    for (let i = 0; i < 10; i += 1) sweepTimes.push((await timed(() => post('/sandbox/sweep', sweepBody)))[0]);
    rows.push(['20-point threshold sweep over HTTP', `p50 ${ms(pct(sweepTimes, 50))} · max ${ms(Math.max(...sweepTimes))}`, '10 runs; target < 500 ms']);

    const tagTimes: number[] = [];
    for (let i = 0; i < 5; i += 1) tagTimes.push((await timed(() => post('/sandbox/tags', {})))[0]);
    rows.push(['tag library: every tag and tag pair', `p50 ${ms(pct(tagTimes, 50))}`, `${TAGS.length} tags, ${(TAGS.length * (TAGS.length - 1)) / 2} pairs`]);

    // The same question in PostgreSQL: scenario and baseline, count and cost, by district / industry
    // section / scale / tag, plus gained and lost counts.
    const scenarioRule: RuleCondition = { all: [{ ...(baseRule.all[0] as object), value: 3_000 * WAN } as RuleCondition, baseRule.all[1], baseRule.all[2], scenario.overrides.rule[1].value as RuleCondition] };
    const s = compileToSql(scenarioRule, registry, { asOf: '2026-11-27' }, { tableAlias: 'e' });
    const b = compileToSql(baseRule, registry, { asOf: '2026-11-27' }, { tableAlias: 'e', paramOffset: s.params.length });
    const sql = `
      WITH f AS (
        SELECT e.district_code, left(e.industry_code, 1) AS section, e.scale, e.tags,
               (${s.where}) AS in_s, (${b.where}) AS in_b, coalesce(${SQL_BENEFIT}, 0) AS amount
        FROM enterprise.enterprises e)
      SELECT district_code, section, scale, count(*) FILTER (WHERE in_s) AS s_n, sum(amount) FILTER (WHERE in_s) AS s_fen,
             count(*) FILTER (WHERE in_b) AS b_n, sum(amount) FILTER (WHERE in_b) AS b_fen,
             count(*) FILTER (WHERE in_s AND NOT in_b) AS gained, count(*) FILTER (WHERE in_b AND NOT in_s) AS lost
      FROM f WHERE in_s OR in_b GROUP BY GROUPING SETS ((district_code), (section), (scale), ())`;
    const tagSql = `SELECT t, count(*) FILTER (WHERE ${s.where}) AS s_n FROM enterprise.enterprises e, unnest(e.tags) t WHERE (${s.where}) OR (${b.where}) GROUP BY t`;
    const pg = new Client({ connectionString: dbUrl });
    await pg.connect();
    const params = [...s.params, ...b.params];
    await pg.query(sql, params);
    const sqlTimes: number[] = [];
    let totals: Record<string, string> = {};
    for (let i = 0; i < 5; i += 1) {
      const [t, r] = await timed(async () => {
        const main = await pg.query(sql, params);
        await pg.query(tagSql, params);
        return main;
      });
      sqlTimes.push(t);
      totals = r.rows.find((x: Record<string, unknown>) => x.district_code === null && x.section === null && x.scale === null) as Record<string, string>;
    }
    await pg.end();
    const agree = Number(totals.s_n) === sc.eligible && Number(totals.s_fen) === sc.totalFen && Number(totals.gained) === diff.gained.count && Number(totals.lost) === diff.lost.count;
    rows.push([
      'same question in PostgreSQL (compileToSql + GROUPING SETS + tag unnest)',
      `p50 ${ms(pct(sqlTimes, 50))}`,
      `${(pct(sqlTimes, 50) / pct(whatIfTimes, 50)).toFixed(1)}× the sandbox's p50 over HTTP; answers ${agree ? 'agree' : `DIFFER (sql ${totals.s_n}/${totals.s_fen}/${totals.gained}/${totals.lost})`}`,
    ]);

    // Incremental refresh: 1,000 firms change (after one refresh that settles the overlap window
    // over the rows loaded just before the build).
    await snapshots.refresh();
    const upd = new Client({ connectionString: dbUrl });
    await upd.connect();
    await upd.query(`UPDATE enterprise.enterprises SET revenue = revenue + 1, updated_at = now() WHERE seq % $1 = 0`, [Math.max(1, Math.floor(FIRMS / 1000))]);
    await upd.end();
    const [refreshMs, read] = await timed(() => snapshots.refresh());
    rows.push(['incremental refresh after 1,000 profile changes', ms(refreshMs), `${read} rows re-read (updated_at > previous read − 10 s overlap; no index on updated_at → one sequential scan of the table)`]);
  } finally {
    await app.close();
    if (!process.argv.includes('--keep')) {
      const d = new Client({ connectionString: ADMIN_URL });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await d.end();
    }
  }

  const header = `| measure | result | detail |\n| --- | ---: | --- |`;
  const table = [header, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  console.log('\n' + table + '\n');
  if (!process.argv.includes('--no-append')) {
    const doc = join(__dirname, '..', '..', '..', 'docs', 'benchmarks.md');
    appendFileSync(
      doc,
      `\n## bench:sandbox — ${new Date().toISOString().slice(0, 10)}\n\n\`npm run bench:sandbox -- --firms ${FIRMS}\` (Node ${process.version}, ${process.platform}/${process.arch}, PostgreSQL on 127.0.0.1, one Node process)\n\n${table}\n`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
