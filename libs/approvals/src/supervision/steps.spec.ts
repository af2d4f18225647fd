import { DEFAULT_APPROVAL_OPTIONS } from '../approval.options';
import { stepLimits, STEPS, waitingStep, WaitingFacts } from './steps';

describe('waiting steps (督办)', () => {
  const now = new Date('2026-05-20T04:00:00Z');
  const at = (d: string) => new Date(`${d}T02:00:00Z`);
  const base: WaitingFacts = { state: 'submitted', mode: 'application', stateSince: at('2026-05-18'), confirmOpenedAt: null, roundEndsAt: null };

  it('each waiting state belongs to one step with an owner', () => {
    expect(waitingStep(base, now)).toEqual({ step: 'accept', since: at('2026-05-18') });
    expect(waitingStep({ ...base, state: 'pre_qualified' }, now)?.step).toBe('batch_approval');
    expect(waitingStep({ ...base, state: 'objection_raised' }, now)?.step).toBe('objection');
    expect(waitingStep({ ...base, state: 'reopen_requested' }, now)?.step).toBe('reopen');
    expect(STEPS.batch_approval).toMatchObject({ party: 'department', ownerRole: 'dept_reviewer' });
    expect(STEPS.checking).toMatchObject({ party: 'finance', ownerRole: 'finance_checker' });
  });

  it('approved: waiting for 公示, unless it may be confirmed at once (即申即享, 承诺兑现, 公示 already over)', () => {
    expect(waitingStep({ ...base, state: 'approved' }, now)?.step).toBe('disclosure');
    expect(waitingStep({ ...base, state: 'approved', mode: 'commitment' }, now)?.step).toBe('confirmation');
    expect(waitingStep({ ...base, state: 'approved', roundEndsAt: at('2026-05-19') }, now)?.step).toBe('confirmation');
  });

  it('公示 running waits on nobody; after it the firm confirms, counted from the end of 公示', () => {
    expect(waitingStep({ ...base, state: 'in_disclosure', roundEndsAt: at('2026-05-21') }, now)).toBeNull();
    expect(waitingStep({ ...base, state: 'in_disclosure', stateSince: at('2026-05-10'), roundEndsAt: at('2026-05-19') }, now)).toEqual({ step: 'confirmation', since: at('2026-05-19') });
    // back in 公示 after a dismissed objection, after the round ended: from the dismissal
    expect(waitingStep({ ...base, state: 'in_disclosure', stateSince: at('2026-05-20'), roundEndsAt: at('2026-05-19') }, now)?.since).toEqual(at('2026-05-20'));
  });

  it('payout: 组批 → 复核 → 到账 from the payout center timestamps', () => {
    const ready = { ...base, state: 'ready_for_payout' as const };
    expect(waitingStep(ready, now)).toEqual({ step: 'batching', since: at('2026-05-18') });
    expect(waitingStep({ ...ready, batchedAt: at('2026-05-19') }, now)).toEqual({ step: 'checking', since: at('2026-05-19') });
    expect(waitingStep({ ...ready, batchedAt: at('2026-05-19'), checkedAt: at('2026-05-20') }, now)).toEqual({ step: 'paying', since: at('2026-05-20') });
    expect(waitingStep({ ...base, state: 'paid' }, now)).toBeNull();
  });

  it('limits come from the options and the fulfilment config', () => {
    const l = stepLimits(DEFAULT_APPROVAL_OPTIONS, { confirmWorkingDays: 10, commitmentVerifyWorkingDays: 20 });
    expect(l).toMatchObject({ accept: 3, decide: 7, batch_approval: 5, confirmation: 10, verification: 20, checking: 2 });
  });
});
