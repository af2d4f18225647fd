/**
 * npm run bench:rules [-- --rules N --rows N --no-write]
 * Prints one table (reference vs compiled, columnar vs a hand-written loop, bulk matching, memory)
 * and appends it to docs/benchmarks.md. Data is deterministic (seeded).
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ENTERPRISE_FACTS } from '@app/contracts';
import {
  ColumnStore,
  compileColumnar,
  compileRule,
  DictionaryColumn,
  FactRegistry,
  NumericColumn,
  popcount,
  ReferenceEvaluator,
  RuleCondition,
  toDayNumber,
  validateRule,
  wordsFor,
  yearsSinceCutoff,
} from '../src';
import { makeBenchProfile, makeBenchRule, seededRng } from './bench-data';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const ROWS = flag('rows', 1_000_000);
const RULES = flag('rules', 3_000);
const WRITE = !process.argv.includes('--no-write');
const ctx = { asOf: '2026-11-27' };
const registry = new FactRegistry(ENTERPRISE_FACTS);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const rows: [string, string, string, string][] = [];
const log = (s: string) => process.stderr.write(`${s}\n`);

async function referenceVsCompiled(): Promise<void> {
  const rng = seededRng(1);
  const rules = Array.from({ length: 40 }, () => makeBenchRule(rng));
  const profiles = Array.from({ length: 2_000 }, (_, i) => makeBenchProfile(i, rng));
  // Reference: json-rules-engine, one engine per rule reused across profiles (its best case).
  let refCount = 0;
  let refMatches = 0;
  const t0 = now();
  for (const rule of rules) {
    const ref = new ReferenceEvaluator(rule, registry, ctx);
    for (let i = 0; i < 100; i += 1) {
      if (await ref.evaluate(profiles[i])) refMatches += 1;
      refCount += 1;
    }
  }
  const refPerSec = refCount / ((now() - t0) / 1000);
  const compiled = rules.map((r) => compileRule(r, registry, ctx));
  let compCount = 0;
  let compMatches = 0;
  const t1 = now();
  for (let round = 0; round < 25; round += 1) {
    for (const predicate of compiled) {
      for (const p of profiles) {
        if (predicate(p)) compMatches += 1;
        compCount += 1;
      }
    }
  }
  const compPerSec = compCount / ((now() - t1) / 1000);
  rows.push(['reference (json-rules-engine)', `${fmt(refPerSec)} evals/s`, 'baseline', `${refMatches}/${refCount} matched`]);
  rows.push(['compiled predicate', `${fmt(compPerSec)} evals/s`, `${fmt(compPerSec / refPerSec, 0)}× reference`, 'target ≥ 300×']);
  void compMatches;
}

function buildStore(): { store: ColumnStore; bytes: number; seconds: number } {
  gc();
  const before = process.memoryUsage();
  const t0 = now();
  const rng = seededRng(2);
  const store = new ColumnStore(registry, ROWS);
  for (let i = 0; i < ROWS; i += 1) {
    store.append(makeBenchProfile(i, rng));
    if (i > 0 && i % 250_000 === 0) log(`  store: ${fmt(i)} rows`);
  }
  const seconds = (now() - t0) / 1000;
  gc();
  const after = process.memoryUsage();
  const bytes = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
  return { store, bytes, seconds };
}

/** The 5-condition rule, and the same rule written by hand as one fused loop over the columns. */
const FIVE: RuleCondition = {
  all: [
    { fact: 'revenue', operator: 'greaterThanInclusive', value: 2_000 * 1_000_000 },
    { fact: 'employees', operator: 'between', value: [10, 300] },
    { fact: 'districtCode', operator: 'inRegion', value: '410100' },
    { fact: 'establishedOn', operator: 'yearsSinceAtLeast', value: 3 },
    { fact: 'creditStatus', operator: 'equal', value: 'good' },
  ],
};

