import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** One unit's month: the counts the ranking's rates and score are computed from. */
export interface Counts {
  key: string;
  assigned: number;
  accepted_on_time: number;
  answered: number;
  due: number;
  answered_on_time: number;
  resolved: number;
  rated: number;
  satisfied: number;
  second: number;
  days_sum: number;
  days_n: number;
}

/**
 * The month's figures of every unit, one pass over the appeals assigned (交办) that month, from columns
 * the loop keeps on each appeal (first acceptance on time, first answer on time, working days to the
 * first answer, latest answer and rating). The cohort is the appeals first assigned in the month, by
 * their current lead unit (department) or the firm's district; withdrawn ones are left out.
 */
export const RANKING_SQL = (group: string) => `
  SELECT ${group} AS key, count(*)::int AS assigned,
    count(*) FILTER (WHERE accepted_on_time)::int AS accepted_on_time,
    count(*) FILTER (WHERE first_answered_at IS NOT NULL)::int AS answered,
    count(*) FILTER (WHERE first_answered_at IS NOT NULL OR answer_due < $2::date)::int AS due,
    count(*) FILTER (WHERE answered_on_time)::int AS answered_on_time,
    count(*) FILTER (WHERE first_answered_at IS NOT NULL AND answer_kind = 'resolved')::int AS resolved,
    count(*) FILTER (WHERE rating IS NOT NULL)::int AS rated,
    count(*) FILTER (WHERE rating IN ('satisfied','basically_satisfied'))::int AS satisfied,
    coalesce(sum(second_supervision_count), 0)::int AS second,
    coalesce(sum(handling_working_days), 0)::int AS days_sum, count(handling_working_days)::int AS days_n
  FROM appeal.appeals
  WHERE assigned_month = $1 AND state <> 'withdrawn' AND ${group} IS NOT NULL
  GROUP BY 1`;

/** How the month's appeals are grouped: by current lead unit, by the firm's district, or all together (key 'total'). */
export type RankingGroup = 'lead_department' | 'district_code' | 'total';

/** Every SQL statement of 考核排序: the month's counts per unit. */
@Injectable()
export class RankingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The counts of the appeals first assigned in `month` (YYYY-MM), per group; `asOf` (China date) decides which answers are due. */
  month(month: string, asOf: string, group: RankingGroup): Promise<Counts[]> {
    return this.dataSource.query(RANKING_SQL(group === 'total' ? `'total'::text` : group), [month, asOf]);
  }
}
