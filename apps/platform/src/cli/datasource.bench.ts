/**
 * npm run bench:datasource [-- --records N --items M --modes postgres,embedded --pages]
 * 数据共享: a department's source (税务, over HTTP from the simulated source service) delivers N changed
 * records (default 100,000: every firm's revenue and tax); the platform pulls them by cursor (pages
 * of 5,000), validates and maps each, writes the facts with their provenance, a profile version and
 * the batch events, which re-match the firms against M published items (default 20) and push the new
 * matches — timed from the first pull until the outbox is relayed and the event and matching queues
 * are idle. Once on PostgreSQL (127.0.0.1, a fresh database) and once embedded (PGlite, in-process
 * queue). Baseline in the same run and mode: a bare COPY of the same N records into a table.
 * Prints where the pages' time went (stage totals; `--pages`: every page) and the load average.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PGlite } from '@electric-sql/pglite';
import { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { CoreModule, EventBus, loadConfig, OutboxRelay, Principal, QUEUE_PORT, QueueNames, QueuePort, seededRng } from '@app/core';
import {
  createDataSourceSimServer, DataSourceSyncService, ENTERPRISE_MIGRATIONS, EnterprisesModule, EnterprisesService, generateEnterprises, SharedDataRecord, SimulatedSources,
} from '@app/enterprises';
import { ItemVersionRepository, MatchingService, POLICY_MIGRATIONS, PoliciesModule, PoliciesService, todayInChina } from '@app/policies';
import { benchSecrets, freshBenchDatabase } from '@app/core/testing';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const RECORDS = Number(arg('records', '100000'));
const ITEMS = Number(arg('items', '20'));
const MODES = arg('modes', 'postgres,embedded').split(',') as Array<'postgres' | 'embedded'>;
/** `--pages`: print each page's stages (the totals per stage are always printed). */
const PAGES = process.argv.includes('--pages');
const WAN = 1_000_000;

/** The source's records: every firm's revenue (+5–40 %) and tax, in 元 as the 税务 source sends them. */
function makeRecords(firms: Array<{ creditCode: string; revenue: number | null }>): SharedDataRecord[] {
  const r = seededRng(3);
  return firms.map((f, i) => {
    const revenueFen = Math.round((f.revenue ?? 10 * WAN * 100) * (1.05 + r() * 0.35));
    return { id: `SW-${i + 1}`, creditCode: f.creditCode, changedAt: '2026-12-01T00:00:00Z', fields: { yysr: revenueFen / 100, nse: Math.round(revenueFen * 0.03) / 100 } };
  });
}

const tsv = (records: SharedDataRecord[]) =>
  records.map((x) => `${x.id}\t${x.creditCode}\t${Math.round(Number(x.fields.yysr) * 100)}\t${Math.round(Number(x.fields.nse) * 100)}\n`).join('');

async function copyBaselinePostgres(url: string, records: SharedDataRecord[]): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query(`CREATE TABLE bare_tax (record_id text, credit_code text, revenue bigint, tax_paid bigint)`);
  const t = performance.now();
  await pipeline(Readable.from([tsv(records)]), c.query(copyFrom(`COPY bare_tax FROM STDIN`)));
  const ms = performance.now() - t;
  await c.end();
  return ms;
}

async function copyBaselineEmbedded(records: SharedDataRecord[]): Promise<number> {
  const db = await PGlite.create();
  await db.exec(`CREATE TABLE bare_tax (record_id text, credit_code text, revenue bigint, tax_paid bigint)`);
  const t = performance.now();
  await db.query(`COPY bare_tax FROM '/dev/blob'`, [], { blob: new Blob([tsv(records)]) });
  const ms = performance.now() - t;
  await db.close();
  return ms;
}

