import { describe, expect, it } from 'vitest';
import { chinaToday, currentNodeStep, firmActions, flowPosition, flowStages } from './application-flow';

describe('flowStages / flowPosition', () => {
  it('申请制 goes through 公示; 即申即享 does not', () => {
    expect(flowStages('application')).toContain('公示');
    expect(flowStages('instant')).not.toContain('公示');
    expect(flowStages('no_application')[0]).toBe('系统预审');
  });

  it('places each state on the main path', () => {
    expect(flowPosition({ mode: 'application', state: 'draft' })).toEqual({ current: 0, status: 'process' });
    expect(flowPosition({ mode: 'application', state: 'under_review' })).toEqual({ current: 1, status: 'process' });
    expect(flowPosition({ mode: 'application', state: 'in_disclosure' })).toEqual({ current: 2, status: 'process' });
    expect(flowPosition({ mode: 'application', state: 'ready_for_payout' })).toEqual({ current: 4, status: 'process' });
    expect(flowPosition({ mode: 'application', state: 'paid' })).toEqual({ current: 5, status: 'finish' });
    expect(flowPosition({ mode: 'instant', state: 'approved' })).toEqual({ current: 2, status: 'process' });
    expect(flowPosition({ mode: 'instant', state: 'paid' })).toEqual({ current: 4, status: 'finish' });
  });

  it('marks the stage where the application stopped', () => {
    expect(flowPosition({ mode: 'application', state: 'rejected' }).status).toBe('error');
    expect(flowPosition({ mode: 'application', state: 'returned' })).toEqual({ current: 0, status: 'error' });
    expect(flowPosition({ mode: 'no_application', state: 'lapsed' })).toEqual({ current: 3, status: 'error' });
  });
});

describe('currentNodeStep', () => {
  it('is the last node that changed the state, not a later note', () => {
    const nodes = [
      { step: 1, command: 'create', toState: 'draft' },
      { step: 2, command: 'submit', toState: 'submitted' },
      { step: 3, command: 'note', toState: 'submitted' },
    ];
    expect(currentNodeStep(nodes)).toBe(2);
  });

  it('falls back to the last node, and to nothing for an empty timeline', () => {
    expect(currentNodeStep([{ step: 4, command: 'note', toState: 'draft' }])).toBe(4);
    expect(currentNodeStep([])).toBeNull();
  });
});

describe('firmActions', () => {
  const today = '2026-12-03';
  it('offers what the state allows', () => {
    expect(firmActions({ mode: 'application', state: 'draft' }, today)).toEqual(['prepare', 'submit', 'withdraw']);
    expect(firmActions({ mode: 'application', state: 'returned' }, today)).toContain('submit');
    expect(firmActions({ mode: 'no_application', state: 'in_disclosure' }, today)).toEqual(['confirm', 'change_account', 'withdraw']);
    expect(firmActions({ mode: 'application', state: 'paid' }, today)).toEqual(['rate']);
    expect(firmActions({ mode: 'application', state: 'confirmed' }, today)).toEqual([]);
    // approved, 公示 not yet opened: nothing to confirm; 即申即享 confirms at once
    expect(firmActions({ mode: 'no_application', state: 'approved', disclosureRoundId: null }, today)).toEqual(['withdraw']);
    expect(firmActions({ mode: 'instant', state: 'approved', disclosureRoundId: null }, today)).toContain('confirm');
  });

  it('offers reopening only within the grace period', () => {
    expect(firmActions({ mode: 'no_application', state: 'lapsed', reopenUntil: '2026-12-03' }, today)).toEqual(['reopen']);
    expect(firmActions({ mode: 'no_application', state: 'lapsed', reopenUntil: '2026-12-02' }, today)).toEqual([]);
  });
});

describe('chinaToday', () => {
  it('is the date in UTC+8', () => {
    expect(chinaToday(new Date('2026-12-03T16:30:00Z'))).toBe('2026-12-04');
    expect(chinaToday(new Date('2026-12-03T15:59:00Z'))).toBe('2026-12-03');
  });
});
