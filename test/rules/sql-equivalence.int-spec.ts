import fc from 'fast-check';
import { daysInMonth, ENTERPRISE_FACTS, isLeapYear } from '@app/contracts';
import { compileRule, compileToSql, EvaluationContext, FactRegistry, LeafCondition, ReferenceEvaluator, RuleCondition } from '@app/rules';
import { contextArb, profileArb, ruleArb } from '@app/rules/testing';
import { describeWhen } from '../support/requires';
import { createScratchDatabase, postgresReachable, ScratchDatabase } from './support/pg-database';

const registry = new FactRegistry(ENTERPRISE_FACTS);
const reachable = postgresReachable();

const PROFILE_COUNT = 300;
const RULE_COUNT = 300;

/** Mirrors the target table `enterprise.enterprises`; every fact column is nullable. */
const CREATE_TABLE = `
  CREATE SCHEMA enterprise;
  CREATE TABLE enterprise.enterprises (
    id integer PRIMARY KEY,
    name text, district_code text, industry_code text, scale text, established_on date,
    registered_capital bigint, employees integer, revenue bigint, tax_paid bigint, rd_expense bigint,
    exports bigint, rd_intensity double precision, revenue_growth double precision, tags text[],
    credit_status text, is_listed boolean
  )`;

describeWhen({ met: reachable, reason: 'PostgreSQL is unreachable (DATABASE_URL / 127.0.0.1:5432)' }, 'SQL WHERE ≡ reference evaluator on PostgreSQL', () => {
  let db: ScratchDatabase;
  const profiles = fc.sample(profileArb(registry), { numRuns: PROFILE_COUNT, seed: 20261127 });

  beforeAll(async () => {
    db = await createScratchDatabase();
    await db.client.query(CREATE_TABLE);
    const defs = registry.all();
    const columns = defs.map((d) => `"${d.column}"`).join(', ');
    const placeholders = defs.map((_, i) => `$${i + 2}`).join(', ');
    for (const [id, profile] of profiles.entries()) {
      await db.client.query(`INSERT INTO enterprise.enterprises (id, ${columns}) VALUES ($1, ${placeholders})`, [
        id,
        ...defs.map((d) => profile[d.key] ?? null),
      ]);
    }
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  async function sqlIds(rule: RuleCondition, ctx: EvaluationContext, offset = 0): Promise<number[]> {
    const { where, params } = compileToSql(rule, registry, ctx, { paramOffset: offset, tableAlias: 'e' });
    // `offset` leading parameters stand in for the surrounding query's own (e.g. a policy id).
    const leading = Array.from({ length: offset }, (_, i) => `$${i + 1}::int = 0`);
    const sql = `SELECT e.id FROM enterprise.enterprises e WHERE ${[...leading, where].join(' AND ')} ORDER BY e.id`;
    const result = await db.client.query<{ id: number }>(sql, [...leading.map(() => 0), ...params]);
    return result.rows.map((r) => r.id);
  }

  it('matches the same firms as json-rules-engine for random rules', async () => {
    const cases = fc.sample(fc.tuple(ruleArb(registry, 3), contextArb(), fc.integer({ min: 0, max: 3 })), { numRuns: RULE_COUNT, seed: 42 });
    let nonEmpty = 0;
    for (const [rule, ctx, offset] of cases) {
      const reference = new ReferenceEvaluator(rule, registry, ctx);
      const expected: number[] = [];
      for (const [id, profile] of profiles.entries()) if (await reference.evaluate(profile)) expected.push(id);
      const actual = await sqlIds(rule, ctx, offset);
      if (expected.length > 0) nonEmpty += 1;
      expect({ rule, ctx, ids: actual }).toEqual({ rule, ctx, ids: expected });
    }
    // The comparison means something only if plenty of rules select someone.
    expect(nonEmpty).toBeGreaterThan(RULE_COUNT * 0.3);
  }, 600_000); // 300 rules × a query each: minutes on a loaded 2-core machine (no timing is asserted)

  it('成立满N年 for leap-day founders: SQL ≡ reference ≡ compiled ≡ the Civil Code rule (anniversary of 29 Feb is 28 Feb)', async () => {
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const years = [1999, 2000, 2019, 2020, 2021, 2023, 2024, 2025, 2096, 2100];
    const founded = years.flatMap((y) => [`${y}-02-27`, `${y}-02-28`, ...(isLeapYear(y) ? [`${y}-02-29`] : []), `${y}-03-01`]);
    const offset = 10_000;
    for (const [i, day] of founded.entries()) {
      await db.client.query(`INSERT INTO enterprise.enterprises (id, established_on) VALUES ($1, $2)`, [offset + i, day]);
    }
    const anniversaryReached = (established: string, n: number, asOf: string) => {
      const [y, m, d] = established.split('-').map(Number);
      return `${pad(y + n, 4)}-${pad(m)}-${pad(Math.min(d, daysInMonth(y + n, m)))}` <= asOf;
    };
    const cases = fc.sample(fc.tuple(fc.constantFrom(...founded), fc.integer({ min: 0, max: 8 }), fc.constantFrom('yearsSinceAtLeast', 'yearsSinceLessThan') as fc.Arbitrary<'yearsSinceAtLeast' | 'yearsSinceLessThan'>), { numRuns: 120, seed: 229 });
    try {
      for (const [asOf, n, operator] of cases) {
        const rule: LeafCondition = { fact: 'establishedOn', operator, value: n };
        const ctx = { asOf };
        const expected = founded.flatMap((day, i) => (anniversaryReached(day, n, asOf) === (operator === 'yearsSinceAtLeast') ? [offset + i] : []));
        const reference: number[] = [];
        const compiled = compileRule(rule, registry, ctx);
        const evaluator = new ReferenceEvaluator(rule, registry, ctx);
        for (const [i, day] of founded.entries()) {
          const r = await evaluator.evaluate({ establishedOn: day });
          expect({ day, asOf, n, operator, compiled: compiled({ establishedOn: day }) }).toEqual({ day, asOf, n, operator, compiled: r });
          if (r) reference.push(offset + i);
        }
        const sql = (await sqlIds(rule, ctx)).filter((id) => id >= offset);
        expect({ asOf, n, operator, sql, reference }).toEqual({ asOf, n, operator, sql: expected, reference: expected });
      }
    } finally {
      await db.client.query(`DELETE FROM enterprise.enterprises WHERE id >= $1`, [offset]);
    }
  });

  it('treats a missing fact as false under NOT, like the other evaluators', async () => {
    const ctx = { asOf: '2026-11-27' };
    const rule: RuleCondition = { not: { fact: 'revenue', operator: 'greaterThan', value: 0 } };
    const ids = await sqlIds(rule, ctx);
    const expected = profiles.flatMap((p, id) => (typeof p.revenue === 'number' && p.revenue > 0 ? [] : [id]));
    expect(ids).toEqual(expected);
  });
});
