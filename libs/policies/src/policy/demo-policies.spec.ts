import { readFileSync } from 'fs';
import { join } from 'path';
import yaml from 'js-yaml';
import { BenefitFormula, compileRule, CUSTOM_OPERATORS, isAll, isAny, isLeaf, RuleCondition, STANDARD_OPERATORS } from '@app/rules';
import { DEMO_TAGS, isKnownDistrict, isValidIndustryCode, DEMO_DEPARTMENTS, DEMO_AS_OF, generateEnterprises } from '@app/enterprises';
import { CASH_OUT_MODES, CashOutMode, PolicyDocument } from './policy.types';
import { ENTERPRISE_REGISTRY, factsUsed, FieldProblem, validateItemContent, validatePolicyMeta } from './policy.validation';

/**
 * The demo policy set in config/policies/demo-policies.yaml (loaded by the demo seed). Checks that
 * it imports cleanly and that it demonstrates what the platform can do: every cash-out mode, formula
 * kind and rule operator, every department, 不重复享受 groups and an expired item.
 */
const FILE = join(__dirname, '..', '..', '..', '..', 'config', 'policies', 'demo-policies.yaml');
const text = readFileSync(FILE, 'utf8');
const loaded = yaml.load(text, { schema: yaml.JSON_SCHEMA }) as { policies: PolicyDocument[] };
const policies = loaded.policies;
const items = policies.flatMap((p) => p.items.map((it) => ({ ...it, policy: p })));

const ALL_OPERATORS = [...STANDARD_OPERATORS, ...CUSTOM_OPERATORS];

interface Walk {
  operators: Set<string>;
  leaves: Array<{ fact: string; operator: string; value: unknown }>;
  groupsUnder: { any: number; not: number };
}

/** Collects operators and leaves; counts `any`/`not` groups that sit inside another group. */
function walk(rule: RuleCondition, out: Walk, depth = 0): Walk {
  if (isLeaf(rule)) {
    out.operators.add(rule.operator);
    out.leaves.push(rule);
  } else if (isAll(rule)) rule.all.forEach((c) => walk(c, out, depth + 1));
  else if (isAny(rule)) {
    if (depth > 0) out.groupsUnder.any += 1;
    rule.any.forEach((c) => walk(c, out, depth + 1));
  } else {
    if (depth > 0) out.groupsUnder.not += 1;
    walk(rule.not, out, depth + 1);
  }
  return out;
}

const walked = items.map((it) => ({ code: it.code, ...walk(it.rule, { operators: new Set(), leaves: [], groupsUnder: { any: 0, not: 0 } }) }));

function formulaKind(f: BenefitFormula): string[] {
  const kinds: string[] = [f.kind];
  if (f.kind === 'tiers') kinds.push(`tiers:${f.mode}`);
  if (f.kind === 'rate' && f.max !== undefined) kinds.push('rate+max');
  if (f.kind === 'rate' && f.min !== undefined) kinds.push('rate+min');
  return kinds;
}

