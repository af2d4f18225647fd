import fc from 'fast-check';
import { DomainError } from '@app/core';
import {
  APPLICATION_COMMANDS, APPLICATION_STATES, ApplicationCommand, ApplicationState, assertTransition, CLAIMING_STATES, nextState, RESERVING_STATES,
  TERMINAL_STATES, TRANSITIONS,
} from './application.states';

describe('application state machine (the transition table)', () => {
  it('every state is reachable from an initial state (draft or pre_qualified), and every non-terminal state can end', () => {
    const reach = new Set<ApplicationState>(['draft', 'pre_qualified']);
    for (let changed = true; changed; ) {
      changed = false;
      for (const s of [...reach]) {
        for (const to of Object.values(TRANSITIONS[s])) {
          if (!reach.has(to!)) {
            reach.add(to!);
            changed = true;
          }
        }
      }
    }
    expect([...reach].sort()).toEqual([...APPLICATION_STATES].sort());
    expect([...TERMINAL_STATES].sort()).toEqual(['expired', 'paid', 'rejected', 'withdrawn']);
  });

  it('money: a paid application was reserved on the way; leaving the reserving states only by reject, withdraw or lapse', () => {
    for (const s of RESERVING_STATES) {
      for (const to of Object.values(TRANSITIONS[s])) if (!RESERVING_STATES.includes(to!)) expect(['rejected', 'withdrawn', 'lapsed']).toContain(to);
    }
    // a lapsed application comes back only through the department, into a reserving state (reserved again)
    expect(TRANSITIONS.lapsed.request_reopen).toBe('reopen_requested');
    expect(RESERVING_STATES).toContain(TRANSITIONS.reopen_requested.accept_reopen);
    expect(RESERVING_STATES.every((s) => CLAIMING_STATES.includes(s))).toBe(true);
  });

  it('an illegal command is a coded error naming what is allowed', () => {
    try {
      assertTransition('paid', 'approve', 'x');
      throw new Error('should throw');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('APPLICATION.INVALID_STATE');
      expect((e as DomainError).details).toMatchObject({ state: 'paid', command: 'approve', allowed: [] });
    }
  });

  it('property: random command sequences only ever visit states the table allows, and the history records every accepted step', () => {
    const command = fc.constantFrom(...APPLICATION_COMMANDS);
    fc.assert(
      fc.property(fc.constantFrom<ApplicationState>('draft', 'pre_qualified'), fc.array(command, { maxLength: 40 }), (start, commands) => {
        let state = start;
        const history: Array<{ from: ApplicationState; command: ApplicationCommand; to: ApplicationState }> = [];
        for (const c of commands) {
          const expected = nextState(state, c);
          try {
            const to = assertTransition(state, c);
            history.push({ from: state, command: c, to });
            state = to;
          } catch (e) {
            if (expected !== null || (e as DomainError).code !== 'APPLICATION.INVALID_STATE') return false;
          }
        }
        // replaying the history from the start gives the same state, step by step along the table
        let replay = start;
        for (const h of history) {
          if (h.from !== replay || TRANSITIONS[replay][h.command] !== h.to) return false;
          replay = h.to;
        }
        return replay === state && history.length <= commands.length;
      }),
      { numRuns: 2000 },
    );
  });
});
