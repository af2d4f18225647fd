import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';
import { AppealRow, APPEAL_COLUMNS } from '../appeal/appeal.types';

export interface OfficerFirmRow {
  enterprise_id: string;
  officer_id: string;
  assigned_at: Date;
  open: number;
}

export interface NewVisitRow {
  id: string;
  officerId: string;
  enterpriseId: string;
  enterpriseName: string;
  visitedOn: string;
  summary: string;
  appealIds: string[];
  createdAt: Date;
}

export interface VisitRow {
  id: string;
  officer_id: string;
  enterprise_id: string;
  enterprise_name: string;
  visited_on: string;
  summary: string;
  appeal_ids: string[];
  created_at: Date;
}

const TASK_WHERE = `officer_id = $1 AND state IN ('submitted','assigned','in_progress','answered','second_supervision')`;

/** Every SQL statement of 包联 (officers' firms, task lists, visits); the decisions are OfficersService's. */
@Injectable()
export class OfficersRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Assigns the firms to the officer (one officer per firm: a firm moves) and moves their open appeals; returns how many appeals moved. */
  async assignFirms(m: EntityManager, enterpriseIds: string[], officerId: string, assignedBy: string, at: string): Promise<number> {
    await m.query(
      `INSERT INTO appeal.officer_firms (enterprise_id, officer_id, assigned_by, assigned_at) SELECT u, $2, $3, $4 FROM unnest($1::uuid[]) AS u
       ON CONFLICT (enterprise_id) DO UPDATE SET officer_id = EXCLUDED.officer_id, assigned_by = EXCLUDED.assigned_by, assigned_at = EXCLUDED.assigned_at`,
      [enterpriseIds, officerId, assignedBy, at]);
    const moved = await mutateReturning(m,
      `UPDATE appeal.appeals SET officer_id = $2 WHERE enterprise_id = ANY($1::uuid[]) AND state NOT IN ('closed','merged','withdrawn') RETURNING id`, [enterpriseIds, officerId]);
    return moved.length;
  }

  /** The officer's firms with their open appeals, in assignment order. */
  firms(officerId: string): Promise<OfficerFirmRow[]> {
    return this.dataSource.query(
      `SELECT f.enterprise_id, f.officer_id, f.assigned_at,
              (SELECT count(*)::int FROM appeal.appeals a WHERE a.enterprise_id = f.enterprise_id AND a.state NOT IN ('closed','merged','withdrawn')) AS open
       FROM appeal.officer_firms f WHERE f.officer_id = $1 ORDER BY f.assigned_at, f.enterprise_id`, [officerId]);
  }

  /** One page of the officer's tasks (still open or awaiting the firm's rating), the most urgent first, with the total. */
  async tasks(officerId: string, page: number, pageSize: number): Promise<{ rows: AppealRow[]; total: number }> {
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM appeal.appeals WHERE ${TASK_WHERE}`, [officerId]);
    const rows: AppealRow[] = await this.dataSource.query(
      `SELECT ${APPEAL_COLUMNS} FROM appeal.appeals WHERE ${TASK_WHERE} ORDER BY (state = 'submitted' AND level = 'officer') DESC, due_on NULLS LAST, received_at LIMIT $2 OFFSET $3`,
      [officerId, pageSize, (page - 1) * pageSize]);
    return { rows, total };
  }

  /** The 包联 officer of each of the firms that has one (firm id → officer id), in the caller's transaction. */
  async officersOf(m: EntityManager, enterpriseIds: string[]): Promise<Map<string, string>> {
    const officers: Array<{ enterprise_id: string; officer_id: string }> = await m.query(
      `SELECT enterprise_id, officer_id FROM appeal.officer_firms WHERE enterprise_id = ANY($1::uuid[])`, [enterpriseIds]);
    return new Map(officers.map((o) => [o.enterprise_id, o.officer_id]));
  }

  /** Whether the firm is one of the officer's (false for a malformed id). */
  async isOfficersFirm(enterpriseId: string, officerId: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(enterpriseId)) return false;
    const [own] = await this.dataSource.query(`SELECT 1 AS x FROM appeal.officer_firms WHERE enterprise_id = $1 AND officer_id = $2`, [enterpriseId, officerId]);
    return !!own;
  }

  async insertVisit(m: EntityManager, v: NewVisitRow): Promise<void> {
    await m.query(`INSERT INTO appeal.visits (id, officer_id, enterprise_id, enterprise_name, visited_on, summary, appeal_ids, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [v.id, v.officerId, v.enterpriseId, v.enterpriseName, v.visitedOn, v.summary, v.appealIds, v.createdAt.toISOString()]);
  }

  visits(officerId: string): Promise<VisitRow[]> {
    return this.dataSource.query(`SELECT id, officer_id, enterprise_id, enterprise_name, visited_on::text AS visited_on, summary, appeal_ids, created_at FROM appeal.visits
        WHERE officer_id = $1 ORDER BY visited_on DESC, created_at DESC LIMIT 500`, [officerId]);
  }
}