const count = <T extends string>(xs: T[]): Record<string, number> => xs.reduce((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {} as Record<string, number>);

describe('demo policies (config/policies/demo-policies.yaml)', () => {
  it('is a { policies: [...] } document of about 30 policies', () => {
    expect(Array.isArray(policies)).toBe(true);
    expect(policies.length).toBeGreaterThanOrEqual(28);
    expect(policies.length).toBeLessThanOrEqual(35);
    for (const p of policies) {
      expect(Array.isArray(p.items)).toBe(true);
      expect(p.items.length).toBeGreaterThanOrEqual(1);
      expect(p.items.length).toBeLessThanOrEqual(3);
    }
  });

  it('says at the top that it is demo data, not real policy', () => {
    const head = text.split('\n').slice(0, 10).join('\n');
    expect(head).toMatch(/^#/);
    expect(head).toContain('演示数据');
    expect(head).toContain('不是任何真实政策');
  });

  it('passes validatePolicyMeta and validateItemContent with no problems', () => {
    const problems: FieldProblem[] = [];
    policies.forEach((p, i) => {
      problems.push(...validatePolicyMeta(p, `/${p.code ?? i}`));
      p.items.forEach((it) => problems.push(...validateItemContent(it, `/${p.code}/${it.code}`)));
    });
    // toEqual([]) prints every problem (pointer, code, Chinese message) when it fails.
    expect(problems).toEqual([]);
  });

  it('has unique policy and item codes, item codes prefixed by their policy code', () => {
    const codes = [...policies.map((p) => p.code), ...items.map((it) => it.code)];
    const dupes = codes.filter((c, i) => codes.indexOf(c) !== i);
    expect(dupes).toEqual([]);
    for (const it of items) expect(it.code.startsWith(`${it.policy.code}-`)).toBe(true);
    for (const p of policies) expect(p.code).toMatch(/^DEMO-[A-Z]{2}-\d{3}$/);
  });

  it('marks every policy as demo: isDemo and a title ending with （演示）', () => {
    const notDemo = policies.filter((p) => p.isDemo !== true || !p.title.endsWith('（演示）')).map((p) => p.code);
    expect(notDemo).toEqual([]);
    for (const p of policies) {
      expect(p.sourceUrl).toMatch(/^https:\/\/example\.gov\.cn\//);
      expect(p.docNumber).toContain('演示');
    }
  });

  it('is owned by the demo departments, every one of them', () => {
    const known = new Set<string>(DEMO_DEPARTMENTS.map((d) => d.code));
    expect(policies.filter((p) => !known.has(p.ownerDepartment)).map((p) => p.code)).toEqual([]);
    expect(new Set(policies.map((p) => p.ownerDepartment))).toEqual(known);
  });

  it('covers levels and categories', () => {
    const levels = count(policies.map((p) => p.level));
    expect(levels.municipal).toBeGreaterThan(policies.length / 2);
    expect(levels.provincial).toBeGreaterThanOrEqual(1);
    expect(levels.county).toBeGreaterThanOrEqual(1);
    expect(Object.keys(count(policies.map((p) => p.category))).sort()).toEqual(['qualification', 'reduction', 'service', 'subsidy']);
  });

  it('uses all four cash-out modes, with at least 8 免申即享 items', () => {
    const modes = count(items.map((it) => it.mode));
    for (const m of CASH_OUT_MODES) expect(modes[m] ?? 0).toBeGreaterThan(0);
    expect(modes.no_application).toBeGreaterThanOrEqual(8);
  });

  it('keeps materials and application windows consistent with the mode', () => {
    const bad: string[] = [];
    const expectMaterials: Record<CashOutMode, [number, number]> = { no_application: [0, 0], instant: [1, 3], application: [3, 5], commitment: [2, 4] };
    for (const it of items) {
      const [lo, hi] = expectMaterials[it.mode];
      if (it.materials.length < lo || it.materials.length > hi) bad.push(`${it.code}: ${it.materials.length} materials for ${it.mode}`);
      const windowed = it.applyFrom !== null && it.applyTo !== null;
      if (it.mode === 'no_application' ? it.applyFrom !== null || it.applyTo !== null : !windowed) bad.push(`${it.code}: apply window for ${it.mode}`);
      if (it.effectiveFrom < it.policy.effectiveFrom) bad.push(`${it.code}: item starts before its policy`);
      if (it.policy.effectiveTo && (!it.effectiveTo || it.effectiveTo > it.policy.effectiveTo)) bad.push(`${it.code}: item outlives its policy`);
      if (it.applyTo && it.effectiveTo && it.applyTo > it.effectiveTo) bad.push(`${it.code}: window ends after the item expires`);
    }
    expect(bad).toEqual([]);
  });

  it('uses every formula kind: fixed, rate with max, rate with min, bracketed and progressive tiers', () => {
    const kinds = new Set(items.flatMap((it) => formulaKind(it.formula)));
    for (const k of ['fixed', 'rate', 'rate+max', 'rate+min', 'tiers', 'tiers:bracketed', 'tiers:progressive']) expect(kinds).toContain(k);
  });

  it('uses every rule operator, and nests any/not inside groups', () => {
    const used = new Set(walked.flatMap((w) => [...w.operators]));
    expect(ALL_OPERATORS.filter((op) => !used.has(op))).toEqual([]);
    expect(walked.some((w) => w.groupsUnder.any > 0)).toBe(true);
    expect(walked.some((w) => w.groupsUnder.not > 0)).toBe(true);
  });

  it('excludes 失信 firms in every rule (creditStatus equal good or notEqual dishonest)', () => {
    const lax = walked
      .filter((w) => !w.leaves.some((l) => l.fact === 'creditStatus' && ((l.operator === 'equal' && l.value === 'good') || (l.operator === 'notEqual' && l.value === 'dishonest'))))
      .map((w) => w.code);
    expect(lax).toEqual([]);
  });

  it('refers only to tags, districts and industries of the catalogues', () => {
    const tagCodes = new Set(DEMO_TAGS.map((t) => t.code));
    const bad: string[] = [];
    for (const w of walked) {
      for (const l of w.leaves) {
        const values = (Array.isArray(l.value) ? l.value : [l.value]).map(String);
        if (l.fact === 'tags') bad.push(...values.filter((v) => !tagCodes.has(v)).map((v) => `${w.code}: tag ${v}`));
        if (l.fact === 'districtCode') bad.push(...values.filter((v) => !isKnownDistrict(v)).map((v) => `${w.code}: district ${v}`));
        if (l.fact === 'industryCode') bad.push(...values.filter((v) => !isValidIndustryCode(v)).map((v) => `${w.code}: industry ${v}`));
      }
    }
    expect(bad).toEqual([]);
  });

  it('shares at least one 不重复享受 group between items, across policies too', () => {
    const groups = new Map<string, typeof items>();
    for (const it of items) if (it.exclusionGroup) groups.set(it.exclusionGroup, [...(groups.get(it.exclusionGroup) ?? []), it]);
    const shared = [...groups.values()].filter((g) => g.length >= 2);
    expect(shared.length).toBeGreaterThanOrEqual(1);
    expect(shared.some((g) => new Set(g.map((it) => it.policy.code)).size >= 2)).toBe(true);
    // A lone group member excludes nothing: every group used should be shared.
    expect([...groups.entries()].filter(([, g]) => g.length < 2).map(([k]) => k)).toEqual([]);
  });

  it('has an item that expired before the demo date, to show expiry', () => {
    expect(items.some((it) => it.effectiveTo !== null && it.effectiveTo < DEMO_AS_OF)).toBe(true);
  });

  it('cites clauses that appear in the policy text, and names its items in it', () => {
    const bad: string[] = [];
    for (const it of items) {
      const article = /^第[一二三四五六七八九十]+条/.exec(it.clause ?? '')?.[0];
      if (!article || !it.policy.fullText.includes(article)) bad.push(`${it.code}: clause ${it.clause}`);
      if (!it.policy.fullText.includes(it.name)) bad.push(`${it.code}: name ${it.name} not in fullText`);
    }
    expect(bad).toEqual([]);
  });

  it('matches a realistic share of the generated demo firms', () => {
    const firms = [...generateEnterprises({ count: 20_000, seed: 20261127 })];
    const shares = new Map<string, number>();
    for (const it of items) {
      const pred = compileRule(it.rule, ENTERPRISE_REGISTRY, { asOf: DEMO_AS_OF });
      let n = 0;
      for (const f of firms) if (pred(f as unknown as Record<string, unknown>)) n += 1;
      shares.set(it.code, n / firms.length);
    }
    const entries = [...shares.entries()];
    // Every item has someone to match; only a few broad ones (稳岗返还, 六税两费…) reach most firms.
    expect(entries.filter(([, s]) => s === 0).map(([c]) => c)).toEqual([]);
    expect(entries.filter(([, s]) => s > 0.5).length).toBeLessThanOrEqual(3);
    const typical = entries.filter(([, s]) => s >= 0.001 && s <= 0.15).length;
    expect(typical / entries.length).toBeGreaterThanOrEqual(0.7);
  });

  it('uses facts every rule can read (factsUsed is not empty)', () => {
    for (const it of items) expect(factsUsed(it.rule).length).toBeGreaterThan(0);
  });
});
