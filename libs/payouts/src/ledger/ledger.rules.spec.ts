import fc from 'fast-check';
import { allowedPairs, InstructionStatus } from '../instruction/instruction.states';
import { balancesOf, entryFor, EntryKind, expectedBalances, isBalanced, JournalLine } from './ledger.rules';

/** Which entry a transition books (as the recorder and batches service do). */
function entriesFor(from: InstructionStatus, to: InstructionStatus): EntryKind[] {
  if (to === 'approved') return ['commit'];
  if (to === 'settled') return ['settle'];
  if (to === 'returned') return from === 'settled' ? ['return'] : ['settle', 'return'];
  if (to === 'failed') return ['release'];
  if (to === 'cancelled' && from === 'approved') return ['release'];
  return [];
}

describe('ledger rules', () => {
  it('every kind of entry balances, for originals and reissues', () => {
    for (const kind of ['commit', 'settle', 'return', 'release'] as const) {
      for (const isReissue of [false, true]) {
        const e = entryFor(kind, { instructionId: 'i', fundPoolId: 'p', amountFen: 12_345, isReissue });
        expect(isBalanced(e)).toBe(true);
      }
    }
    expect(() => entryFor('commit', { instructionId: 'i', fundPoolId: 'p', amountFen: 0, isReissue: false })).toThrow(RangeError);
  });

  it('property: after any walk through the transition table, the ledger sums to zero and equals what the states imply', () => {
    const pairs = allowedPairs();
    const instructionArb = fc.record({
      amountFen: fc.integer({ min: 1, max: 5_000_000_000 }),
      pool: fc.constantFrom('p1', 'p2', 'p3'),
      isReissue: fc.boolean(),
      steps: fc.array(fc.nat(), { maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.array(instructionArb, { minLength: 1, maxLength: 30 }), (instructions) => {
        const lines: JournalLine[] = [];
        const finals: Array<{ fundPoolId: string; amountFen: number; status: string; isReissue: boolean }> = [];
        instructions.forEach((ins, idx) => {
          let status: InstructionStatus = 'created';
          for (const pick of ins.steps) {
            const options = pairs.filter(([f]) => f === status);
            if (options.length === 0) break;
            const [, to] = options[pick % options.length];
            for (const kind of entriesFor(status, to)) {
              const e = entryFor(kind, { instructionId: `i${idx}`, fundPoolId: ins.pool, amountFen: ins.amountFen, isReissue: ins.isReissue });
              expect(isBalanced(e)).toBe(true);
              lines.push(...e.lines);
            }
            status = to;
          }
          finals.push({ fundPoolId: ins.pool, amountFen: ins.amountFen, status, isReissue: ins.isReissue });
        });
        expect(lines.reduce((s, l) => s + l.amountFen, 0)).toBe(0);
        const ledger = balancesOf(lines);
        const expected = expectedBalances(finals);
        for (const k of new Set([...ledger.keys(), ...expected.keys()])) expect(ledger.get(k) ?? 0).toBe(expected.get(k) ?? 0);
      }),
      { numRuns: 300 },
    );
  });
});
