import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ApplicationRow } from '../application/application.types';

/** What opening a window and announcing an approval read of an application. */
export type WindowSubject = Pick<ApplicationRow, 'id' | 'enterprise_id' | 'item_id' | 'item_name' | 'amount_fen' | 'mode'>;

/** An application whose confirmation window may open, with what dates it. */
export type EndedWindowRow = WindowSubject & Pick<ApplicationRow, 'state_since' | 'disclosure_round_id'> & { round_ends_at: Date | null };

/** An application in its confirmation window, with its deadline as a date (YYYY-MM-DD). */
export type ConfirmingRow = Pick<ApplicationRow, 'id' | 'enterprise_id' | 'item_id' | 'item_name'> & { confirm_by: string };

/** A confirmation window to set on an application. */
export interface ConfirmationWindow {
  id: string;
  openedAt: Date;
  /** YYYY-MM-DD, China day. */
  confirmBy: string;
}

/**
 * Every SQL statement of the confirmation deadlines (确认期): setting windows, finding the
 * applications whose window opens, is running or has passed, and the lapsed ones past their grace
 * period. The dates, reminders and transitions are ConfirmationDeadlines', unit-tested without a
 * database. Methods taking `m` run in the caller's transaction; the `lock…` ones skip rows another
 * run holds, so two workers never handle the same application.
 */
@Injectable()
export class ConfirmationDeadlinesRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async setWindows(m: EntityManager, windows: ConfirmationWindow[], now: Date): Promise<void> {
    await m.query(
      `UPDATE approval.applications a SET confirm_opened_at = u.opened, confirm_by = u.by, updated_at = $4
       FROM unnest($1::uuid[], $2::timestamptz[], $3::date[]) AS u(id, opened, by) WHERE a.id = u.id`,
      [windows.map((w) => w.id), windows.map((w) => w.openedAt), windows.map((w) => w.confirmBy), now],
    );
  }

  /** Up to `limit` applications without a window whose 公示 has ended by `now` or that skip 公示, locked. */
  lockEndedWindows(m: EntityManager, now: Date, limit: number): Promise<EndedWindowRow[]> {
    return m.query(
      `SELECT a.id, a.enterprise_id, a.item_id, a.item_name, a.amount_fen, a.mode, a.state_since, a.disclosure_round_id, r.ends_at AS round_ends_at
       FROM approval.applications a
       LEFT JOIN approval.disclosure_rounds r ON r.id = a.disclosure_round_id
       WHERE a.confirm_by IS NULL AND (
         (a.state = 'in_disclosure' AND r.ends_at <= $1)
         OR (a.state = 'approved' AND (a.mode IN ('instant','commitment') OR r.ends_at <= $1)))
       ORDER BY a.id LIMIT $2 FOR UPDATE OF a SKIP LOCKED`,
      [now, limit],
    );
  }

  /** Marks the 公示 rounds ended by `now` as closed. */
  async closeEndedRounds(m: EntityManager, now: Date): Promise<void> {
    await m.query(`UPDATE approval.disclosure_rounds SET closed_at = $1 WHERE closed_at IS NULL AND ends_at <= $1`, [now]);
  }

  /** Applications still waiting for the firm's confirmation whose deadline is `today` or later, soonest first. */
  confirming(today: string): Promise<ConfirmingRow[]> {
    return this.dataSource.query(
      `SELECT id, enterprise_id, item_id, item_name, confirm_by::text AS confirm_by FROM approval.applications
       WHERE state IN ('approved','in_disclosure') AND confirm_by >= $1::date ORDER BY confirm_by, id`, [today]);
  }

  /** Up to `limit` applications past their confirmation deadline (before `today`), locked. */
  lockOverdue(m: EntityManager, today: string, limit: number): Promise<ApplicationRow[]> {
    return m.query(
      `SELECT * FROM approval.applications WHERE state IN ('approved','in_disclosure') AND confirm_by < $1::date
       ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`, [today, limit]);
  }

  /** Lapsed applications whose reopen grace period ended before `today`. */
  async lapsedPastGrace(m: EntityManager, today: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await m.query(`SELECT id FROM approval.applications WHERE state = 'lapsed' AND reopen_until < $1::date`, [today]);
    return rows.map((r) => r.id);
  }
}
