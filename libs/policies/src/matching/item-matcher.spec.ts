import { readFileSync } from 'fs';
import { join } from 'path';
import yaml from 'js-yaml';
import { ColumnStore, EnterpriseProfile } from '@app/rules';
import { generateEnterprises } from '@app/enterprises';
import { factsOfInput } from '@app/enterprises/testing';
import type { ItemVersionView, PolicyDocument } from '../policy/policy.types';
import { ENTERPRISE_REGISTRY, factsUsed } from '../policy/policy.validation';
import { ItemMatcher, MatchOutcome } from './item-matcher';

const FILE = join(__dirname, '..', '..', '..', '..', 'config', 'policies', 'demo-policies.yaml');
const policies = (yaml.load(readFileSync(FILE, 'utf8'), { schema: yaml.JSON_SCHEMA }) as { policies: PolicyDocument[] }).policies;
const profiles = [...generateEnterprises({ count: 3000, seed: 7 })].map((e) => factsOfInput(e) as unknown as EnterpriseProfile);

function view(it: PolicyDocument['items'][number], i: number): ItemVersionView {
  return {
    ...it, id: `v${i}`, itemId: `i${i}`, itemCode: it.code, policyId: 'p', version: 1, status: 'published', ownerDepartment: 'kjj',
    factsUsed: factsUsed(it.rule), changeNote: null, createdBy: 'a', submittedBy: 'a', reviewedBy: 'b', reviewComment: null,
    publishedAt: null, retiredAt: null,
  } as ItemVersionView;
}

const strip = ({ facts: _facts, ...rest }: MatchOutcome): Omit<MatchOutcome, 'facts'> => rest;

describe('ItemMatcher.evaluateStore (column-at-a-time bulk path)', () => {
  const store = ColumnStore.fromProfiles(ENTERPRISE_REGISTRY, profiles, profiles.length);
  const items = policies.flatMap((p) => p.items);

  it.each(items.map((it, i) => [it.code, it, i] as const))('%s: same eligible and near-miss outcomes as evaluate() per profile', (_code, it, i) => {
    const matcher = new ItemMatcher(view(it, i), '2026-06-30');
    const rowWise = new Map<number, Omit<MatchOutcome, 'facts'>>();
    profiles.forEach((p, row) => {
      const o = matcher.evaluate(p);
      if (o) rowWise.set(row, strip(o));
    });
    const bulk = new Map<number, Omit<MatchOutcome, 'facts'>>();
    matcher.evaluateStore(store, profiles, (row, o) => {
      expect(bulk.has(row)).toBe(false);
      expect(o.facts).toEqual({}); // bulk rows record the profile version; the facts stay in the profile history
      bulk.set(row, strip(o));
    });
    expect(bulk).toEqual(rowWise);
  });

  it('the demo data exercises both outcomes', () => {
    const counts = { eligible: 0, near_miss: 0 };
    items.forEach((it, i) => new ItemMatcher(view(it, i), '2026-06-30').evaluateStore(store, profiles, (_r, o) => counts[o.outcome]++));
    expect(counts.eligible).toBeGreaterThan(100);
    expect(counts.near_miss).toBeGreaterThan(10);
  });
});
