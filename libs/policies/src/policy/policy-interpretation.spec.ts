import { validatePolicyMeta } from './policy.validation';

const meta = { code: 'P-1', title: '研发补助办法', level: 'municipal', category: 'subsidy', effectiveFrom: '2026-01-01' } as const;

describe('政策解读 and 常见问题 on a policy', () => {
  it('accepts a reading and questions with answers', () => {
    expect(validatePolicyMeta({ ...meta, interpretation: '本办法……', faq: [{ question: '研发费用以什么为准？', answer: '以税务部门确认的数额为准。' }] })).toEqual([]);
  });

  it('points at a question without an answer, a list that is not one, and an oversized reading', () => {
    expect(validatePolicyMeta({ ...meta, faq: [{ question: '问题', answer: '答复' }, { question: '没有回答', answer: ' ' }] }).map((p) => [p.pointer, p.code])).toEqual([['/faq/1', 'POLICY.INVALID_FAQ']]);
    expect(validatePolicyMeta({ ...meta, faq: 'Q&A' as never }).map((p) => p.pointer)).toEqual(['/faq']);
    expect(validatePolicyMeta({ ...meta, interpretation: '字'.repeat(20_001) }).map((p) => p.code)).toEqual(['POLICY.INVALID_INTERPRETATION']);
  });
});
