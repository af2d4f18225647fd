import { ApprovalClock, chinaDate } from './clock';

describe('approval clock', () => {
  it('moves "now" and maps wall-clock instants with the offset in effect when they happened', () => {
    const clock = new ApprovalClock();
    const before = new Date(Date.now() - 60_000);
    expect(clock.shift(before).getTime()).toBe(before.getTime());
    clock.advance(10 * 86_400_000);
    expect(clock.now().getTime() - Date.now()).toBeGreaterThanOrEqual(10 * 86_400_000 - 5);
    // an instant recorded before the move keeps its reading; one recorded after it is shifted
    expect(clock.shift(before).getTime()).toBe(before.getTime());
    expect(clock.shift(new Date(Date.now() + 1000)).getTime()).toBeGreaterThanOrEqual(Date.now() + 10 * 86_400_000);
    clock.set(new Date('2027-03-01T01:00:00Z'));
    expect(chinaDate(clock.now())).toBe('2027-03-01');
    clock.reset();
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(50);
  });
});
