import { Injectable } from '@nestjs/common';
import { DomainError, escapeHtml } from '@app/core';
import { chinaDate } from '@app/approvals';
import { districtName } from '@app/enterprises';
import { AppealDirectory } from '../appeal/appeal-directory.service';
import { AppealClock } from '../appeal/appeal.clock';
import { printablePage } from '../supervision/letter-renderer';
import { Counts, RankingRepository } from './ranking.repository';
import { RankingResult, RankingRow, TrendPoint } from './ranking.views';

export { RANKING_SQL } from './ranking.repository';

export type RankBy = 'department' | 'district';

const rate = (n: number, d: number) => (d ? Math.round((n / d) * 10_000) / 10_000 : null);

export function toRankingRow(c: Counts, name: string): RankingRow {
  const rates = {
    responseRate: rate(c.accepted_on_time, c.assigned), onTimeRate: rate(c.answered_on_time, c.due),
    resolutionRate: rate(c.resolved, c.answered), satisfactionRate: rate(c.satisfied, c.rated),
  };
  const values = Object.values(rates).map((v) => v ?? 0);
  const score = Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10_000) / 100 - c.second;
  return {
    key: c.key, name, rank: 0, assigned: c.assigned, acceptedOnTime: c.accepted_on_time, answered: c.answered, due: c.due, answeredOnTime: c.answered_on_time,
    resolved: c.resolved, rated: c.rated, satisfied: c.satisfied, ...rates, secondSupervisions: c.second,
    averageWorkingDays: c.days_n ? Math.round((c.days_sum / c.days_n) * 100) / 100 : null, score: Math.round(score * 100) / 100,
  };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** 考核排序: the monthly ranking per department and district, its trend, and the monthly 通报 document. */
@Injectable()
export class RankingService {
  constructor(
    private readonly counts: RankingRepository,
    private readonly directory: AppealDirectory,
    private readonly clock: AppealClock,
  ) {}

  async ranking(month: string, by: RankBy): Promise<RankingResult> {
    if (!MONTH.test(month)) throw new DomainError('RANKING.MONTH_INVALID', '月份应为 YYYY-MM', { month });
    const asOf = chinaDate(this.clock.now());
    const counts = await this.counts.month(month, asOf, by === 'department' ? 'lead_department' : 'district_code');
    const names = await this.directory.departmentNames();
    const name = (k: string) => (by === 'department' ? this.directory.ref(names, k)!.name : districtName(k) ?? k);
    const rows = counts.map((c) => toRankingRow(c, name(c.key)));
    rows.sort((a, b) => b.score - a.score || a.secondSupervisions - b.secondSupervisions || a.key.localeCompare(b.key));
    rows.forEach((r, i) => (r.rank = i > 0 && rows[i - 1].score === r.score && rows[i - 1].secondSupervisions === r.secondSupervisions ? rows[i - 1].rank : i + 1));
    const sum = (k: keyof Counts) => counts.reduce((a, c) => a + (c[k] as number), 0);
    const total = toRankingRow({ key: 'total', assigned: sum('assigned'), accepted_on_time: sum('accepted_on_time'), answered: sum('answered'), due: sum('due'),
      answered_on_time: sum('answered_on_time'), resolved: sum('resolved'), rated: sum('rated'), satisfied: sum('satisfied'), second: sum('second'),
      days_sum: sum('days_sum'), days_n: sum('days_n') }, '全市合计');
    return { month, by, byLabel: by === 'department' ? '按牵头部门' : '按区县', asOf, rows, total };
  }

  /** Month by month (inclusive), the city's totals or one unit's: what the console's trend charts draw. */
  async trend(from: string, to: string, department?: string): Promise<TrendPoint[]> {
    if (!MONTH.test(from) || !MONTH.test(to) || from > to) throw new DomainError('RANKING.MONTH_INVALID', '月份应为 YYYY-MM，且起始不晚于结束');
    const months: string[] = [];
    for (let y = Number(from.slice(0, 4)), mo = Number(from.slice(5)); `${y}-${String(mo).padStart(2, '0')}` <= to; mo === 12 ? (y++, (mo = 1)) : mo++) {
      months.push(`${y}-${String(mo).padStart(2, '0')}`);
      if (months.length > 60) throw new DomainError('RANKING.MONTH_INVALID', '最多查询 60 个月');
    }
    const asOf = chinaDate(this.clock.now());
    const out: TrendPoint[] = [];
    for (const month of months) {
      const counts = await this.counts.month(month, asOf, department ? 'lead_department' : 'total');
      const c = department ? counts.find((x) => x.key === department) : counts[0];
      const r = c ? toRankingRow(c, '') : null;
      out.push({ month, assigned: r?.assigned ?? 0, responseRate: r?.responseRate ?? null, onTimeRate: r?.onTimeRate ?? null, resolutionRate: r?.resolutionRate ?? null,
        satisfactionRate: r?.satisfactionRate ?? null, secondSupervisions: r?.secondSupervisions ?? 0, averageWorkingDays: r?.averageWorkingDays ?? null });
    }
    return out;
  }

  /** 月度通报: both rankings as a printable document. */
  async report(month: string): Promise<string> {
    const [dept, district] = await Promise.all([this.ranking(month, 'department'), this.ranking(month, 'district')]);
    const table = (r: RankingResult) => `<table><thead><tr><th>名次</th><th>${r.by === 'department' ? '牵头部门' : '区县'}</th><th>交办</th><th>响应率</th><th>按期办结率</th>
<th>解决率</th><th>满意率</th><th>二次督办</th><th>平均办理工作日</th><th>得分</th></tr></thead><tbody>${[...r.rows, r.total].map((x) => `<tr><td>${x.key === 'total' ? '' : x.rank}</td>
<td>${escapeHtml(x.name)}</td><td>${x.assigned}</td><td>${pct(x.responseRate)}</td><td>${pct(x.onTimeRate)}</td><td>${pct(x.resolutionRate)}</td><td>${pct(x.satisfactionRate)}</td>
<td>${x.secondSupervisions}</td><td>${x.averageWorkingDays ?? '—'}</td><td>${x.score}</td></tr>`).join('')}</tbody></table>`;
    const best = dept.rows[0];
    const worst = dept.rows.length > 1 ? dept.rows[dept.rows.length - 1] : null;
    return printablePage(`${month} 企业诉求办理情况通报`, `<h1>企业诉求办理情况通报</h1><div class="no">${escapeHtml(month)}（统计截至 ${escapeHtml(dept.asOf)}）</div>
<p>本月全市交办企业诉求 ${dept.total.assigned} 件，响应率 ${pct(dept.total.responseRate)}，按期办结率 ${pct(dept.total.onTimeRate)}，解决率 ${pct(dept.total.resolutionRate)}，
满意率 ${pct(dept.total.satisfactionRate)}，二次督办 ${dept.total.secondSupervisions} 次。${best ? `${escapeHtml(best.name)}综合得分第一${worst ? `，${escapeHtml(worst.name)}排名末位，请对照问题抓好整改` : ''}。` : ''}</p>
<h2>一、按牵头部门</h2>${table(dept)}<h2>二、按区县</h2>${table(district)}
<p class="note">口径：以本月交办的诉求为统计对象；响应率 = 按时签收数 / 交办数；按期办结率 = 按期答复数 / 应答复数（已答复与超过答复时限未答复之和）；
解决率 = 答复为“已解决”数 / 已答复数；满意率 = 满意与基本满意数 / 已评价数；平均办理工作日为交办至首次答复的工作日数。综合得分 = 四率平均 × 100 − 二次督办次数。</p>`);
  }
}
