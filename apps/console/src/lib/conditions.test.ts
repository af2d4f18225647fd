import { describe, expect, it } from 'vitest';
import { conditionSummary, parseCondition } from './conditions';

describe('parseCondition', () => {
  it('splits the fact, the firm’s own value and the requirement', () => {
    const line = parseCondition({ text: '营业收入 3,200万元，要求不低于 5,000万元 — 不满足', passed: false, missing: false });
    expect(line).toMatchObject({ label: '营业收入', own: '3,200万元', required: '要求不低于 5,000万元', passed: false, exclusion: false });
  });

  it('keeps commas inside a requirement list and marks exclusions', () => {
    const line = parseCondition({
      text: '企业标签 高新技术企业、专精特新，要求具有标签 科技型中小企业、瞪羚企业 中的任意一个 — 满足（排除条件：满足此项则不符合）',
      passed: true,
      missing: false,
    });
    expect(line.label).toBe('企业标签');
    expect(line.own).toBe('高新技术企业、专精特新');
    expect(line.required).toBe('要求具有标签 科技型中小企业、瞪羚企业 中的任意一个');
    expect(line.exclusion).toBe(true);
  });

  it('shows a missing value as 无数据', () => {
    const line = parseCondition({ text: '研发投入 未填报，要求高于 100万元 — 不满足', passed: false, missing: true });
    expect(line.own).toBe('无数据');
    expect(line.required).toBe('要求高于 100万元');
  });

  it('leaves a line of another shape whole', () => {
    const line = parseCondition({ text: '信用良好', passed: true, missing: false });
    expect(line).toMatchObject({ label: null, own: null, required: null, text: '信用良好', passed: true });
  });

  it('counts the met conditions', () => {
    const lines = [
      parseCondition({ text: 'a 1，要求为 1 — 满足', passed: true, missing: false }),
      parseCondition({ text: 'b 2，要求为 1 — 不满足', passed: false, missing: false }),
    ];
    expect(conditionSummary(lines)).toEqual({ met: 1, total: 2 });
  });
});
