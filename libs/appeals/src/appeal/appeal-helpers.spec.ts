import { WorkingDayCalendar } from '@app/approvals';
import { currentDue, dueAfter } from './appeal-deadlines';
import { isAppealNumber, newAppealNumber } from './appeal-number';
import { extractTerms, termSimilarity } from './appeal-terms';
import { isoWeek } from '../supervision/supervision.service';
import { toRankingRow } from '../ranking/ranking.service';

describe('appeal helpers', () => {
  // National Day 2026: Oct 1–7 off, Sat Oct 10 a 调休 working day.
  const cal = new WorkingDayCalendar(new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']), new Set(['2026-10-10']));

  it('deadlines count working days from the China-time day of the event, across holidays', () => {
    // 2026-09-29 20:00 UTC is already 2026-09-30 in China: +3 working days skips the holiday → Oct 8, 9, 10.
    expect(dueAfter(cal, new Date('2026-09-29T20:00:00Z'), 3)).toBe('2026-10-10');
    expect(dueAfter(cal, new Date('2026-11-27T02:00:00Z'), 3)).toBe('2026-12-02');
  });

  it('the current deadline follows the state: progress until the first report, then the answer', () => {
    const cols = { dispatch_due: '2026-10-09', accept_due: '2026-10-12', progress_due: '2026-10-16', answer_due: '2026-10-20', second_due: null, last_progress_at: null };
    expect(currentDue('submitted', cols)).toEqual({ kind: 'dispatch', on: '2026-10-09' });
    expect(currentDue('assigned', cols)).toEqual({ kind: 'accept', on: '2026-10-12' });
    expect(currentDue('in_progress', cols)).toEqual({ kind: 'progress', on: '2026-10-16' });
    expect(currentDue('in_progress', { ...cols, last_progress_at: new Date() })).toEqual({ kind: 'answer', on: '2026-10-20' });
    expect(currentDue('answered', cols)).toBeNull();
    expect(currentDue('second_supervision', { ...cols, second_due: '2026-11-02' })).toEqual({ kind: 'second', on: '2026-11-02' });
  });

  it('appeal numbers carry a check character; a mistyped one is refused', () => {
    for (let i = 0; i < 200; i++) {
      const n = newAppealNumber('2026-11-27');
      expect(n).toMatch(/^SQ2611-[A-Z2-9]{7}$/);
      expect(isAppealNumber(n)).toBe(true);
      const typo = n.slice(0, 8) + (n[8] === 'A' ? 'B' : 'A') + n.slice(9);
      expect(isAppealNumber(typo)).toBe(false);
    }
  });

  it('jieba terms: the theme words of a problem, without the words every appeal says', () => {
    const land = extractTerms('新厂区土地变性招拍挂推进缓慢', '企业新厂区五通一平施工保障和老厂土地变性招拍挂问题，希望政府协调解决');
    expect(land).toEqual(expect.arrayContaining(['土地', '变性']));
    expect(land).not.toContain('企业');
    expect(land).not.toContain('希望');
    const land2 = extractTerms('募投用地招拍挂卡壳', '公司募投用地招拍挂环节卡壳，土地变性手续涉及部门多');
    const money = extractTerms('融资难融资贵', '企业希望银行降低贷款利率，缓解融资难题');
    expect(termSimilarity(land, land2)).toBeGreaterThan(termSimilarity(land, money));
    expect(termSimilarity(land, money)).toBe(0);
  });

  it('ISO weeks: Monday starts the week, the first week holds a Thursday', () => {
    expect(isoWeek('2026-11-23')).toBe('2026-W48');
    expect(isoWeek('2026-11-29')).toBe('2026-W48');
    expect(isoWeek('2026-11-30')).toBe('2026-W49');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
  });

  it('ranking rates and score from counts', () => {
    const r = toRankingRow({ key: 'zgj', assigned: 4, accepted_on_time: 3, answered: 4, due: 4, answered_on_time: 2, resolved: 3, rated: 4, satisfied: 3, second: 1, days_sum: 20, days_n: 4 }, '自规局');
    expect(r).toMatchObject({ responseRate: 0.75, onTimeRate: 0.5, resolutionRate: 0.75, satisfactionRate: 0.75, averageWorkingDays: 5, score: 67.75 });
    expect(toRankingRow({ key: 'x', assigned: 1, accepted_on_time: 0, answered: 0, due: 0, answered_on_time: 0, resolved: 0, rated: 0, satisfied: 0, second: 0, days_sum: 0, days_n: 0 }, 'x'))
      .toMatchObject({ onTimeRate: null, resolutionRate: null, satisfactionRate: null, averageWorkingDays: null, score: 0 });
  });
});
