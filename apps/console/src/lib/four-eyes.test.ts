import { describe, expect, it } from 'vitest';
import { movementRefusal, reviewRefusal } from './four-eyes';

const batch = { createdBy: 'maker-1', submittedBy: 'maker-1' };

describe('reviewRefusal', () => {
  it('lets another checker review', () => {
    expect(reviewRefusal({ id: 'checker-1', role: 'finance_checker' }, batch)).toBeNull();
  });
  it('refuses the maker of the batch, with the four-eyes reason (even as admin)', () => {
    expect(reviewRefusal({ id: 'maker-1', role: 'finance_maker' }, batch)).toBe('复核人不能是该批次的经办人（四眼原则）');
    expect(reviewRefusal({ id: 'maker-1', role: 'admin' }, batch)).toBe('复核人不能是该批次的经办人（四眼原则）');
    expect(reviewRefusal({ id: 'x', role: 'finance_checker' }, { createdBy: 'y', submittedBy: 'x' })).not.toBeNull();
  });
  it('refuses roles that do not review', () => {
    expect(reviewRefusal({ id: 'maker-2', role: 'finance_maker' }, batch)).toBe('仅财政复核人员可以复核批次');
    expect(reviewRefusal(null, batch)).toBe('仅财政复核人员可以复核批次');
  });
});

describe('movementRefusal', () => {
  const m = { requestedBy: 'maker-1', status: 'requested' };
  it('lets another checker decide a pending request', () => {
    expect(movementRefusal({ id: 'checker-1', role: 'finance_checker' }, m)).toBeNull();
  });
  it('refuses the requester, other roles and decided requests', () => {
    expect(movementRefusal({ id: 'maker-1', role: 'finance_checker' }, m)).toContain('四眼原则');
    expect(movementRefusal({ id: 'maker-1', role: 'finance_maker' }, m)).toContain('四眼原则');
    expect(movementRefusal({ id: 'maker-2', role: 'finance_maker' }, m)).toBe('仅财政复核人员可以审批追加与调拨');
    expect(movementRefusal({ id: 'checker-1', role: 'finance_checker' }, { ...m, status: 'approved' })).toBe('该申请已处理');
  });
});
