import type { AppealDirectory } from '../appeal/appeal-directory.service';
import { codeOf, FixedClock } from '../testing/unit-kit';
import type { Counts, RankingGroup, RankingRepository } from './ranking.repository';
import { RankingService } from './ranking.service';

const counts = (key: string, o: Partial<Counts> = {}): Counts => ({
  key, assigned: 4, accepted_on_time: 4, answered: 4, due: 4, answered_on_time: 4, resolved: 4, rated: 4, satisfied: 4, second: 0, days_sum: 20, days_n: 4, ...o,
});

/** RankingRepository's contract in memory: counts per month and group. */
class MemoryRanking {
  readonly byMonth = new Map<string, Counts[]>();
  readonly asked: Array<{ month: string; asOf: string; group: RankingGroup }> = [];
  async month(month: string, asOf: string, group: RankingGroup) {
    this.asked.push({ month, asOf, group });
    const rows = this.byMonth.get(month) ?? [];
    if (group !== 'total') return rows;
    if (rows.length === 0) return [];
    const sum = (k: keyof Counts) => rows.reduce((a, c) => a + (c[k] as number), 0);
    return [{ key: 'total', assigned: sum('assigned'), accepted_on_time: sum('accepted_on_time'), answered: sum('answered'), due: sum('due'), answered_on_time: sum('answered_on_time'),
      resolved: sum('resolved'), rated: sum('rated'), satisfied: sum('satisfied'), second: sum('second'), days_sum: sum('days_sum'), days_n: sum('days_n') }];
  }
}

function setup() {
  const ranking = new MemoryRanking();
  const directory = { departmentNames: async () => new Map([['zrzyj', '市自然资源和规划局'], ['fgw', '市发展改革委'], ['jrj', '市金融局']]),
    ref: (n: Map<string, string>, c: string | null) => (c ? { code: c, name: n.get(c) ?? c } : null) };
  const svc = new RankingService(ranking as unknown as RankingRepository, directory as unknown as AppealDirectory, new FixedClock(new Date('2026-12-02T23:30:00Z')));
  return { svc, ranking };
}

describe('RankingService (over an in-memory repository)', () => {
  it('ranks by score, second supervisions breaking ties, equal units sharing a rank; the city total sums every unit', async () => {
    const { svc, ranking } = setup();
    ranking.byMonth.set('2026-11', [counts('zrzyj', { second: 1 }), counts('fgw', { satisfied: 2 }), counts('jrj')]);
    const r = await svc.ranking('2026-11', 'department');
    expect(r.rows.map((x) => [x.name, x.rank, x.score])).toEqual([['市金融局', 1, 100], ['市自然资源和规划局', 2, 99], ['市发展改革委', 3, 87.5]]);
    expect(r.total).toMatchObject({ assigned: 12, secondSupervisions: 1, satisfactionRate: 0.8333 });
    expect(ranking.asked).toEqual([{ month: '2026-11', asOf: '2026-12-03', group: 'lead_department' }]);
    ranking.byMonth.set('2026-10', [counts('a'), counts('b')]);
    expect((await svc.ranking('2026-10', 'district')).rows.map((x) => x.rank)).toEqual([1, 1]);
  });

  it('refuses a malformed month, a reversed period and more than 60 months', async () => {
    const { svc } = setup();
    expect(await codeOf(svc.ranking('2026-13', 'department'))).toBe('RANKING.MONTH_INVALID');
    expect(await codeOf(svc.trend('2026-11', '2026-10'))).toBe('RANKING.MONTH_INVALID');
    expect(await codeOf(svc.trend('2020-01', '2026-01'))).toBe('RANKING.MONTH_INVALID');
  });

  it('the trend has every month of the period, across the year, empty months with no rates', async () => {
    const { svc, ranking } = setup();
    ranking.byMonth.set('2026-12', [counts('zrzyj', { answered_on_time: 2 })]);
    const city = await svc.trend('2026-11', '2027-01');
    expect(city.map((t) => [t.month, t.assigned, t.onTimeRate])).toEqual([['2026-11', 0, null], ['2026-12', 4, 0.5], ['2027-01', 0, null]]);
    expect((await svc.trend('2026-12', '2026-12', 'fgw'))[0]).toMatchObject({ assigned: 0, onTimeRate: null });
    expect((await svc.trend('2026-12', '2026-12', 'zrzyj'))[0]).toMatchObject({ assigned: 4, averageWorkingDays: 5 });
  });
});
