import fc from 'fast-check';
import { ENTERPRISE_FACTS } from '@app/contracts';
import { compileToSql, EvaluationContext, FactRegistry, ReferenceEvaluator, RuleCondition } from '@app/rules';
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
  }, 120_000);

  it('treats a missing fact as false under NOT, like the other evaluators', async () => {
    const ctx = { asOf: '2026-11-27' };
    const rule: RuleCondition = { not: { fact: 'revenue', operator: 'greaterThan', value: 0 } };
    const ids = await sqlIds(rule, ctx);
    const expected = profiles.flatMap((p, id) => (typeof p.revenue === 'number' && p.revenue > 0 ? [] : [id]));
    expect(ids).toEqual(expected);
  });
});
