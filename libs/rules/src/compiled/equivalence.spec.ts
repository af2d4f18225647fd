import fc from 'fast-check';
import { ENTERPRISE_FACTS } from '@app/contracts';
import { ColumnStore } from '../columnar/column-store';
import { evaluateColumnar } from '../columnar/columnar.evaluator';
import { hasRow } from '../columnar/bitset';
import { FactRegistry } from '../facts/fact-registry';
import { ReferenceEvaluator } from '../reference/reference.evaluator';
import { validateRule } from '../rule/rule.validator';
import { contextArb, profileArb, ruleArb } from '../testing/rule-arbitraries';
import { compileRule } from './compile';

const registry = new FactRegistry(ENTERPRISE_FACTS);

describe('compiled and columnar evaluators ≡ json-rules-engine reference', () => {
  it('generated rules are valid (otherwise the equivalence below proves little)', () => {
    fc.assert(
      fc.property(ruleArb(registry, 3), (rule) => {
        const result = validateRule(rule, registry);
        expect(result.ok ? [] : result.errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('compiled ≡ reference on random rules × random profiles (missing and boundary values included)', async () => {
    let trueCount = 0;
    let total = 0;
    await fc.assert(
      fc.asyncProperty(ruleArb(registry, 3), fc.array(profileArb(registry), { minLength: 1, maxLength: 8 }), contextArb(), async (rule, profiles, ctx) => {
        const reference = new ReferenceEvaluator(rule, registry, ctx);
        const compiled = compileRule(rule, registry, ctx);
        for (const profile of profiles) {
          const expected = await reference.evaluate(profile);
          total += 1;
          if (expected) trueCount += 1;
          expect(compiled(profile)).toBe(expected);
        }
      }),
      { numRuns: 400 },
    );
    // Guard against a generator that makes every rule false: the test would then prove nothing.
    expect(trueCount / total).toBeGreaterThan(0.15);
    expect(trueCount / total).toBeLessThan(0.85);
  });

  it('columnar ≡ reference on random rules over a random column store', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(ruleArb(registry, 3), { minLength: 1, maxLength: 5 }),
        fc.array(profileArb(registry), { minLength: 1, maxLength: 70 }),
        contextArb(),
        async (rules, profiles, ctx) => {
          // Tiny initial capacity so appends exercise growth across word boundaries.
          const store = new ColumnStore(registry, 1);
          profiles.forEach((p) => store.append(p));
          for (const rule of rules) {
            const reference = new ReferenceEvaluator(rule, registry, ctx);
            const bits = evaluateColumnar(rule, store, ctx);
            for (let row = 0; row < profiles.length; row += 1) {
              expect(hasRow(bits, row)).toBe(await reference.evaluate(profiles[row]));
            }
            // No bits past the last row.
            for (let row = profiles.length; row < bits.length * 32; row += 1) expect(hasRow(bits, row)).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('columnar stays ≡ reference after rows are updated in place', async () => {
    await fc.assert(
      fc.asyncProperty(
        ruleArb(registry, 3),
        fc.array(fc.tuple(profileArb(registry), profileArb(registry)), { minLength: 1, maxLength: 40 }),
        contextArb(),
        async (rule, pairs, ctx) => {
          const store = ColumnStore.fromProfiles(registry, pairs.map(([before]) => before));
          pairs.forEach(([, after], row) => store.update(row, after));
          const reference = new ReferenceEvaluator(rule, registry, ctx);
          const bits = evaluateColumnar(rule, store, ctx);
          for (let row = 0; row < pairs.length; row += 1) expect(hasRow(bits, row)).toBe(await reference.evaluate(pairs[row][1]));
        },
      ),
      { numRuns: 100 },
    );
  });
});
