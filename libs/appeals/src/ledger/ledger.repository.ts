import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/core';
import { scopeSql } from '../appeal/appeal-access';
import type { AppealState } from '../appeal/appeal.states';
import { AppealChannel, AppealLevel, AppealRow, APPEAL_COLUMNS } from '../appeal/appeal.types';

export interface LedgerFilter {
  state?: AppealState;
  category?: string;
  channel?: AppealChannel;
  /** Appeals a unit leads or co-handles. */
  department?: string;
  district?: string;
  level?: AppealLevel;
  overdue?: boolean;
  /** Received on or after / on or before (YYYY-MM-DD, China time). */
  from?: string;
  to?: string;
  /** Number, firm name or title. */
  q?: string;
  enterpriseId?: string;
  receptionDayId?: string;
  officerId?: string;
}

/** Every SQL statement of the ledger (台账): the filter and the caller's scope as SQL, counts, pages and the export's rows. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The filter and the caller's scope as a predicate over appeal.appeals (alias `a`); `today` decides what is overdue. */
  private where(p: Principal, f: LedgerFilter, today: string, params: unknown[]): string {
    const w = [scopeSql(p, params)];
    if (f.state) w.push(`a.state = $${params.push(f.state)}`);
    if (f.category) w.push(`a.category = $${params.push(f.category)}`);
    if (f.channel) w.push(`a.channel = $${params.push(f.channel)}`);
    if (f.department) {
      const i = params.push(f.department);
      w.push(`(a.lead_department = $${i} OR a.co_departments @> ARRAY[$${i}]::text[])`);
    }
    if (f.district) w.push(`a.district_code = $${params.push(f.district)}`);
    if (f.level) w.push(`a.level = $${params.push(f.level)}`);
    if (f.overdue !== undefined) {
      const cond = `(a.due_on IS NOT NULL AND a.due_on < $${params.push(today)})`;
      w.push(f.overdue ? cond : `NOT ${cond}`);
    }
    if (f.from) w.push(`a.received_at >= ($${params.push(f.from)}::date::timestamp AT TIME ZONE 'UTC') - interval '8 hours'`);
    if (f.to) w.push(`a.received_at < ($${params.push(f.to)}::date::timestamp AT TIME ZONE 'UTC') - interval '8 hours' + interval '1 day'`);
    if (f.q) {
      const i = params.push(`%${f.q.replace(/[%_\\]/g, '\\$&')}%`);
      w.push(`(a.number = $${params.push(f.q.trim().toUpperCase())} OR a.enterprise_name LIKE $${i} OR a.title LIKE $${i})`);
    }
    if (f.enterpriseId) w.push(`a.enterprise_id = $${params.push(f.enterpriseId)}`);
    if (f.receptionDayId) w.push(`a.reception_day_id = $${params.push(f.receptionDayId)}`);
    if (f.officerId) w.push(`a.officer_id = $${params.push(f.officerId)}`);
    return w.join(' AND ');
  }

  async count(p: Principal, f: LedgerFilter, today: string): Promise<number> {
    const params: unknown[] = [];
    const clause = this.where(p, f, today, params);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM appeal.appeals a WHERE ${clause}`, params);
    return total;
  }

  /** One page, newest received first. */
  page(p: Principal, f: LedgerFilter, today: string, page: number, pageSize: number): Promise<AppealRow[]> {
    const params: unknown[] = [];
    const clause = this.where(p, f, today, params);
    return this.dataSource.query(
      `SELECT ${APPEAL_COLUMNS} FROM appeal.appeals a WHERE ${clause} ORDER BY a.received_at DESC, a.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize]);
  }

  /** Every matching appeal, oldest received first (the export). */
  all(p: Principal, f: LedgerFilter, today: string): Promise<AppealRow[]> {
    const params: unknown[] = [];
    const clause = this.where(p, f, today, params);
    return this.dataSource.query(`SELECT ${APPEAL_COLUMNS} FROM appeal.appeals a WHERE ${clause} ORDER BY a.received_at, a.id`, params);
  }
}
