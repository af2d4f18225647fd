/**
 * The platform explains each condition of an item in one line (libs/rules explain.ts):
 *
 *   营业收入 3,200万元，要求不低于 5,000万元 — 不满足
 *   企业标签 高新技术企业，要求具有标签 专精特新 — 不满足（排除条件：满足此项则不符合）
 *
 * The enterprise's item page shows it as a check list: ✔/✘, the fact, the firm's own value and the
 * required value side by side. Lines of another shape are shown whole.
 */
export interface ConditionLine {
  passed: boolean;
  /** The firm has no value for the fact (shown as 无数据). */
  missing: boolean;
  /** 排除条件: the line sits under a `not` — meeting it disqualifies. */
  exclusion: boolean;
  label: string | null;
  own: string | null;
  required: string | null;
  text: string;
}

const EXCLUSION = /（排除条件[^）]*）\s*$/;
const LINE = /^(\S+)\s+(.*?)，(要求.*?)\s+—\s+(满足|不满足)$/;

export function parseCondition(reason: { text: string; passed: boolean; missing: boolean }): ConditionLine {
  const exclusion = EXCLUSION.test(reason.text);
  const body = reason.text.replace(EXCLUSION, '').trim();
  const m = LINE.exec(body);
  const base = { passed: reason.passed, missing: reason.missing, exclusion, text: reason.text };
  if (!m) return { ...base, label: null, own: null, required: null };
  const [, label, own, required] = m;
  return { ...base, label, own: reason.missing || own === '' ? '无数据' : own, required };
}

/** How many conditions are met, for the heading of the list ("满足 3 / 4 项"). */
export function conditionSummary(lines: readonly ConditionLine[]): { met: number; total: number } {
  return { met: lines.filter((l) => l.passed).length, total: lines.length };
}
