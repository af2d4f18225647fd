/**
 * npm run bench:appeals [-- --appeals N] [-- --runs R] [-- --write] [-- --keep (leave the database for EXPLAIN)]
 * 200,000 appeals over two years (2024-12 … 2026-11, 20,000 firms, 40 departments, 10 categories) on a
 * fresh PostgreSQL database, then, each against the same question asked naively in the same run:
 *   - the monthly ranking of every department (target p95 < 200 ms) vs. a full scan by month
 *     expression with on-time flags and working days computed per row from the calendar;
 *   - similar appeals for a new appeal (target p95 < 50 ms) vs. scoring every appeal of the firm and
 *     the category in the window (exact top ten; the table gives the indexed lookup's recall of it);
 *   - the overdue list, first page and total (target p95 < 100 ms) vs. loading every open appeal and
 *     working out its deadline from the calendar (as the approvals' 督办 list does).
 * Results must agree (ranking rows and overdue totals are compared); a table is printed and, with
 * --write, appended to docs/benchmarks.md.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CoreModule, loadConfig, Principal, uuid7 } from '@app/core';
import { APPROVAL_MIGRATIONS, CalendarRepository, chinaDate, WorkingDayCalendar } from '@app/approvals';
import { ENTERPRISE_MIGRATIONS } from '@app/enterprises';
import { POLICY_MIGRATIONS } from '@app/policies';
import { freshBenchDatabase } from '@app/core/testing';
import { APPEAL_MIGRATIONS, AppealClock, AppealsModule, RankingService, SimilarityService, AppealSupervisionService, termSimilarity } from '../src';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('appeals', 200_000);
const RUNS = arg('runs', 60);
const FIRMS = 20_000;
const DEPTS = Array.from({ length: 40 }, (_, i) => `d${String(i + 1).padStart(2, '0')}`);
const CATEGORIES = ['policy', 'finance', 'land', 'approval', 'labor', 'utilities', 'technology', 'market', 'legal', 'other'];
const CATEGORY_WEIGHTS = [14, 16, 10, 14, 12, 12, 8, 6, 3, 5];
const DISTRICTS = ['410102', '410103', '410104', '410105', '410106', '410108', '410122', '410171', '410172', '410173', '410174', '410181', '410182', '410183', '410184', '410185'];
const DAY = 86_400_000;
const START = Date.parse('2024-12-01T00:00:00+08:00');
const NOW = Date.parse('2026-11-30T18:00:00+08:00');

/** Holidays of 2025–2026 as the calendar holds them (approximate; enough to make working days differ from weekdays). */
const HOLIDAYS = [
  '2025-01-01', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03', '2025-02-04', '2025-04-04', '2025-05-01', '2025-05-02', '2025-05-05',
  '2025-06-02', '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08', '2026-01-01', '2026-01-02', '2026-02-16', '2026-02-17',
  '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-06', '2026-05-01', '2026-05-04', '2026-05-05', '2026-06-19', '2026-09-25', '2026-10-01', '2026-10-02',
  '2026-10-05', '2026-10-06', '2026-10-07',
];

/** A small deterministic PRNG (mulberry32): the same data every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20261130);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
const zipf = (n: number, skew = 2.2) => Math.min(n - 1, Math.floor(n * rand() ** skew));
const weighted = (ws: number[]) => {
  let r = rand() * ws.reduce((a, b) => a + b, 0);
  for (let i = 0; i < ws.length; i++) if ((r -= ws[i]) < 0) return i;
  return ws.length - 1;
};
/**
 * Theme words: 300 per category and 1,500 shared, drawn skewed (the commonest word of a category is in
 * ~1 appeal of 8 of that category, as 融资 might be among finance appeals; stop words never are terms).
 */
