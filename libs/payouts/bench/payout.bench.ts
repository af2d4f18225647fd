/**
 * bench:payout — 100,000 instructions from an approved batch to settled on the simulated bank with
 * one worker (one process, chunks sent one at a time), exactly once; baseline in the same run:
 * bare INSERTs of the same number of rows.
 *
 *   npm run bench:payout -- [--n 100000] [--chunk 1000] [--redis redis://127.0.0.1:6379/6] [--no-append]
 *
 * Needs PostgreSQL (DATABASE_URL or postgresql://postgres@127.0.0.1:5432/postgres); creates and
 * drops a scratch database.
 */
import 'reflect-metadata';
import { appendFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CoreModule, EventBus, FieldCipher, loadConfig, maskAccount, OutboxRelay, Principal, uuid7 } from '@app/core';
import { BatchesService, InstructionsService, LedgerService, PAYOUT_MIGRATIONS, PayoutSender, PayoutsModule, ReadyForPayout } from '@app/payouts';

const arg = (name: string, fallback?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const N = Number(arg('n', '100000'));
const CHUNK = Number(arg('chunk', '1000'));
const REDIS = arg('redis', '');
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const fmt = (n: number) => n.toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const name = `bench_payout_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function run(dbUrl: string): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: randomBytes(24).toString('base64'), ENCRYPTION_KEY: randomBytes(32).toString('hex'), DATABASE_URL: dbUrl, REDIS_URL: REDIS, QUEUE_PREFIX: `bench${randomBytes(3).toString('hex')}` });
  @Module({
    imports: [
      CoreModule.forRoot({ config, migrations: PAYOUT_MIGRATIONS }),
      PayoutsModule.forRoot({ chunkSize: CHUNK, concurrency: 1, sweepIntervalMs: 2000, treasury: { kind: 'simulated', faults: { closedAccountSuffix: '' } } }),
    ],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  const ds = app.get(DataSource);
  const cipher = new FieldCipher(config.keys);

  // baseline: bare inserts of N rows of the same width (id, amount, encrypted account), 5,000 per statement
  await ds.query(`CREATE TABLE public.bare_rows (id uuid PRIMARY KEY, amount_fen bigint NOT NULL, account text NOT NULL)`);
  const account = cipher.encrypt('6222021234567890123');
  let t0 = Date.now();
  for (let i = 0; i < N; i += 5000) {
    const n = Math.min(5000, N - i);
    await ds.query(`INSERT INTO public.bare_rows SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[])`, [
      Array.from({ length: n }, () => uuid7()),
      Array.from({ length: n }, (_, k) => 100_000 + ((i + k) % 997) * 100),
      Array.from({ length: n }, () => account),
    ]);
  }
  const bareMs = Date.now() - t0;

  // seed N ready instructions (as the event handler would, in bulk)
  t0 = Date.now();
  const instructions = app.get(InstructionsService);
  let expectedFen = 0;
  for (let i = 0; i < N; i += 5000) {
    const payloads: ReadyForPayout[] = Array.from({ length: Math.min(5000, N - i) }, (_, k) => {
      const n = i + k;
      const acct = `62220212${String(n).padStart(11, '0')}`;
      const amountFen = 100_000 + (n % 997) * 100;
      expectedFen += amountFen;
      return {
        applicationId: uuid7(), enterpriseId: uuid7(), enterpriseName: `企业${n}`, itemId: `item-${n % 7}`, itemVersionId: 'v1', itemName: `事项${n % 7}`,
        departmentCode: ['kjj', 'gxj', 'swj'][n % 3], districtCode: '410105', fundPoolId: `pool-${n % 7}`, amountFen, payeeName: `企业${n}`,
        payeeAccountEncrypted: cipher.encrypt(acct), payeeAccountMasked: maskAccount(acct) as string, payeeBankName: '工商银行', budgetSubject: '2060404',
      };
    });
    await ds.transaction((m) => instructions.ingest(m, payloads.map((payload) => ({ payload }))));
  }
  const seedMs = Date.now() - t0;

  const batches = app.get(BatchesService);
  const maker: Principal = { id: uuid7(), username: 'maker', displayName: '经办', role: 'finance_maker', departmentCode: null, enterpriseId: null };
  const checker: Principal = { ...maker, id: uuid7(), username: 'checker', role: 'finance_checker' };
  t0 = Date.now();
  const b = await batches.create(maker, { filter: {} });
  await batches.submit(maker, b.id);
  const buildMs = Date.now() - t0;
  t0 = Date.now();
  await batches.approve(checker, b.id);
  const approveMs = Date.now() - t0;

  // measured: approved → every instruction settled, one worker
  t0 = Date.now();
  app.get(EventBus).consume(1);
  app.get(OutboxRelay).start(50);
  app.get(PayoutSender).startWorkers({ concurrency: 1 });
  for (;;) {
    const [r] = await ds.query(`SELECT status FROM payout.batches WHERE id = $1`, [b.id]);
    if (r.status === 'completed') break;
    await new Promise((res) => setTimeout(res, 50));
  }
  const sendMs = Date.now() - t0;
  app.get(PayoutSender).stop();
  await app.get(OutboxRelay).stop();

  const [ins] = await ds.query(`SELECT count(*) FILTER (WHERE status = 'settled')::int AS settled FROM payout.instructions`);
  const [bank] = await ds.query(`SELECT count(*)::int AS debits, count(DISTINCT instruction_id)::int AS ids, sum(amount_fen)::bigint AS fen FROM treasury_sim.payments`);
  const [req] = await ds.query(`SELECT count(*)::int AS requests, count(*) FILTER (WHERE duplicate)::int AS dups FROM treasury_sim.requests`);
  const [{ calls }] = await ds.query(`SELECT count(*)::int AS calls FROM payout.send_chunks`);
  t0 = Date.now();
  const check = await app.get(LedgerService).check();
  const checkMs = Date.now() - t0;
  const exactlyOnce = ins.settled === N && bank.debits === N && bank.ids === N && Number(bank.fen) === expectedFen && req.dups === 0;
  const ledgerEqualsBank = check.ok && -check.bankClearingFen === Number(bank.fen);
  const rate = N / (sendMs / 1000);
  const bareRate = N / (bareMs / 1000);

  const rows: Array<[string, string, string, string]> = [
    ['baseline: bare INSERT of N rows (5,000/statement)', secs(bareMs), `${fmt(Math.round(bareRate))} rows/s`, 'same run, same database'],
    ['seed N ready instructions (bulk ingest)', secs(seedMs), `${fmt(Math.round(N / (seedMs / 1000)))} /s`, 'not part of the measure'],
    ['maker builds + submits the batch', secs(buildMs), `${fmt(N)} instructions`, ''],
    ['checker approves (pool caps, ledger commit, chunks)', secs(approveMs), `${fmt(N)} commit entries`, ''],
    ['**approved → settled, one worker**', `**${secs(sendMs)}**`, `**${fmt(Math.round(rate))} instructions/s**`, `${fmt(calls)} treasury calls of ${fmt(CHUNK)}; ${(sendMs / bareMs).toFixed(1)}× the bare inserts; target < 60 s`],
    ['bank debits', fmt(bank.debits), `${fmt(req.dups)} second debits refused`, exactlyOnce ? 'exactly once ✓' : 'NOT exactly once ✗'],
    ['ledger check', secs(checkMs), `${fmt(check.entries)} entries, ${fmt(check.lines)} lines`, ledgerEqualsBank ? 'balanced, ledger = bank ✓' : 'FAILED ✗'],
  ];
  const table = ['| measure | result | rate / detail | note |', '| --- | ---: | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const queue = REDIS ? `Bull on Redis` : 'in-process queue';
  const header = `\`npm run bench:payout -- --n ${N} --chunk ${CHUNK}\` (Node ${process.version}, ${process.platform}/${process.arch}, PostgreSQL on 127.0.0.1, ${queue}, in-process simulated treasury with its state in PostgreSQL, one worker)`;
  console.log(`\n${header}\n\n${table}\n`);
  await app.close();
  if (!process.argv.includes('--no-append')) {
    appendFileSync(join(__dirname, '..', '..', '..', 'docs', 'benchmarks.md'), `\n\n## bench:payout — ${new Date().toISOString().slice(0, 10)}\n\n${header}\n\n${table}\n`);
  }
  if (!exactlyOnce || !ledgerEqualsBank) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
