/**
 * bench:realtime — 实时兑付 on the simulated bank: 10,000 免申即享 confirmations spread over one hour
 * of simulated time (the payout clock), auto-batching per payer (AUTO_BATCH_MAX, AUTO_BATCH_EVERY_MS)
 * with the rule-based auto-check, every chunk sent as soon as its batch is approved. Measured: time
 * from confirmation (the ready event) to paid (settled), on the simulated clock; target p95 ≤ 15 min.
 * Baseline in the same run: the same confirmations batched by hand once a day (a finance maker at
 * 17:00, a checker approving at once) — today's process without auto-batching.
 *
 *   npm run bench:realtime -- [--n 10000] [--step-s 15] [--max 500] [--every-min 10] [--no-append]
 *
 * Needs PostgreSQL (DATABASE_URL or postgresql://postgres@127.0.0.1:5432/postgres); creates and
 * drops scratch databases.
 */
import 'reflect-metadata';
import { appendFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CoreModule, FieldCipher, loadConfig, maskAccount, Principal, uuid7 } from '@app/core';
import { BatchesService, InstructionsService, LedgerService, PAYOUT_MIGRATIONS, PayoutClock, PayoutSender, PayoutsModule, ReadyForPayout } from '@app/payouts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const N = Number(arg('n', '10000'));
const STEP_MS = Number(arg('step-s', '15')) * 1000;
const MAX = Number(arg('max', '500'));
const EVERY_MS = Number(arg('every-min', '10')) * 60_000;
const HOUR = 3600_000;
/** Above any auto-batch of MAX confirmations of at most 2,000 元: every auto-batch goes through the auto-check. */
const AUTO_CHECK_MAX_FEN = MAX * 200_000 + 1;
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const fmt = (n: number) => n.toLocaleString('en-US');
const mins = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

