/**
 * npm run bench:approval [-- --firms N]
 * 免申即享 at scale on a fresh PostgreSQL database: N generated firms (default 50,000), one
 * no_application item they match → time until every pre-qualified application exists (range jobs
 * on the approvals queue, checks, inserts with timeline nodes), then one batch approval of all of
 * them (guarded UPDATE + timeline + pool reservation). Baselines in the same run: a bare INSERT of
 * N rows of the same shape, and a bare UPDATE of N rows.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CoreModule, EventBus, loadConfig, OutboxRelay, Principal, QUEUE_PORT, QueueNames, QueuePort, uuid7 } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesService, loadDemoEnterprises } from '@app/enterprises';
import { benchSecrets, freshBenchDatabase } from '@app/core/testing';
import { POLICY_MIGRATIONS, PoliciesService } from '@app/policies';
import { APPROVAL_MIGRATIONS, ApprovalsModule, PrequalificationService, ReviewService } from '../src';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const FIRMS = arg('firms', 50_000);
const WAN = 1_000_000;

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} /s`;

async function main(): Promise<void> {
  const db = await freshBenchDatabase(`bench_approval_${process.pid}`);
  const url = db.url;
  const config = loadConfig({ DATABASE_URL: url, NODE_ENV: 'production', ...benchSecrets(), PORT: '0' });
  @Module({ imports: [CoreModule.forRoot({ config, migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS] }), ApprovalsModule] })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  const ds = app.get(DataSource);
  const rows: string[][] = [];
  try {
    let t0 = performance.now();
    await loadDemoEnterprises(app.get(EnterprisesService), { count: FIRMS, seed: 27 });
    console.log(`loaded ${FIRMS} firms in ${secs(performance.now() - t0)}`);

    // Baseline 1: bare INSERT of FIRMS rows of the applications' shape (no checks, no timeline, no constraints).
    await ds.query(`CREATE TABLE public.bench_rows (id uuid PRIMARY KEY, enterprise_id uuid, item_id uuid, amount_fen bigint, state text, facts jsonb)`);
    const ids = Array.from({ length: FIRMS }, () => uuid7());
    t0 = performance.now();
    for (let i = 0; i < FIRMS; i += 5000) {
      const part = ids.slice(i, i + 5000);
      await ds.query(`INSERT INTO public.bench_rows SELECT id, id, id, 1000000, 'pre_qualified', '{"employees": 10}'::jsonb FROM unnest($1::uuid[]) AS u(id)`, [part]);
    }
    const insertBaseline = performance.now() - t0;
    t0 = performance.now();
    await ds.query(`UPDATE public.bench_rows SET state = 'approved' WHERE state = 'pre_qualified'`);
    const updateBaseline = performance.now() - t0;

    // Publish a 免申即享 item every firm with at least one employee matches (the 失信 ones are screened out).
    const admin: Principal = { id: 'bench-editor', username: 'e', displayName: 'e', role: 'admin', departmentCode: null, enterpriseId: null };
    const policies = app.get(PoliciesService);
    const view = await policies.createPolicy(admin, {
      code: 'BENCH-APPROVAL', title: '免申即享基准政策', docNumber: null, ownerDepartment: 'kjj', level: 'municipal', category: 'subsidy', tags: [],
      sourceUrl: null, fullText: '', publishDate: null, effectiveFrom: '2026-01-01', effectiveTo: null, isDemo: true,
      items: [{
        code: 'BENCH-A', name: '稳岗奖励（免申即享）', rule: { all: [{ fact: 'employees', operator: 'greaterThanInclusive', value: 1 }] },
        formula: { kind: 'fixed', amount: WAN }, mode: 'no_application', applyFrom: null, applyTo: null, materials: [], exclusionGroup: 'jobs',
        clause: null, fundPoolFen: FIRMS * WAN * 2, contact: null, effectiveFrom: '2026-01-01', effectiveTo: null,
      }],
    });
    const itemId = view.items[0].id;
    await policies.submit(admin, itemId);
    const bus = app.get(EventBus);
    const relay = app.get(OutboxRelay);
    const queue = app.get<QueuePort>(QUEUE_PORT);
    bus.consume(2);
    app.get(PrequalificationService).startWorkers(2);
    t0 = performance.now();
    await policies.review({ ...admin, id: 'bench-reviewer' }, itemId, 'approve', null);
    // Until the publication event is handled and every range job is done (matching jobs are not consumed here).
    for (;;) {
      await relay.drain();
      await queue.whenIdle(QueueNames.DomainEvents, 600_000);
      await queue.whenIdle(QueueNames.Approvals, 600_000);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM core.outbox_events WHERE relayed_at IS NULL`);
      if (n === 0) break;
    }
    const prequalMs = performance.now() - t0;
    const [{ created, nodes }] = await ds.query(
      `SELECT count(*)::int AS created, (SELECT count(*)::int FROM approval.timeline) AS nodes FROM approval.applications WHERE item_id = $1 AND state = 'pre_qualified'`, [itemId]);
    const [{ dishonest }] = await ds.query(`SELECT count(*)::int AS dishonest FROM approval.screenings WHERE reason = 'dishonest'`);

    const reviewer: Principal = { id: 'bench-kjj-reviewer', username: 'r', displayName: 'r', role: 'dept_reviewer', departmentCode: 'kjj', enterpriseId: null };
    t0 = performance.now();
    const approved = await app.get(ReviewService).batchApprove(reviewer, { itemId }, '批量审核（基准）');
    const batchMs = performance.now() - t0;
    const [pool] = await ds.query(`SELECT reserved_fen FROM approval.fund_pools WHERE item_id = $1`, [itemId]);

    rows.push(['baseline: bare INSERT of N rows (unnest, batches of 5,000)', secs(insertBaseline), rate(FIRMS, insertBaseline), '1.00×', '—']);
    rows.push(['publication → all pre-qualified applications', secs(prequalMs), rate(created, prequalMs), `${(prequalMs / insertBaseline).toFixed(2)}× insert baseline`,
      `${created.toLocaleString('en-US')} created, ${dishonest} 失信 screened out, ${nodes.toLocaleString('en-US')} timeline nodes; target < 120 s`]);
    rows.push(['baseline: bare UPDATE of N rows (one statement)', secs(updateBaseline), rate(FIRMS, updateBaseline), '1.00×', '—']);
    rows.push(['batch approval of all of them (one transaction)', secs(batchMs), rate(approved.approved, batchMs), `${(batchMs / updateBaseline).toFixed(2)}× update baseline`,
      `${approved.approved.toLocaleString('en-US')} approved, pool reserved ${approved.amountText} (= ${Number(pool.reserved_fen) === approved.amountFen ? 'sum of amounts' : 'MISMATCH'}), sample ${approved.sample.length}; target < 120 s`]);

    const header = ['measure', 'time', 'rate', 'ratio', 'detail'];
    const table = [`| ${header.join(' | ')} |`, '| --- | ---: | ---: | ---: | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    console.log(`\n${table}\n`);
    const md = `\n## bench:approval — ${new Date().toISOString().slice(0, 10)}\n\n\`npm run bench:approval -- --firms ${FIRMS}\` (Node ${process.version}, ${process.platform}/${process.arch}, PostgreSQL on 127.0.0.1, one process, in-process queue, 2 approval workers)\n\n${table}\n`;
    if (process.argv.includes('--write')) appendFileSync(join(__dirname, '..', '..', '..', 'docs', 'benchmarks.md'), md);
  } finally {
    await app.close();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
