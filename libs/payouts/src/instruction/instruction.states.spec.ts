import { allowedPairs, canMove, INSTRUCTION_STATUSES, INSTRUCTION_TRANSITIONS } from './instruction.states';

describe('instruction transition table', () => {
  it('only knows declared statuses and never leaves a terminal state except for a late return', () => {
    for (const [from, to] of allowedPairs()) {
      expect(INSTRUCTION_STATUSES).toContain(from);
      expect(INSTRUCTION_STATUSES).toContain(to);
    }
    const from = (s: string) => allowedPairs().filter(([f]) => f === s).map(([, t]) => t);
    expect(from('returned')).toEqual([]);
    expect(from('failed')).toEqual([]);
    expect(from('cancelled')).toEqual([]);
    expect(from('settled')).toEqual(['returned']);
  });

  it('cannot cancel once the sending marker is set, nor approve without a submission', () => {
    expect(canMove('approved', 'cancel')).toBe(true);
    expect(canMove('sending', 'cancel')).toBe(false);
    expect(canMove('sent', 'cancel')).toBe(false);
    expect(canMove('batched', 'approve')).toBe(false);
    expect(canMove('submitted', 'approve')).toBe(true);
  });

  it('reaches settled only through sending', () => {
    const into = (s: string) => allowedPairs().filter(([, t]) => t === s).map(([f]) => f);
    expect(into('settled').sort()).toEqual(['sending', 'sent']);
    expect(into('sending')).toEqual(['approved']);
    expect(Object.keys(INSTRUCTION_TRANSITIONS)).toContain('markSending');
  });
});
