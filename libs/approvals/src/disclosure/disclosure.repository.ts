import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApplicationState } from '../application/application.states';
import { Db } from '../application/application.repository';

/** A row of approval.disclosure_rounds. */
export interface RoundRow {
  id: string;
  item_id: string;
  item_name: string;
  department_code: string;
  working_days: number;
  opened_at: Date;
  ends_at: Date;
  entries: number;
}

export interface NewRound {
  id: string;
  itemId: string;
  itemName: string;
  departmentCode: string;
  workingDays: number;
  openedAt: Date;
  endsAt: Date;
  entries: number;
  createdBy: string;
}

export interface EndedRoundsFilter {
  itemId?: string;
  department?: string;
  /** Inclusive bounds on the round's end. */
  endsFrom?: Date;
  endsTo?: Date;
}

export interface RoundStateCount { round_id: string; state: ApplicationState; n: number }
export interface RoundObjectionCount { round_id: string; status: string; n: number }

/** A round id is a uuid; anything else cannot name a round (and must not reach a uuid column). */
export const isRoundId = (id: string): boolean => /^[0-9a-f-]{36}$/i.test(id);

/**
 * PostgreSQL access for 公示 rounds (approval.disclosure_rounds) and the public reads of the
 * applications and objections listed in them. Only whitelisted columns of an application are read
 * for the public views: no credit code, account, contact or facts.
 */
@Injectable()
export class DisclosureRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** An item's approved applications that go through 公示 (免申即享 items skip it). */
  approvedForDisclosure(m: Db, itemId: string): Promise<Array<{ id: string; item_name: string; department_code: string }>> {
    if (!isRoundId(itemId)) return Promise.resolve([]);
    return m.query(`SELECT id, item_name, department_code FROM approval.applications WHERE item_id = $1 AND state = 'approved' AND mode <> 'instant'`, [itemId]);
  }

  /** The department owning an item's applications, or null when it has none. */
  async itemDepartment(m: Db, itemId: string): Promise<string | null> {
    const [owner]: Array<{ department_code: string }> = await m.query(`SELECT department_code FROM approval.applications WHERE item_id = $1 LIMIT 1`, [itemId]);
    return owner?.department_code ?? null;
  }

  async insertRound(m: Db, r: NewRound): Promise<RoundRow> {
    await m.query(
      `INSERT INTO approval.disclosure_rounds (id, item_id, item_name, department_code, working_days, opened_at, ends_at, entries, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [r.id, r.itemId, r.itemName, r.departmentCode, r.workingDays, r.openedAt, r.endsAt, r.entries, r.createdBy],
    );
    const [row] = await m.query(`SELECT * FROM approval.disclosure_rounds WHERE id = $1`, [r.id]);
    return row as RoundRow;
  }

  /** Rounds on display at `now`, newest first. */
  openRounds(now: Date): Promise<RoundRow[]> {
    return this.dataSource.query(`SELECT * FROM approval.disclosure_rounds WHERE opened_at <= $1 AND ends_at > $1 ORDER BY opened_at DESC`, [now]);
  }

  async liveRound(roundId: string, now: Date): Promise<RoundRow | null> {
    if (!isRoundId(roundId)) return null;
    const rows: RoundRow[] = await this.dataSource.query(`SELECT * FROM approval.disclosure_rounds WHERE id = $1 AND opened_at <= $2 AND ends_at > $2`, [roundId, now]);
    return rows[0] ?? null;
  }

  async endedRound(roundId: string, now: Date): Promise<RoundRow | null> {
    if (!isRoundId(roundId)) return null;
    const rows: RoundRow[] = await this.dataSource.query(`SELECT * FROM approval.disclosure_rounds WHERE id = $1 AND ends_at <= $2`, [roundId, now]);
    return rows[0] ?? null;
  }

  /** The firms of a live round that the public list shows (still in the running). */
  publicEntries(roundId: string): Promise<Array<{ id: string; enterprise_name: string; item_name: string; amount_fen: string | number; state: string }>> {
    return this.dataSource.query(
      `SELECT id, enterprise_name, item_name, amount_fen, state FROM approval.applications
       WHERE disclosure_round_id = $1 AND state IN ('in_disclosure','objection_raised','confirmed','ready_for_payout','paid','payout_failed')
       ORDER BY enterprise_name, id`,
      [roundId],
    );
  }

  /** Rounds ended by `now`, newest end first, one page. */
  async endedRounds(f: EndedRoundsFilter, now: Date, page: number, pageSize: number): Promise<{ rows: RoundRow[]; total: number }> {
    const params: unknown[] = [now];
    const where = ['r.ends_at <= $1'];
    if (f.itemId) where.push(`r.item_id = $${params.push(f.itemId)}`);
    if (f.department) where.push(`r.department_code = $${params.push(f.department)}`);
    if (f.endsFrom) where.push(`r.ends_at >= $${params.push(f.endsFrom)}`);
    if (f.endsTo) where.push(`r.ends_at <= $${params.push(f.endsTo)}`);
    const clause = where.join(' AND ');
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM approval.disclosure_rounds r WHERE ${clause}`, params);
    const rows: RoundRow[] = await this.dataSource.query(
      `SELECT r.* FROM approval.disclosure_rounds r WHERE ${clause} ORDER BY r.ends_at DESC, r.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize]);
    return { rows, total };
  }

  /** Every firm a round listed, whatever became of it. */
  roundApplications(roundId: string): Promise<Array<{ enterprise_name: string; item_name: string; amount_fen: number | string; state: ApplicationState }>> {
    return this.dataSource.query(
      `SELECT enterprise_name, item_name, amount_fen, state FROM approval.applications WHERE disclosure_round_id = $1 ORDER BY enterprise_name, id`, [roundId]);
  }

  /** A round's examined objections (never the objector's contact); spam ones were not examined. */
  roundObjections(roundId: string): Promise<Array<{ enterprise_name: string; status: 'open' | 'upheld' | 'dismissed'; resolution: string | null; created_at: Date; resolved_at: Date | null }>> {
    return this.dataSource.query(
      `SELECT a.enterprise_name, o.status, o.resolution, o.created_at, o.resolved_at FROM approval.objections o JOIN approval.applications a ON a.id = o.application_id
       WHERE o.round_id = $1 AND o.status <> 'spam' ORDER BY o.created_at, o.id`, [roundId]);
  }

  /** Applications per round and state, and examined objections per round and status. */
  async outcomeCounts(roundIds: string[]): Promise<{ apps: RoundStateCount[]; objections: RoundObjectionCount[] }> {
    if (roundIds.length === 0) return { apps: [], objections: [] };
    const apps: RoundStateCount[] = await this.dataSource.query(
      `SELECT disclosure_round_id AS round_id, state, count(*)::int AS n FROM approval.applications WHERE disclosure_round_id = ANY($1::uuid[]) GROUP BY 1, 2`, [roundIds]);
    const objections: RoundObjectionCount[] = await this.dataSource.query(
      // objections staff marked as spam (无效异议) were not examined: not part of the public outcome
      `SELECT round_id, status, count(*)::int AS n FROM approval.objections WHERE round_id = ANY($1::uuid[]) AND status <> 'spam' GROUP BY 1, 2`, [roundIds]);
    return { apps, objections };
  }

  async roundEnd(roundId: string, m: Db = this.dataSource): Promise<Date | null> {
    const rows: Array<{ ends_at: Date }> = await m.query(`SELECT ends_at FROM approval.disclosure_rounds WHERE id = $1`, [roundId]);
    return rows[0] ? new Date(rows[0].ends_at) : null;
  }
}