function handWritten(store: ColumnStore): Uint32Array {
  const revenue = (store.column('revenue') as NumericColumn).data;
  const employees = (store.column('employees') as NumericColumn).data;
  const district = store.column('districtCode') as DictionaryColumn;
  const credit = store.column('creditStatus') as DictionaryColumn;
  const established = (store.column('establishedOn') as { data: Int32Array }).data;
  const inCity = new Uint8Array(district.dictionary.length + 1);
  district.dictionary.forEach((c, i) => (inCity[i + 1] = c.startsWith('4101') ? 1 : 0));
  const good = credit.codes.get('good') ?? -2;
  const cutoff = toDayNumber(yearsSinceCutoff(ctx.asOf, 3)) as number;
  const minRevenue = 2_000 * 1_000_000;
  const n = store.rowCount;
  const out = new Uint32Array(wordsFor(n));
  const dData = district.data;
  const cData = credit.data;
  for (let i = 0; i < n; i += 1) {
    const e = employees[i];
    const d = established[i];
    if (revenue[i] >= minRevenue && e >= 10 && e <= 300 && inCity[dData[i] + 1] === 1 && d > -2147483648 && d <= cutoff && cData[i] === good) {
      out[i >>> 5] |= 1 << (i & 31);
    }
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function columnar(store: ColumnStore): void {
  const predicate = compileColumnar(FIVE, registry, ctx);
  const ours: number[] = [];
  const base: number[] = [];
  let a = 0;
  let b = 0;
  for (let i = 0; i < 15; i += 1) {
    let t = now();
    a = popcount(predicate(store));
    ours.push(now() - t);
    t = now();
    b = popcount(handWritten(store));
    base.push(now() - t);
  }
  if (a !== b) throw new Error(`columnar (${a}) and hand-written (${b}) disagree`);
  const o = median(ours);
  const h = median(base);
  rows.push([`columnar, 5 conditions × ${fmt(store.rowCount)} rows`, `${fmt(o, 2)} ms`, `${fmt(o / h, 2)}× hand-written (${fmt(h, 2)} ms)`, `${fmt(a)} matched; target < 10 ms, ≤ 2×`]);

  const rng = seededRng(3);
  const rules = Array.from({ length: RULES }, () => makeBenchRule(rng));
  const t0 = now();
  let matched = 0;
  for (const [i, rule] of rules.entries()) {
    matched += popcount(compileColumnar(rule, registry, ctx)(store));
    if ((i + 1) % 500 === 0) log(`  bulk: ${i + 1}/${RULES} rules, ${fmt((now() - t0) / 1000, 1)} s`);
  }
  const seconds = (now() - t0) / 1000;
  rows.push([`bulk: ${fmt(RULES)} rules × ${fmt(store.rowCount)} rows, 1 core`, `${fmt(seconds, 2)} s`, `${fmt((seconds * 1000) / RULES, 2)} ms/rule`, `${fmt(matched)} matches; target < 30 s`]);
}

/** Refusing a 10,000-level rule must cost about what validating an ordinary rule costs (no recursion blow-up). */
function validation(): void {
  let deep: unknown = { fact: 'revenue', operator: 'greaterThanInclusive', value: 5_000_000_000 };
  for (let i = 0; i < 10_000; i += 1) deep = { not: deep };
  const ordinary = makeBenchRule(seededRng(7));
  const time = (input: unknown, n: number) => {
    const samples: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const t0 = now();
      const r = validateRule(input, registry);
      samples.push(now() - t0);
      if (input === deep && (r.ok || r.errors[0].code !== 'RULE.TOO_DEEP')) throw new Error('deep rule not refused');
    }
    return median(samples);
  };
  const ordinaryMs = time(ordinary, 200);
  const deepMs = time(deep, 50);
  rows.push(['validation: 10,000-level rule refused', `${fmt(deepMs, 3)} ms`, `${fmt(deepMs / ordinaryMs, 1)}× an ordinary rule (${fmt(ordinaryMs, 3)} ms)`, 'median; target < 50 ms']);
}

async function main(): Promise<void> {
  log(`bench:rules — rows=${ROWS}, rules=${RULES}`);
  validation();
  await referenceVsCompiled();
  log('  reference vs compiled done');
  const { store, bytes, seconds } = buildStore();
  rows.push([`column store, ${fmt(store.rowCount)} profiles`, `${fmt(bytes / 2 ** 20, 1)} MiB`, `built in ${fmt(seconds, 1)} s`, `typed arrays ${fmt(store.typedArrayBytes() / 2 ** 20, 1)} MiB; target < 1 GiB`]);
  columnar(store);

  const header = ['measure', 'result', 'ratio / detail', 'note'];
  const table = [header, ['---', '---:', '---', '---'], ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
  console.log(table);
  if (WRITE) {
    const file = join(__dirname, '..', '..', '..', 'docs', 'benchmarks.md');
    if (!existsSync(file)) writeFileSync(file, '# Benchmarks\n');
    const args = process.argv.slice(2).join(' ');
    const env = `Node ${process.version}, ${process.platform}/${process.arch}, single thread`;
    appendFileSync(file, `\n## bench:rules — ${new Date().toISOString().slice(0, 10)}\n\n\`npm run bench:rules${args ? ` -- ${args}` : ''}\` (${env})\n\n${table}\n`);
  }
}

void main();
