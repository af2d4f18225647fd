import { differenceInDifferences } from './difference-in-differences';

describe('differenceInDifferences', () => {
  it('subtracts the comparison group’s change from the treated group’s change', () => {
    const r = differenceInDifferences(
      [
        [100, 150],
        [200, 260],
      ],
      [
        [100, 110],
        [300, 310],
      ],
    );
    expect(r.treated).toEqual({ firms: 2, meanBefore: 150, meanAfter: 205, meanChange: 55 });
    expect(r.control.meanChange).toBe(10);
    expect(r.effect).toBe(45);
  });

  it('leaves out firms missing an observation and copes with empty groups', () => {
    const r = differenceInDifferences([[null, 5], [10, 20]], []);
    expect(r.treated.firms).toBe(1);
    expect(r.control).toEqual({ firms: 0, meanBefore: 0, meanAfter: 0, meanChange: 0 });
    expect(r.effect).toBe(10);
  });
});
