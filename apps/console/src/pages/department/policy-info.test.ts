import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { buildPolicyPatch, fieldErrors, policyInfoValues } from './policy-info';
import type { PolicyView } from '../../api/types';

const policy = (extra: Partial<PolicyView> = {}): PolicyView => ({
  id: 'p1', code: 'KJ-1', title: '郑州市支持企业研发投入若干措施', docNumber: '郑科〔2026〕1号', ownerDepartment: 'kjj', level: 'municipal', category: 'subsidy',
  tags: ['研发'], effectiveFrom: '2026-01-01', effectiveTo: '2028-12-31', publishDate: '2026-01-01', isDemo: false, fullText: '对研发费用给予补助。\n',
  sourceUrl: null, revision: 3, updatedAt: '2026-12-01T00:00:00.000Z', items: [], ...extra,
});

describe('编辑政策信息: the partial edit', () => {
  it('an untouched form sends nothing (no field differs from the policy as read)', () => {
    const p = policy({ interpretation: '解读', faq: [{ question: '问', answer: '答' }] });
    expect(buildPolicyPatch(p, policyInfoValues(p))).toEqual({});
    // a policy without 解读/FAQ/source reads the same way
    expect(buildPolicyPatch(policy(), policyInfoValues(policy()))).toEqual({});
  });

  it('sends only the changed fields, as the API stores them', () => {
    const p = policy();
    const v = policyInfoValues(p);
    const patch = buildPolicyPatch(p, {
      ...v,
      title: '  郑州市支持企业研发投入若干措施（修订）  ',
      docNumber: '   ', // emptied: cleared
      tags: ['研发', ' 创新券 ', '研发', ''],
      effective: [dayjs('2026-01-01'), null], // the end removed: 长期
      faq: [{ question: ' 研发费用以什么为准？ ', answer: '以税务部门确认的数额为准。' }, { question: '', answer: '' }],
    });
    expect(patch).toEqual({
      title: '郑州市支持企业研发投入若干措施（修订）',
      docNumber: null,
      tags: ['研发', '创新券'],
      effectiveTo: null,
      faq: [{ question: '研发费用以什么为准？', answer: '以税务部门确认的数额为准。' }],
    });
  });

  it('dates go as YYYY-MM-DD; whitespace around the full text is no edit, a changed text is', () => {
    const p = policy();
    const v = policyInfoValues(p);
    expect(buildPolicyPatch(p, { ...v, publishDate: dayjs('2026-02-03'), effective: [dayjs('2025-07-01'), dayjs('2030-12-31')] }))
      .toEqual({ publishDate: '2026-02-03', effectiveFrom: '2025-07-01', effectiveTo: '2030-12-31' });
    expect(buildPolicyPatch(p, { ...v, fullText: '对研发费用给予补助。' })).toEqual({});
    expect(buildPolicyPatch(p, { ...v, fullText: '对研发费用给予补助，最高 50 万元。' })).toEqual({ fullText: '对研发费用给予补助，最高 50 万元。' });
    expect(buildPolicyPatch(p, { ...v, publishDate: null })).toEqual({ publishDate: null });
  });

  it("places the API's field problems at the form's fields", () => {
    expect(fieldErrors({ errors: [
      { pointer: '/changes/effectiveTo', code: 'POLICY.INVALID_WINDOW', message: '失效日期早于生效日期' },
      { pointer: '/changes/faq/1', code: 'POLICY.INVALID_FAQ', message: '每条常见问题须有问题和回答' },
      { pointer: '/changes/title', code: 'POLICY.INVALID_TITLE', message: '政策标题应为 4–300 字' },
      { pointer: '/other', code: 'X.Y', message: '不是字段' },
    ] })).toEqual([
      { name: 'effective', errors: ['失效日期早于生效日期'] },
      { name: 'faq', errors: ['每条常见问题须有问题和回答'] },
      { name: 'title', errors: ['政策标题应为 4–300 字'] },
    ]);
    expect(fieldErrors(undefined)).toEqual([]);
  });
});