async function runMode(mode: 'postgres' | 'embedded'): Promise<Record<string, string | number>[]> {
  const sim = new SimulatedSources();
  const server = createDataSourceSimServer(sim);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const simUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'bench-datasource-'));
  const db = mode === 'postgres' ? await freshBenchDatabase(`bench_datasource_${process.pid}`) : null;
  const config = loadConfig({
    NODE_ENV: 'production', ...benchSecrets(), DATA_DIR: dir, DATA_SOURCE_URL: simUrl, DATA_SOURCE_SYNC_SECONDS: '0', MATCH_PLAN_QUIET_MS: '0',
    ...(db ? { DATABASE_URL: db.url } : {}),
  });
  @Module({ imports: [CoreModule.forRoot({ config, migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS] }), EnterprisesModule, PoliciesModule] })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  const ds = app.get(DataSource);
  const queue = app.get<QueuePort>(QUEUE_PORT);
  const rows: Record<string, string | number>[] = [];
  try {
    let t = performance.now();
    const enterprises = app.get(EnterprisesService);
    const firms: Array<{ creditCode: string; revenue: number | null }> = [];
    let batch = [];
    for (const e of generateEnterprises({ count: RECORDS, seed: 21 })) {
      batch.push(e);
      firms.push({ creditCode: e.creditCode, revenue: e.revenue });
      if (batch.length === 5000) {
        await enterprises.upsertBatch(batch, null, 'bench', { emitEvents: false, audit: false });
        batch = [];
      }
    }
    if (batch.length) await enterprises.upsertBatch(batch, null, 'bench', { emitEvents: false, audit: false });
    console.log(`[${mode}] loaded ${RECORDS} firms in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // M items on revenue thresholds (some firms cross them with the new figures), matched once before the timed part.
    const editor: Principal = { id: 'bench-editor', username: 'e', displayName: 'e', role: 'admin', departmentCode: null, enterpriseId: null };
    const reviewer: Principal = { ...editor, id: 'bench-reviewer' };
    const policies = app.get(PoliciesService);
    const items = Array.from({ length: ITEMS }, (_, i) => ({
      code: `DS-${i}`, name: `营收奖励${i}`,
      rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: (500 + i * 250) * WAN }, { fact: 'creditStatus', operator: 'notEqual', value: 'dishonest' }] },
      formula: { kind: 'fixed' as const, amount: 10 * WAN },
      mode: 'application' as const, applyFrom: null, applyTo: '2026-12-31', materials: [], exclusionGroup: null, clause: null,
      fundPoolFen: 1_000_000 * WAN, contact: null, effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31',
    }));
    const view = await policies.createPolicy(editor, {
      code: 'DS-BENCH', title: '数据共享基准政策', docNumber: null, ownerDepartment: 'kjj', level: 'municipal', category: 'subsidy', tags: [],
      sourceUrl: null, fullText: '', publishDate: null, effectiveFrom: '2026-01-01', effectiveTo: null, isDemo: true, items: items as never,
    });
    for (const it of view.items) {
      await policies.submit(editor, it.id);
      await policies.review(reviewer, it.id, 'approve', null);
    }
    const versions = await app.get(ItemVersionRepository).inEffect(todayInChina(), new Date());
    t = performance.now();
    app.get(MatchingService).startWorkers(1);
    app.get(OutboxRelay).start();
    app.get(EventBus).consume();
    const drain = async () => {
      for (;;) {
        const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM core.outbox_events WHERE relayed_at IS NULL`);
        const [{ p }] = await ds.query(`SELECT count(*)::int AS p FROM policy.match_requests WHERE planned_at IS NULL`);
        if (n === 0 && p === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await queue.whenIdle(QueueNames.DomainEvents, 3_600_000);
      await queue.whenIdle(QueueNames.Matching, 3_600_000);
    };
    await drain();
    const [{ n: pushedBefore }] = await ds.query(`SELECT count(*)::int AS n FROM policy.matches WHERE pushed_at IS NOT NULL`);
    console.log(`[${mode}] published ${versions.length} items, initial matching ${((performance.now() - t) / 1000).toFixed(1)} s, ${pushedBefore} pushed`);

    const records = makeRecords(firms);
    const baseMs = mode === 'postgres' ? await copyBaselinePostgres(db!.url, records) : await copyBaselineEmbedded(records);
    sim.publish('tax', records);

    // Timed: pull by cursor over HTTP → profiles (facts, provenance, versions, events) → re-match → push.
    const syncService = app.get(DataSourceSyncService);
    const stageTotals: Record<string, number> = {};
    syncService.onPageTimed = (p) => {
      stageTotals['pull wait'] = (stageTotals['pull wait'] ?? 0) + p.pullWaitMs;
      for (const [k, v] of Object.entries(p.stages)) stageTotals[k] = (stageTotals[k] ?? 0) + v;
      if (PAGES) {
        const parts = Object.entries(p.stages).map(([k, v]) => `${k} ${Math.round(v)}`).join(' · ');
        console.log(`[${mode}] page ${p.page}: ${Math.round(p.totalMs)} ms (pull wait ${Math.round(p.pullWaitMs)} · ${parts})`);
      }
    };
    const loadBefore = loadavg();
    const startedAt = new Date();
    t = performance.now();
    const sync = await syncService.sync('tax');
    const syncMs = performance.now() - t;
    await drain();
    const totalMs = performance.now() - t;
    const loadAfter = loadavg();
    console.log(`[${mode}] stages over ${sync.pages} pages (s): ${Object.entries(stageTotals).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`).join(' · ')}`);
    console.log(`[${mode}] load average (1/5/15 min) before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(2)).join(' ')}`);
    const [{ n: versionsWritten }] = await ds.query(`SELECT count(*)::int AS n FROM enterprise.profile_versions WHERE valid_from >= $1`, [startedAt.toISOString()]);
    const [{ n: rematched }] = await ds.query(`SELECT count(*)::int AS n FROM policy.matches WHERE matched_at >= $1`, [startedAt.toISOString()]);
    const [{ n: pushed }] = await ds.query(`SELECT count(*)::int AS n FROM policy.matches WHERE pushed_at >= $1`, [startedAt.toISOString()]);
    const label = mode === 'postgres' ? 'PostgreSQL' : 'embedded (PGlite)';
    rows.push({ mode: label, measure: `baseline: bare COPY of the ${RECORDS.toLocaleString('en-US')} records`, seconds: +(baseMs / 1000).toFixed(2), 'vs COPY': '1.0×' });
    rows.push({
      mode: label, measure: `pull (HTTP, ${sync.pages} pages) → profiles updated (${sync.changed} changed, ${sync.rejected} refused, ${versionsWritten} versions)`,
      seconds: +(syncMs / 1000).toFixed(2), 'records/s': Math.round(RECORDS / (syncMs / 1000)).toLocaleString('en-US'), 'vs COPY': `${(syncMs / baseMs).toFixed(1)}×`,
    });
    rows.push({
      mode: label, measure: `… → re-matched against ${versions.length} items (${rematched} match rows written) and pushed (${pushed} new)`,
      seconds: +(totalMs / 1000).toFixed(2), 'records/s': Math.round(RECORDS / (totalMs / 1000)).toLocaleString('en-US'), 'vs COPY': `${(totalMs / baseMs).toFixed(1)}×`,
      target: totalMs < 60_000 ? '< 60 s: met' : '< 60 s: NOT met',
    });
  } finally {
    await app.close();
    await new Promise((r) => server.close(r));
    await db?.drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function main(): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  for (const mode of MODES) rows.push(...(await runMode(mode)));
  console.log(`\nbench:datasource — ${RECORDS.toLocaleString('en-US')} changed records from the 税务 source, ${ITEMS} items, ${new Date().toISOString().slice(0, 10)}`);
  console.table(rows);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
