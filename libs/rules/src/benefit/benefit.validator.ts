import type { FactRegistry } from '../facts/fact-registry';
import { isNumericFact } from '../facts/fact-registry';
import { RuleError, RuleValidationError } from '../rule/rule.errors';
import { BenefitFormula, MAX_TIERS } from './benefit.types';
import { parseRatePpm } from './rate';

export type BenefitValidationResult = { ok: true; formula: BenefitFormula } | { ok: false; errors: RuleError[] };

const KEYS: Record<string, readonly string[]> = {
  fixed: ['kind', 'amount', 'min', 'max'],
  rate: ['kind', 'fact', 'rate', 'min', 'max'],
  tiers: ['kind', 'fact', 'mode', 'tiers', 'min', 'max'],
};
const TIER_KEYS = new Set(['upTo', 'from', 'amount', 'rate']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFen = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Validates a formula against the registry; every problem has a JSON pointer and a Chinese message. */
export function validateBenefitFormula(input: unknown, registry: FactRegistry): BenefitValidationResult {
  const errors: RuleError[] = [];
  const fail = (pointer: string, code: string, message: string) => errors.push({ pointer, code, message });
  if (!isObject(input)) {
    fail('', 'FORMULA.MALFORMED', '补贴公式必须是对象');
    return { ok: false, errors };
  }
  const kind = input.kind;
  if (typeof kind !== 'string' || !(kind in KEYS) || !Object.prototype.hasOwnProperty.call(KEYS, kind)) {
    fail('/kind', 'FORMULA.UNKNOWN_KIND', '公式类型 kind 必须是 fixed（固定金额）、rate（按比例）或 tiers（分档）');
    return { ok: false, errors };
  }
  for (const key of Object.keys(input)) {
    if (!KEYS[kind].includes(key)) fail(`/${key}`, 'FORMULA.MALFORMED', `公式不支持属性“${key}”`);
  }
  const fen = (key: string, label: string, required: boolean) => {
    const v = input[key];
    if (v === undefined && !required) return;
    if (!isFen(v)) fail(`/${key}`, 'FORMULA.INVALID_AMOUNT', `${label}应为以分为单位的非负整数金额`);
  };
  fen('min', '保底金额', false);
  fen('max', '封顶金额', false);
  if (isFen(input.min) && isFen(input.max) && input.min > input.max) {
    fail('/min', 'FORMULA.MIN_EXCEEDS_MAX', '保底金额不能高于封顶金额');
  }

  const factOf = (moneyOnly: boolean) => {
    const key = input.fact;
    const def = typeof key === 'string' ? registry.get(key) : undefined;
    if (!def) {
      fail('/fact', 'FORMULA.UNKNOWN_FACT', `未知的计算依据“${String(key)}”`);
      return undefined;
    }
    if (moneyOnly ? def.type !== 'money' : !isNumericFact(def)) {
      fail('/fact', 'FORMULA.FACT_TYPE', `“${def.label}”不能作为${moneyOnly ? '按比例计算的金额' : '分档依据'}`);
    }
    return def;
  };
  const rate = (v: unknown, pointer: string) => {
    if (parseRatePpm(v) === undefined) fail(pointer, 'FORMULA.INVALID_RATE', '比例应为不超过 6 位小数的小数文本，如 "0.1" 表示 10%，且不超过 10');
  };

  if (kind === 'fixed') fen('amount', '固定金额', true);
  if (kind === 'rate') {
    factOf(true);
    rate(input.rate, '/rate');
  }
  if (kind === 'tiers') validateTiers(input, fail, factOf, rate);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, formula: JSON.parse(JSON.stringify(input)) as BenefitFormula };
}

export function assertValidBenefitFormula(input: unknown, registry: FactRegistry): BenefitFormula {
  const result = validateBenefitFormula(input, registry);
  if (!result.ok) throw new RuleValidationError(result.errors);
  return result.formula;
}

type Fail = (pointer: string, code: string, message: string) => void;

function validateTiers(
  input: Record<string, unknown>,
  fail: Fail,
  factOf: (moneyOnly: boolean) => unknown,
  rate: (v: unknown, pointer: string) => void,
): void {
  const mode = input.mode;
  if (mode !== 'bracketed' && mode !== 'progressive') {
    fail('/mode', 'FORMULA.MALFORMED', '分档方式 mode 必须是 bracketed（按所在档）或 progressive（超额累进）');
  }
  const tiers = input.tiers;
  if (!Array.isArray(tiers) || tiers.length === 0) {
    fail('/tiers', 'FORMULA.EMPTY_TIERS', '至少需要一个档位');
    factOf(false);
    return;
  }
  if (tiers.length > MAX_TIERS) {
    fail('/tiers', 'FORMULA.MALFORMED', `档位不能超过 ${MAX_TIERS} 个`);
    return;
  }
  const usesRate = tiers.some((t) => isObject(t) && t.rate !== undefined);
  factOf(usesRate || mode === 'progressive');
  const style = isObject(tiers[0]) && tiers[0].from !== undefined ? 'from' : 'upTo';
  let previous = -Infinity;
  tiers.forEach((tier: unknown, i) => {
    const at = `/tiers/${i}`;
    if (!isObject(tier)) {
      fail(at, 'FORMULA.MALFORMED', '档位必须是对象');
      return;
    }
    for (const key of Object.keys(tier)) if (!TIER_KEYS.has(key)) fail(`${at}/${key}`, 'FORMULA.MALFORMED', `档位不支持属性“${key}”`);
    const other = style === 'from' ? 'upTo' : 'from';
    if (tier[other] !== undefined) {
      fail(`${at}/${other}`, 'FORMULA.TIER_BOUNDS', '同一公式的档位须统一使用 upTo（上限）或 from（下限）');
    }
    const bound = tier[style];
    const lastUnbounded = style === 'upTo' && i === tiers.length - 1 && bound === undefined;
    if (!lastUnbounded) {
      if (typeof bound !== 'number' || !Number.isSafeInteger(bound)) {
        fail(`${at}/${style}`, 'FORMULA.TIER_BOUNDS', `档位${style === 'from' ? '下限' : '上限'}应为整数（金额以分计）`);
      } else if (bound <= previous) {
        fail(`${at}/${style}`, 'FORMULA.TIER_BOUNDS', '档位边界必须严格递增');
      } else previous = bound;
    }
    const hasAmount = tier.amount !== undefined;
    const hasRate = tier.rate !== undefined;
    if (hasAmount === hasRate) fail(at, 'FORMULA.TIER_VALUE', '每个档位须且只能指定 amount（金额）或 rate（比例）之一');
    else if (hasAmount && mode === 'progressive') fail(`${at}/amount`, 'FORMULA.TIER_VALUE', '超额累进档位只能按比例计算');
    else if (hasAmount && !isFen(tier.amount)) fail(`${at}/amount`, 'FORMULA.INVALID_AMOUNT', '档位金额应为以分为单位的非负整数');
    else if (hasRate) rate(tier.rate, `${at}/rate`);
  });
}
