/**
 * npm run bench:import [-- --rows N]
 * Imports N generated enterprises (default 100,000) from a CSV file into a fresh PostgreSQL
 * database through the real import path (stream parse, validate, digest, encrypt, upsert by credit
 * code, profile versions), then re-imports the same file (must change nothing). Baseline in the same
 * run: the practical limit — the same CSV parsed and bulk-inserted with one unnest() per batch and no
 * validation, history or encryption.
 */
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { parse } from 'csv-parse';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CoreModule, fenToYuanText, loadConfig } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterpriseImportService, EnterprisesModule, generateEnterprises } from '@app/enterprises';
import { benchSecrets, freshBenchDatabase } from '@app/core/testing';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('rows', 100_000);

const COLUMNS = ['creditCode', 'name', 'districtCode', 'industryCode', 'scale', 'establishedOn', 'registeredCapital', 'employees', 'revenue',
  'taxPaid', 'rdExpense', 'exports', 'revenueGrowth', 'tags', 'creditStatus', 'isListed', 'bankName', 'bankAccount', 'contactName', 'contactPhone'] as const;

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write(COLUMNS.join(',') + '\n');
  const money = (v: number | null) => (v === null ? '' : fenToYuanText(v));
  for (const e of generateEnterprises({ count: ROWS, seed: 7 })) {
    const line = [e.creditCode, e.name, e.districtCode, e.industryCode, e.scale, e.establishedOn, money(e.registeredCapital), e.employees ?? '',
      money(e.revenue), money(e.taxPaid), money(e.rdExpense), money(e.exports), e.revenueGrowth ?? '', e.tags.join('|'), e.creditStatus,
      e.isListed === null ? '' : String(e.isListed), e.bankName ?? '', e.bankAccount ?? '', e.contactName ?? '', e.contactPhone ?? ''].join(',');
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Practical limit: parse + one unnest INSERT per 5,000 rows into a bare table. */
async function baseline(file: string, url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query(`CREATE TABLE bare (credit_code text PRIMARY KEY, name text, district_code text, industry_code text, scale text,
    established_on date, revenue bigint, tags text[])`);
  const started = performance.now();
  let batch: Array<Record<string, string>> = [];
  const flush = async () => {
    if (!batch.length) return;
    await c.query(
      `INSERT INTO bare SELECT u.c, u.n, u.d, u.i, u.s, u.e::date, round(u.r::numeric * 100)::bigint, string_to_array(u.t, '|')
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u(c, n, d, i, s, e, r, t)`,
      [batch.map((b) => b.creditCode), batch.map((b) => b.name), batch.map((b) => b.districtCode), batch.map((b) => b.industryCode),
        batch.map((b) => b.scale), batch.map((b) => b.establishedOn || null), batch.map((b) => b.revenue || null), batch.map((b) => b.tags)],
    );
    batch = [];
  };
  for await (const rec of createReadStream(file).pipe(parse({ columns: true }))) {
    batch.push(rec as Record<string, string>);
    if (batch.length === 5000) await flush();
  }
  await flush();
  const ms = performance.now() - started;
  await c.end();
  return ms;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const file = join(dir, 'enterprises.csv');
  const db = await freshBenchDatabase(`bench_import_${process.pid}`);
  try {
    let t = performance.now();
    await writeCsv(file);
    console.log(`generated ${ROWS} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const url = db.url;
    const baseMs = await baseline(file, url);

    @Module({ imports: [CoreModule.forRoot({ config: loadConfig({ DATABASE_URL: url, NODE_ENV: 'production', ...benchSecrets() }), migrations: [...ENTERPRISE_MIGRATIONS] }), EnterprisesModule] })
    class BenchModule {}
    const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
    const importer = app.get(EnterpriseImportService);
    t = performance.now();
    const first = await importer.import(createReadStream(file), 'csv', null);
    const firstMs = performance.now() - t;
    t = performance.now();
    const second = await importer.import(createReadStream(file), 'csv', null);
    const secondMs = performance.now() - t;
    const [{ n }] = await app.get(DataSource).query(`SELECT count(*)::int AS n FROM enterprise.enterprises`);
    await app.close();

    const rate = (ms: number) => Math.round(ROWS / (ms / 1000)).toLocaleString('en-US');
    console.log(`\nbench:import — ${ROWS.toLocaleString('en-US')} rows, PostgreSQL, ${new Date().toISOString().slice(0, 10)}`);
    console.table([
      { run: 'baseline: parse + bare unnest insert', seconds: +(baseMs / 1000).toFixed(2), 'rows/s': rate(baseMs), 'vs baseline': '1.00×' },
      { run: 'import (validate, encrypt, versions)', seconds: +(firstMs / 1000).toFixed(2), 'rows/s': rate(firstMs), 'vs baseline': `${(firstMs / baseMs).toFixed(2)}×`, created: first.created, invalid: first.invalid },
      { run: 're-import same file (no change)', seconds: +(secondMs / 1000).toFixed(2), 'rows/s': rate(secondMs), 'vs baseline': `${(secondMs / baseMs).toFixed(2)}×`, created: second.created, updated: second.updated, unchanged: second.unchanged },
    ]);
    console.log(`rows in table: ${n}; target: ${ROWS.toLocaleString('en-US')} rows < 60 s → ${firstMs < 60_000 ? 'met' : 'NOT met'}`);
  } finally {
    await db.drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