const VOCAB = CATEGORIES.map((c) => Array.from({ length: 300 }, (_, i) => `${c}词${i}`));
const SHARED = Array.from({ length: 1500 }, (_, i) => `通用词${i}`);
const termsFor = (ci: number) => [...new Set([...Array.from({ length: 4 }, () => VOCAB[ci][zipf(300, 1.6)]), ...Array.from({ length: 3 }, () => SHARED[zipf(1500, 1.6)])])];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function timeIt<T>(runs: number, f: (i: number) => Promise<T>): Promise<{ p50: number; p95: number; last: T }> {
  const times: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await f(i);
    times.push(performance.now() - t0);
  }
  return { p50: pct(times, 50), p95: pct(times, 95), last };
}

async function generate(ds: DataSource, cal: WorkingDayCalendar): Promise<void> {
  const firms = Array.from({ length: FIRMS }, (_, i) => ({ id: uuid7(), name: `基准企业${i + 1}`, district: pick(DISTRICTS) }));
  const deptOf = (ci: number) => DEPTS[(ci * 4 + zipf(4)) % DEPTS.length];
  const wd = (at: number, n: number) => Date.parse(`${cal.addWorkingDays(chinaDate(new Date(at)), n)}T${String(9 + Math.floor(rand() * 8)).padStart(2, '0')}:00:00+08:00`);
  const ids: string[] = [];
  const BATCH = 5000;
  for (let from = 0; from < N; from += BATCH) {
    const cols: Record<string, unknown[]> = {};
    const push = (k: string, v: unknown) => (cols[k] ??= []).push(v);
    for (let i = from; i < Math.min(N, from + BATCH); i++) {
      const id = uuid7();
      ids.push(id);
      const firm = firms[zipf(FIRMS)];
      const ci = weighted(CATEGORY_WEIGHTS);
      const received = START + Math.floor(rand() * (NOW - START - 2 * DAY));
      const age = (NOW - received) / DAY;
      const r = rand();
      const answerDays = CATEGORIES[ci] === 'land' || CATEGORIES[ci] === 'legal' ? 22 : 10;
      const dispatchDue = cal.addWorkingDays(chinaDate(new Date(received)), 3);
      let state: string;
      if (age < 45) state = r < 0.15 ? 'submitted' : r < 0.3 ? 'assigned' : r < 0.6 ? 'in_progress' : r < 0.75 ? 'answered' : r < 0.8 ? 'second_supervision' : 'closed';
      else state = r < 0.85 ? 'closed' : r < 0.9 ? 'answered' : r < 0.93 ? 'second_supervision' : r < 0.95 ? 'withdrawn' : r < 0.97 && i > 20_000 ? 'merged' : 'in_progress';
      const assigned = state !== 'submitted' && !(state === 'merged') ? wd(received, Math.floor(rand() * 5)) : null;
      const accepted = assigned && state !== 'assigned' ? wd(assigned, Math.floor(rand() * 6)) : null;
      const answered = accepted && ['answered', 'second_supervision', 'closed'].includes(state) ? wd(accepted, 2 + Math.floor(rand() * 14)) : null;
      const inFuture = (t: number | null) => (t !== null && t > NOW ? null : t);
      const [asg, acc, ans] = [inFuture(assigned), inFuture(accepted), inFuture(answered)];
      const st = asg === null && ['assigned', 'in_progress', 'answered', 'second_supervision', 'closed', 'withdrawn'].includes(state) ? 'submitted'
        : acc === null && ['in_progress', 'answered', 'second_supervision', 'closed'].includes(state) ? 'assigned'
          : ans === null && ['answered', 'second_supervision', 'closed'].includes(state) ? 'in_progress' : state;
      const acceptDue = asg ? cal.addWorkingDays(chinaDate(new Date(asg)), 3) : null;
      const progressDue = asg ? cal.addWorkingDays(chinaDate(new Date(asg)), 7) : null;
      const answerDue = asg ? cal.addWorkingDays(chinaDate(new Date(asg)), answerDays) : null;
      const second = st === 'second_supervision' || (st === 'closed' && rand() < 0.06) ? 1 : 0;
      const secondDue = st === 'second_supervision' && ans ? cal.addWorkingDays(chinaDate(new Date(ans)), 10) : null;
      const lead = asg && st !== 'withdrawn' ? deptOf(ci) : st === 'withdrawn' && asg ? deptOf(ci) : null;
      const due = st === 'submitted' ? ['dispatch', dispatchDue] : st === 'assigned' ? ['accept', acceptDue] : st === 'in_progress' ? ['answer', answerDue]
        : st === 'second_supervision' ? ['second', secondDue] : [null, null];
      const rating = st === 'closed' ? (rand() < 0.87 ? 'satisfied' : 'basically_satisfied') : st === 'second_supervision' ? 'unsatisfied' : null;
      const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
      push('id', id); push('number', `B${i}`); push('enterprise_id', firm.id); push('enterprise_name', firm.name); push('district_code', firm.district);
      push('category', CATEGORIES[ci]); push('channel', pick(['online', 'reception_day', 'forum', 'hotline', 'visit'])); push('title', `基准诉求${i}`);
      push('description', '基准数据'); push('terms', `{${termsFor(ci).join(',')}}`); push('state', st); push('state_since', iso(ans ?? acc ?? asg ?? received));
      push('level', 'department'); push('lead_department', lead); push('first_department', lead); push('merged_into', st === 'merged' ? ids[i - 10_000] : null);
      push('received_at', iso(received)); push('assigned_at', iso(asg)); push('first_assigned_at', iso(asg)); push('assigned_month', asg ? chinaDate(new Date(asg)).slice(0, 7) : null);
      push('accepted_at', iso(acc)); push('first_accepted_at', iso(acc)); push('accepted_on_time', acc ? chinaDate(new Date(acc)) <= acceptDue! : null);
      push('answered_at', iso(ans)); push('first_answered_at', iso(ans)); push('answered_on_time', ans ? chinaDate(new Date(ans)) <= answerDue! : null);
      push('handling_working_days', ans && asg ? cal.workingDaysBetween(chinaDate(new Date(asg)), chinaDate(new Date(ans))) : null);
      push('answer_kind', ans ? (rand() < 0.85 ? 'resolved' : rand() < 0.7 ? 'explained' : 'transferred') : null); push('answer_round', ans ? 1 + second : 0);
      push('rating', rating); push('rated_at', rating && ans ? iso(ans + DAY) : null); push('second_supervision_count', second);
      push('closed_at', st === 'closed' && ans ? iso(ans + DAY) : null); push('dispatch_due', dispatchDue); push('accept_due', acceptDue); push('progress_due', progressDue);
      push('answer_due', answerDue); push('second_due', secondDue); push('due_kind', due[0]); push('due_on', due[1]); push('created_at', iso(received));
    }
    const names = Object.keys(cols);
    const types: Record<string, string> = {
      id: 'uuid', enterprise_id: 'uuid', merged_into: 'uuid', state_since: 'timestamptz', received_at: 'timestamptz', assigned_at: 'timestamptz',
      first_assigned_at: 'timestamptz', accepted_at: 'timestamptz', first_accepted_at: 'timestamptz', answered_at: 'timestamptz', first_answered_at: 'timestamptz',
      rated_at: 'timestamptz', closed_at: 'timestamptz', created_at: 'timestamptz', accepted_on_time: 'boolean', answered_on_time: 'boolean',
      handling_working_days: 'int', answer_round: 'int', second_supervision_count: 'int', dispatch_due: 'date', accept_due: 'date', progress_due: 'date',
      answer_due: 'date', second_due: 'date', due_on: 'date',
    };
    await ds.query(
      `INSERT INTO appeal.appeals (${names.join(', ')}, updated_at)
       SELECT ${names.map((n) => (n === 'terms' ? 'terms::text[]' : n)).join(', ')}, created_at FROM unnest(${names.map((n, k) => `$${k + 1}::${types[n] ?? 'text'}[]`).join(', ')})
         AS u(${names.join(', ')})`,
      names.map((n) => cols[n]),
    );
    process.stdout.write(`\r${Math.min(N, from + BATCH).toLocaleString('en-US')} appeals`);
  }
  process.stdout.write('\n');
}

