/**
 * The numeric thresholds of a policy item's rule (申报条件), for the sandbox's sliders: each leaf
 * `{fact, operator, value: number}` with its JSON pointer, and the JSON Patch that moves the ones a
 * leader changed. The API resolves the pointers against the same rule (`overrides.rule`).
 */

export interface Threshold {
  /** JSON pointer into the rule, e.g. `/all/0/value`. */
  pointer: string;
  fact: string;
  operator: string;
  value: number;
}

export interface PatchOperation {
  op: 'replace';
  path: string;
  value: number;
}

const NUMERIC_OPERATORS = new Set(['greaterThan', 'greaterThanInclusive', 'lessThan', 'lessThanInclusive', 'equal', 'notEqual', 'yearsSinceAtLeast', 'yearsSinceLessThan']);

/** Every numeric threshold of the rule, in document order. Unknown shapes are skipped, never thrown. */
export function numericThresholds(rule: unknown): Threshold[] {
  const out: Threshold[] = [];
  const walk = (node: unknown, at: string) => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    for (const group of ['all', 'any'] as const) {
      if (Array.isArray(n[group])) (n[group] as unknown[]).forEach((c, i) => walk(c, `${at}/${group}/${i}`));
    }
    if ('not' in n) walk(n.not, `${at}/not`);
    if (typeof n.fact === 'string' && typeof n.operator === 'string' && typeof n.value === 'number' && Number.isFinite(n.value)) {
      if (NUMERIC_OPERATORS.has(n.operator)) out.push({ pointer: `${at}/value`, fact: n.fact, operator: n.operator, value: n.value });
    }
  };
  walk(rule, '');
  return out;
}

/** Replace operations for the thresholds whose value differs from the base (stable order: the rule's). */
export function thresholdPatch(base: readonly Threshold[], values: Readonly<Record<string, number>>): PatchOperation[] {
  return base.filter((t) => values[t.pointer] !== undefined && values[t.pointer] !== t.value).map((t) => ({ op: 'replace', path: t.pointer, value: values[t.pointer] }));
}

/**
 * Slider range for a threshold: from 0 to three times the base (at least 10), in steps that give
 * about 100 positions, rounded to a 1-2-5 step so the values read well.
 */
export function sliderRange(base: number): { min: number; max: number; step: number } {
  const max = Math.max(10, Math.abs(base) * 3);
  const raw = max / 100;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
  const integerStep = Math.max(1, Math.round(step));
  return { min: 0, max: Math.ceil(max / integerStep) * integerStep, step: integerStep };
}

const OPERATOR_TEXT: Record<string, string> = {
  greaterThan: '>', greaterThanInclusive: '≥', lessThan: '<', lessThanInclusive: '≤', equal: '=', notEqual: '≠', yearsSinceAtLeast: '已满（年）', yearsSinceLessThan: '未满（年）',
};

export function operatorText(op: string): string {
  return OPERATOR_TEXT[op] ?? op;
}
