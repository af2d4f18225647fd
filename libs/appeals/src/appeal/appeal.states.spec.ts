import fc from 'fast-check';
import { DomainError } from '@app/core';
import {
  APPEAL_COMMANDS, APPEAL_STATES, APPEAL_TRANSITIONS, AppealCommand, AppealState, assertAppealTransition, nextAppealState, OPEN_APPEAL_STATES,
  TERMINAL_APPEAL_STATES,
} from './appeal.states';

describe('appeal state machine (the transition table)', () => {
  it('every state is reachable from submitted, and only merged and withdrawn are terminal', () => {
    const reach = new Set<AppealState>(['submitted']);
    for (let changed = true; changed; ) {
      changed = false;
      for (const s of [...reach]) {
        for (const to of Object.values(APPEAL_TRANSITIONS[s])) {
          if (!reach.has(to!)) {
            reach.add(to!);
            changed = true;
          }
        }
      }
    }
    expect([...reach].sort()).toEqual([...APPEAL_STATES].sort());
    expect([...TERMINAL_APPEAL_STATES].sort()).toEqual(['merged', 'withdrawn']);
  });

  it('closed is reached only through the firm’s satisfied rating or a supervisor’s override, and only from answered or second supervision', () => {
    for (const s of APPEAL_STATES) {
      for (const [command, to] of Object.entries(APPEAL_TRANSITIONS[s])) {
        if (to === 'closed') {
          expect(['rate_satisfied', 'override_close']).toContain(command);
          expect(['answered', 'second_supervision']).toContain(s);
        }
      }
    }
  });

  it('an illegal command is a coded error naming what is allowed', () => {
    try {
      assertAppealTransition('submitted', 'rate_satisfied', 'x');
      throw new Error('should throw');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('APPEAL.INVALID_STATE');
      expect((e as DomainError).details).toMatchObject({ state: 'submitted', command: 'rate_satisfied', allowed: ['answer_on_spot', 'merge', 'assign', 'withdraw'] });
    }
  });

  it('property: random command sequences follow the table, never close without an answer first, and every rating follows an answer', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...APPEAL_COMMANDS), { maxLength: 60 }), (commands) => {
        let state: AppealState = 'submitted';
        let answeredSinceRating = false;
        const history: Array<{ from: AppealState; command: AppealCommand; to: AppealState }> = [];
        for (const c of commands) {
          const expected = nextAppealState(state, c);
          let to: AppealState;
          try {
            to = assertAppealTransition(state, c);
          } catch (e) {
            if (expected !== null || (e as DomainError).code !== 'APPEAL.INVALID_STATE') return false;
            continue;
          }
          if (to !== expected) return false;
          if (c === 'answer' || c === 'answer_on_spot') answeredSinceRating = true;
          if (c === 'rate_satisfied' || c === 'rate_unsatisfied') {
            if (!answeredSinceRating) return false;
            answeredSinceRating = false;
          }
          if (to === 'closed' && !['rate_satisfied', 'override_close'].includes(c)) return false;
          history.push({ from: state, command: c, to });
          state = to;
        }
        let replay: AppealState = 'submitted';
        for (const h of history) {
          if (h.from !== replay || APPEAL_TRANSITIONS[replay][h.command] !== h.to) return false;
          replay = h.to;
        }
        return replay === state && (OPEN_APPEAL_STATES.includes(state) || ['answered', 'closed', 'merged', 'withdrawn'].includes(state));
      }),
      { numRuns: 3000 },
    );
  });
});