/** A small seeded generator: the same arrivals in both scenarios and in every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Arrival {
  atMs: number;
  payload: ReadyForPayout;
}

function arrivals(cipher: FieldCipher): Arrival[] {
  const rnd = prng(14);
  const out: Arrival[] = [];
  for (let n = 0; n < N; n++) {
    const acct = `62220212${String(n).padStart(11, '0')}`;
    const dept = ['kjj', 'gxj', 'swj'][n % 3];
    // two pools paid by finance, one (商务局's) by the department itself: three payers
    out.push({
      atMs: Math.floor(rnd() * HOUR),
      payload: {
        applicationId: uuid7(), enterpriseId: uuid7(), enterpriseName: `企业${n}`, itemId: `item-${dept}`, itemVersionId: 'v1', itemName: `免申即享事项 ${dept}`,
        departmentCode: dept, districtCode: '410105', fundPoolId: `pool-${dept}`, amountFen: 50_000 + Math.floor(rnd() * 150_000), payeeName: `企业${n}`,
        payeeAccountEncrypted: cipher.encrypt(acct), payeeAccountMasked: maskAccount(acct) as string, payeeBankName: '工商银行', budgetSubject: '2060404',
      },
    });
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `bench_realtime_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function boot(dbUrl: string, env: Record<string, string>): Promise<{ app: INestApplicationContext; cipher: FieldCipher }> {
  const config = loadConfig({
    NODE_ENV: 'production', JWT_SECRET: randomBytes(24).toString('base64'), ENCRYPTION_KEY: randomBytes(32).toString('hex'), DATABASE_URL: dbUrl, LOG_LEVEL: 'warn', ...env,
  });
  @Module({
    imports: [
      CoreModule.forRoot({ config, migrations: PAYOUT_MIGRATIONS }),
      PayoutsModule.forRoot({ chunkSize: 500, treasury: { kind: 'simulated', faults: { closedAccountSuffix: '' } } }),
    ],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  return { app, cipher: new FieldCipher(config.keys) };
}

interface Outcome {
  latencies: number[];
  batches: number;
  autoChecked: number;
  realMs: number;
  ledgerOk: boolean;
  exactlyOnce: boolean;
}

/** Drives one scenario on the payout clock; `batch(now)` is what happens at each step besides arrivals. */
async function simulate(app: INestApplicationContext, cipher: FieldCipher, batch: (simMs: number) => Promise<void>, endMs: number): Promise<Outcome> {
  const ds = app.get(DataSource);
  const clock = app.get(PayoutClock);
  const instructions = app.get(InstructionsService);
  const sender = app.get(PayoutSender);
  const list = arrivals(cipher);
  const arrivedAt = new Map(list.map((a) => [a.payload.applicationId, a.atMs]));
  // The three pools, without a cap; 商务局 pays its own.
  await ds.query(`INSERT INTO payout.fund_pools (id, item_id, item_name, department_code, payer)
    SELECT 'pool-' || d, 'item-' || d, '免申即享事项 ' || d, d, CASE WHEN d = 'swj' THEN 'department' ELSE 'finance' END FROM unnest(ARRAY['kjj','gxj','swj']) AS d`);
  const start = clock.now().getTime();
  const latencies: number[] = [];
  let next = 0;
  const paidIds = new Set<string>();
  const t0 = Date.now();
  for (let sim = 0; latencies.length < N && sim <= endMs; sim += STEP_MS) {
    clock.set(new Date(start + sim));
    const stepReal = Date.now();
    const due: Arrival[] = [];
    while (next < list.length && list[next].atMs <= sim) due.push(list[next++]);
    if (due.length) await ds.transaction((m) => instructions.ingest(m, due.map((a) => ({ payload: a.payload }))));
    await batch(sim);
    const chunks: Array<{ id: string }> = await ds.query(
      `SELECT c.id FROM payout.send_chunks c JOIN payout.batches b ON b.id = c.batch_id WHERE c.status <> 'done' AND b.status IN ('approved','sending') ORDER BY c.created_at, c.chunk_no`);
    for (const c of chunks) await sender.sendChunk(c.id);
    const paid: Array<{ application_id: string }> = await ds.query(
      `SELECT application_id FROM payout.instructions WHERE status = 'settled' AND settled_at >= $1`, [new Date(stepReal - 1000)]);
    for (const p of paid) {
      if (paidIds.has(p.application_id)) continue;
      paidIds.add(p.application_id);
      latencies.push(sim - (arrivedAt.get(p.application_id) as number));
    }
  }
  const realMs = Date.now() - t0;
  if (process.argv.includes('--verbose')) {
    console.log(await ds.query(`SELECT payer_code, origin, approval, status, count(*)::int AS batches, sum(instruction_count)::int AS n FROM payout.batches GROUP BY 1, 2, 3, 4`));
    console.log(await ds.query(`SELECT status, count(*)::int AS n FROM payout.instructions GROUP BY 1`));
  }
  const [b] = await ds.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE approval = 'auto_check')::int AS auto FROM payout.batches`);
  const [bank] = await ds.query(`SELECT count(*)::int AS debits, count(DISTINCT instruction_id)::int AS ids FROM treasury_sim.payments`);
  const check = await app.get(LedgerService).check();
  clock.reset();
  return { latencies, batches: b.n, autoChecked: b.auto, realMs, ledgerOk: check.ok, exactlyOnce: bank.debits === N && bank.ids === N };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function main(): Promise<void> {
  const auto = await withDatabase(async (url) => {
    const { app, cipher } = await boot(url, { AUTO_BATCH_EVERY_MS: String(EVERY_MS), AUTO_BATCH_MAX: String(MAX), AUTO_CHECK_MAX_FEN: String(AUTO_CHECK_MAX_FEN) });
    try {
      const batches = app.get(BatchesService);
      return await simulate(app, cipher, async () => void (await batches.autoBatch()), 3 * HOUR);
    } finally {
      await app.close();
    }
  });
  const manual = await withDatabase(async (url) => {
    const { app, cipher } = await boot(url, { AUTO_BATCH_EVERY_MS: '0' });
    try {
      const batches = app.get(BatchesService);
      // The hour of confirmations starts at 09:00; the maker batches at 17:00, once per payer, and a checker approves at once.
      const batchAt = 8 * HOUR;
      const person = (role: Principal['role'], departmentCode: string | null = null): Principal => ({ id: uuid7(), username: role, displayName: role, role, departmentCode, enterpriseId: null });
      return await simulate(app, cipher, async (sim) => {
        if (sim !== batchAt) return;
        for (const [maker, checker] of [[person('finance_maker'), person('finance_checker')], [person('dept_payer_maker', 'swj'), person('dept_payer_checker', 'swj')]]) {
          const b = await batches.create(maker, { filter: {} });
          await batches.submit(maker, b.id);
          await batches.approve(checker, b.id);
        }
      }, 9 * HOUR);
    } finally {
      await app.close();
    }
  });

  const row = (label: string, o: Outcome) => {
    const p50 = percentile(o.latencies, 50);
    const p95 = percentile(o.latencies, 95);
    const max = Math.max(...o.latencies);
    return { label, p50, p95, max, o };
  };
  const a = row('**auto-batching + auto-check**', auto);
  const m = row('baseline: batched by hand once a day (17:00)', manual);
  const ok = (o: Outcome) => (o.latencies.length === N && o.exactlyOnce && o.ledgerOk ? `${fmt(o.latencies.length)} paid exactly once, ledger balanced ✓` : `NOT all paid exactly once (${fmt(o.latencies.length)}) ✗`);
  const rows = [
    [a.label, `**${mins(a.p95)}**`, mins(a.p50), mins(a.max), `${fmt(a.o.batches)} (${fmt(a.o.autoChecked)} auto-checked)`, `${(a.o.realMs / 1000).toFixed(1)} s`, `${ok(a.o)}; target p95 ≤ 15 min — ${a.p95 <= 15 * 60_000 ? 'met' : 'NOT met'}`],
    [m.label, mins(m.p95), mins(m.p50), mins(m.max), `${fmt(m.o.batches)}`, `${(m.o.realMs / 1000).toFixed(1)} s`, ok(m.o)],
    ['ratio (baseline / auto)', `${(m.p95 / a.p95).toFixed(1)}×`, `${(m.p50 / a.p50).toFixed(1)}×`, `${(m.max / a.max).toFixed(1)}×`, '', '', 'p95, p50, max: confirmation → paid'],
  ];
  const table = ['| scenario | p95 | p50 | max | batches | real time | note |', '| --- | ---: | ---: | ---: | ---: | ---: | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const header =
    `\`npm run bench:realtime -- --n ${N} --step-s ${STEP_MS / 1000} --max ${MAX} --every-min ${EVERY_MS / 60_000}\` (Node ${process.version}, ${process.platform}/${process.arch}, PostgreSQL on 127.0.0.1, ` +
    `in-process simulated bank; ${fmt(N)} confirmations uniformly over one simulated hour, three payers (finance pays two pools, 商务局 its own); the payout clock advances ${STEP_MS / 1000} s per step, ` +
    `each step ingests what arrived, runs the auto-batcher (AUTO_BATCH_MAX=${MAX}, AUTO_BATCH_EVERY_MS=${EVERY_MS}, AUTO_CHECK_MAX_FEN=${AUTO_CHECK_MAX_FEN}) and sends every approved chunk; a payment counts as paid at the end of the step it settled in)`;
  console.log(`\n${header}\n\n${table}\n`);
  if (!process.argv.includes('--no-append')) {
    appendFileSync(join(__dirname, '..', '..', '..', 'docs', 'benchmarks.md'), `\n\n## bench:realtime — ${new Date().toISOString().slice(0, 10)}\n\n${header}\n\n${table}\n`);
  }
  if (a.o.latencies.length !== N || !a.o.exactlyOnce || !a.o.ledgerOk || m.o.latencies.length !== N) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
