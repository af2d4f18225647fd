import { classifyStatement, PlatformInstruction } from './reconcile';

const ins = (id: string, amountFen: number, status = 'settled'): [string, PlatformInstruction] => [id, { id, amountFen, status }];

describe('classifyStatement', () => {
  it('classifies matched, returned, amount mismatch, unknown and missing', () => {
    const platform = new Map([ins('a', 100), ins('b', 200), ins('c', 300), ins('d', 400), ins('e', 500)]);
    const items = classifyStatement(
      [
        { lineNo: 1, instructionId: 'a', direction: 'D', amountFen: 100, bankRef: null },
        { lineNo: 2, instructionId: 'b', direction: 'D', amountFen: 200, bankRef: null },
        { lineNo: 3, instructionId: 'b', direction: 'C', amountFen: 200, bankRef: null },
        { lineNo: 4, instructionId: 'c', direction: 'D', amountFen: 299, bankRef: null },
        { lineNo: 5, instructionId: 'zzz', direction: 'D', amountFen: 1, bankRef: null },
      ],
      platform,
      ['a', 'b', 'c', 'd'],
    );
    const by = Object.fromEntries(items.map((i) => [i.instructionId ?? 'unknown', i.classification]));
    expect(by).toEqual({ a: 'matched', b: 'returned', c: 'amount_mismatch', unknown: 'unknown_at_bank', d: 'missing_at_bank' });
    expect(items).toHaveLength(5); // e is not expected in this statement's scope
  });
});