async function main(): Promise<void> {
  const db = await freshBenchDatabase(`bench_appeals_${process.pid}`);
  const config = loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'production', JWT_SECRET: 'bench-secret-bench-secret', PORT: '0' });
  @Module({ imports: [CoreModule.forRoot({ config, migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS, ...APPEAL_MIGRATIONS] }), AppealsModule] })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  const ds = app.get(DataSource);
  const rows: string[][] = [];
  try {
    await ds.query(`INSERT INTO core.departments (code, name) SELECT u, '基准部门' || u FROM unnest($1::text[]) AS u`, [DEPTS]);
    await app.get(CalendarRepository).set(HOLIDAYS.map((day) => ({ day, kind: 'holiday' as const, name: '节假日' })));
    const cal = await app.get(CalendarRepository).calendar();
    app.get(AppealClock).set(new Date(NOW));
    const t0 = performance.now();
    await generate(ds, cal);
    await ds.query(`VACUUM ANALYZE appeal.appeals`);
    const [{ size }] = await ds.query(`SELECT pg_size_pretty(pg_total_relation_size('appeal.appeals')) AS size`);
    console.log(`generated ${N.toLocaleString('en-US')} appeals in ${((performance.now() - t0) / 1000).toFixed(1)} s (${size} with indexes)`);

    // ── 1. monthly ranking of every department ──
    const ranking = app.get(RankingService);
    const months = Array.from({ length: 24 }, (_, i) => new Date(Date.UTC(2024, 11 + i, 15)).toISOString().slice(0, 7));
    const fast = await timeIt(RUNS, (i) => ranking.ranking(months[i % months.length], 'department'));
    const asOf = chinaDate(new Date(NOW));
    const naiveRanking = async (month: string) => {
      const rs: Array<{ lead_department: string; first_assigned_at: Date; first_accepted_at: Date | null; first_answered_at: Date | null; accept_due: string; answer_due: string;
        answer_kind: string | null; rating: string | null; second_supervision_count: number }> = await ds.query(
        `SELECT lead_department, first_assigned_at, first_accepted_at, first_answered_at, accept_due::text AS accept_due, answer_due::text AS answer_due, answer_kind, rating,
                second_supervision_count FROM appeal.appeals
         WHERE to_char((first_assigned_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM') = $1 AND state <> 'withdrawn' AND lead_department IS NOT NULL`, [month]);
      const by = new Map<string, { assigned: number; onTimeAccept: number; answered: number; due: number; onTime: number; resolved: number; rated: number; satisfied: number; second: number; days: number }>();
      for (const r of rs) {
        const g = by.get(r.lead_department) ?? { assigned: 0, onTimeAccept: 0, answered: 0, due: 0, onTime: 0, resolved: 0, rated: 0, satisfied: 0, second: 0, days: 0 };
        g.assigned++;
        if (r.first_accepted_at && chinaDate(new Date(r.first_accepted_at)) <= r.accept_due) g.onTimeAccept++;
        if (r.first_answered_at) {
          g.answered++;
          if (chinaDate(new Date(r.first_answered_at)) <= r.answer_due) g.onTime++;
          if (r.answer_kind === 'resolved') g.resolved++;
          g.days += cal.workingDaysBetween(chinaDate(new Date(r.first_assigned_at)), chinaDate(new Date(r.first_answered_at)));
        }
        if (r.first_answered_at || r.answer_due < asOf) g.due++;
        if (r.rating) g.rated++;
        if (r.rating === 'satisfied' || r.rating === 'basically_satisfied') g.satisfied++;
        g.second += r.second_supervision_count;
        by.set(r.lead_department, g);
      }
      return by;
    };
    const slow = await timeIt(Math.min(RUNS, 20), (i) => naiveRanking(months[i % months.length]));
    // the two must agree, department by department, on the last month measured
    const lastMonth = months[(RUNS - 1) % months.length];
    const check = await naiveRanking(lastMonth);
    const fastRows = (await ranking.ranking(lastMonth, 'department')).rows;
    const agree = fastRows.length === check.size && fastRows.every((r) => {
      const g = check.get(r.key)!;
      return g && g.assigned === r.assigned && g.onTimeAccept === r.acceptedOnTime && g.onTime === r.answeredOnTime && g.due === r.due && g.resolved === r.resolved
        && g.satisfied === r.satisfied && g.second === r.secondSupervisions && (r.averageWorkingDays === null || Math.abs(g.days / g.answered - r.averageWorkingDays) < 0.01);
    });
    rows.push(['monthly ranking, all 40 departments (one month)', ms(fast.p50), ms(fast.p95), `${(slow.p95 / fast.p95).toFixed(1)}× faster at p95`,
      `naive p50 ${ms(slow.p50)} · p95 ${ms(slow.p95)} (scan by month expression, flags and working days per row); ${fastRows.reduce((a, r) => a + r.assigned, 0).toLocaleString('en-US')} appeals in ${lastMonth}; results ${agree ? 'agree' : 'DIFFER'}; target p95 < 200 ms`]);

    // ── 2. similar appeals for a new appeal ──
    const similarity = app.get(SimilarityService);
    const firms: Array<{ enterprise_id: string }> = await ds.query(`SELECT enterprise_id FROM appeal.appeals ORDER BY number LIMIT $1`, [RUNS]);
    const queries = firms.map((f) => {
      const ci = weighted(CATEGORY_WEIGHTS);
      return { enterpriseId: f.enterprise_id, category: CATEGORIES[ci], terms: termsFor(ci), receivedAt: new Date(NOW) };
    });
    const sim = await timeIt(RUNS, (i) => similarity.find(queries[i]));
    const exhaustive = async (q: (typeof queries)[number]) => {
      const rs: Array<{ id: string; enterprise_id: string; category: string; terms: string[] }> = await ds.query(
        `SELECT id, enterprise_id, category, terms FROM appeal.appeals WHERE received_at >= $1 AND state <> 'merged' AND (enterprise_id = $2 OR category = $3)`,
        [new Date(NOW - 365 * DAY).toISOString(), q.enterpriseId, q.category]);
      return rs.map((r) => ({ id: r.id, score: termSimilarity(q.terms, r.terms), sameFirm: r.enterprise_id === q.enterpriseId }))
        .filter((x) => x.sameFirm || x.score >= 0.25).sort((a, b) => b.score - a.score).slice(0, 10);
    };
    const naiveSim = await timeIt(Math.min(RUNS, 20), (i) => exhaustive(queries[i]));
    let hit = 0;
    let total = 0;
    for (const q of queries.slice(0, 20)) {
      const exact = await exhaustive(q);
      const got = new Set((await similarity.find(q)).map((s) => s.id));
      const best = exact.filter((e) => e.score >= exact[Math.min(exact.length, 10) - 1]?.score);
      total += Math.min(10, exact.length);
      hit += Math.min(10, best.filter((e) => got.has(e.id)).length);
    }
    rows.push(['similar appeals for a new appeal', ms(sim.p50), ms(sim.p95), `${(naiveSim.p95 / sim.p95).toFixed(1)}× faster at p95`,
      `exhaustive scoring of the firm's and the category's year p50 ${ms(naiveSim.p50)} · p95 ${ms(naiveSim.p95)}; top-10 recall of the exhaustive ranking ${total ? ((hit / total) * 100).toFixed(0) : '—'}%; target p95 < 50 ms`]);

    // ── 3. the overdue list ──
    const supervision = app.get(AppealSupervisionService);
    const city: Principal = { id: uuid7(), username: 'bench', displayName: 'bench', role: 'supervisor', departmentCode: null, enterpriseId: null };
    const dept = (code: string): Principal => ({ id: uuid7(), username: code, displayName: code, role: 'dept_reviewer', departmentCode: code, enterpriseId: null });
    const who = [city, ...DEPTS.slice(0, 9).map(dept)];
    const od = await timeIt(RUNS, (i) => supervision.overdue(who[i % who.length], { page: 1 + (i % 3), pageSize: 50 }));
    const naiveOverdue = async () => {
      const rs: Array<{ id: string; state: string; received_at: Date; assigned_at: Date | null; last_progress_at: Date | null; answered_at: Date | null; category: string; extension_days: number }> =
        await ds.query(`SELECT id, state, received_at, assigned_at, last_progress_at, answered_at, category, extension_days FROM appeal.appeals WHERE state IN ('submitted','assigned','in_progress','second_supervision')`);
      const out: Array<{ id: string; due: string }> = [];
      for (const r of rs) {
        const answerDays = r.category === 'land' || r.category === 'legal' ? 22 : 10;
        const due = r.state === 'submitted' ? cal.addWorkingDays(chinaDate(new Date(r.received_at)), 3)
          : r.state === 'assigned' ? cal.addWorkingDays(chinaDate(new Date(r.assigned_at!)), 3)
            : r.state === 'in_progress' ? cal.addWorkingDays(chinaDate(new Date(r.assigned_at!)), answerDays + r.extension_days)
              : cal.addWorkingDays(chinaDate(new Date(r.answered_at!)), 10);
        if (due < asOf) out.push({ id: r.id, due });
      }
      out.sort((a, b) => a.due.localeCompare(b.due) || a.id.localeCompare(b.id));
      return { total: out.length, items: out.slice(0, 50) };
    };
    const naiveOd = await timeIt(Math.min(RUNS, 10), () => naiveOverdue());
    const cityTotal = (await supervision.overdue(city, { page: 1, pageSize: 50 })).total;
    rows.push(['overdue list (page of 50 with total; city and 9 departments)', ms(od.p50), ms(od.p95), `${(naiveOd.p95 / od.p95).toFixed(1)}× faster at p95`,
      `naive (every open appeal, deadline from the calendar) p50 ${ms(naiveOd.p50)} · p95 ${ms(naiveOd.p95)}; city total ${cityTotal.toLocaleString('en-US')} overdue, naive ${naiveOd.last.total.toLocaleString('en-US')} (${cityTotal === naiveOd.last.total ? 'agree' : 'DIFFER'}); target p95 < 100 ms`]);

    const header = ['measure', 'p50', 'p95', 'vs naive', 'detail'];
    const table = [`| ${header.join(' | ')} |`, '| --- | ---: | ---: | ---: | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    console.log(`\n${table}\n`);
    const md = `\n## bench:appeals — ${new Date().toISOString().slice(0, 10)}\n\n\`npm run bench:appeals${N !== 200_000 ? ` -- --appeals ${N}` : ''}\` (Node ${process.version}, ${process.platform}/${process.arch}, PostgreSQL on 127.0.0.1, one process, load average ${loadavg()[0].toFixed(1)} on the shared 2-core machine; ${N.toLocaleString('en-US')} appeals over two years, ${FIRMS.toLocaleString('en-US')} firms, 40 departments; ${RUNS} runs per measure, naive ones fewer)\n\n${table}\n`;
    if (process.argv.includes('--write')) appendFileSync(join(__dirname, '..', '..', '..', 'docs', 'benchmarks.md'), md);
  } finally {
    await app.close();
    if (process.argv.includes('--keep')) console.log(`kept ${db.url}`);
    else await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
