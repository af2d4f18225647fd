import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning, uniqueViolation } from '@app/core';
import type { Db } from '../appeal/appeal.repository';
import type { ReceptionKind } from './reception.views';

export type ReceptionStatus = 'scheduled' | 'held' | 'cancelled';

export interface DayRow {
  id: string;
  title: string;
  theme: string | null;
  kind: ReceptionKind;
  held_on: string;
  location: string;
  host: string;
  district_code: string | null;
  capacity: number;
  registered: number;
  registration_deadline: string;
  notice: string;
  status: ReceptionStatus;
  minutes_summary: string | null;
  minutes_at: Date | null;
}

export interface NewDayRow {
  id: string;
  title: string;
  theme: string | null;
  kind: ReceptionKind;
  heldOn: string;
  location: string;
  host: string;
  districtCode: string | null;
  capacity: number;
  registrationDeadline: string;
  notice: string;
  createdBy: string;
  createdAt: Date;
}

export interface NewRegistrationRow {
  id: string;
  receptionDayId: string;
  enterpriseId: string;
  enterpriseName: string;
  topics: string;
  contactName: string | null;
  source: 'self' | 'invited';
  registeredBy: string;
  registeredAt: Date;
}

export interface RegistrationRow {
  id: string;
  reception_day_id: string;
  enterprise_id: string;
  enterprise_name: string;
  topics: string;
  contact_name: string | null;
  source: 'self' | 'invited';
  attended: boolean | null;
  registered_at: Date;
}

export interface MinutesAppealRow {
  number: string;
  enterprise_name: string;
  title: string;
  state: string;
  lead_department: string | null;
  answer_text: string | null;
}

const DAY_COLUMNS = `id, title, theme, kind, held_on::text AS held_on, location, host, district_code, capacity, registered,
  registration_deadline::text AS registration_deadline, notice, status, minutes_summary, minutes_at`;

/**
 * Every SQL statement of the reception days (接待日), their registrations and minutes; the decisions
 * (who may register, which error when a seat is not taken, what the minutes create) are ReceptionService's.
 */
@Injectable()
export class ReceptionRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** One day, optionally locked for the caller's transaction; null when there is none (or the id is malformed). */
  async day(id: string, m: Db = this.dataSource, lock = false): Promise<DayRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [r]: DayRow[] = await m.query(`SELECT ${DAY_COLUMNS} FROM appeal.reception_days WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return r ?? null;
  }

  async insertDay(m: EntityManager, x: NewDayRow): Promise<void> {
    await m.query(
      `INSERT INTO appeal.reception_days (id, title, theme, kind, held_on, location, host, district_code, capacity, registration_deadline, notice, status, created_by, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'scheduled',$12,$13)`,
      [x.id, x.title, x.theme, x.kind, x.heldOn, x.location, x.host, x.districtCode, x.capacity, x.registrationDeadline, x.notice, x.createdBy, x.createdAt.toISOString()],
    );
  }

  /** Days still scheduled and held on or after `today` (the public notices). */
  upcoming(today: string): Promise<DayRow[]> {
    return this.dataSource.query(
      `SELECT ${DAY_COLUMNS} FROM appeal.reception_days WHERE status = 'scheduled' AND held_on >= $1 ORDER BY held_on, id LIMIT 50`, [today]);
  }

  list(from?: string, to?: string): Promise<DayRow[]> {
    const params: unknown[] = [];
    const where = ['true'];
    if (from) where.push(`held_on >= $${params.push(from)}`);
    if (to) where.push(`held_on <= $${params.push(to)}`);
    return this.dataSource.query(`SELECT ${DAY_COLUMNS} FROM appeal.reception_days WHERE ${where.join(' AND ')} ORDER BY held_on DESC, id LIMIT 500`, params);
  }

  /**
   * Takes a seat iff the day is scheduled, not full and (unless `invited`) its deadline is not past:
   * the capacity is guarded in the same UPDATE. False when no seat was taken.
   */
  async takeSeat(m: EntityManager, id: string, invited: boolean, today: string): Promise<boolean> {
    const taken = await mutateReturning(m,
      `UPDATE appeal.reception_days SET registered = registered + 1 WHERE id = $1 AND status = 'scheduled' AND registered < capacity
         AND ($2 OR registration_deadline >= $3::date) RETURNING id`, [id, invited, today]);
    return taken.length > 0;
  }

  /** Inserts a registration; `false` when the firm is already registered for the day (nothing written). */
  async insertRegistration(m: EntityManager, r: NewRegistrationRow): Promise<boolean> {
    try {
      await m.query(
        `INSERT INTO appeal.registrations (id, reception_day_id, enterprise_id, enterprise_name, topics, contact_name, source, registered_by, registered_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
        [r.id, r.receptionDayId, r.enterpriseId, r.enterpriseName, r.topics, r.contactName, r.source, r.registeredBy, r.registeredAt.toISOString()],
      );
      return true;
    } catch (err) {
      if (uniqueViolation(err) === 'UQ_registrations_day_enterprise') return false;
      throw err;
    }
  }

  registrationsOfDay(id: string): Promise<RegistrationRow[]> {
    return this.dataSource.query(
      `SELECT id, reception_day_id, enterprise_id, enterprise_name, topics, contact_name, source, attended, registered_at FROM appeal.registrations WHERE reception_day_id = $1 ORDER BY registered_at, id`, [id]);
  }

  /** A firm's registrations, newest day first. */
  registrationsOfFirm(enterpriseId: string): Promise<RegistrationRow[]> {
    return this.dataSource.query(
      `SELECT r.id, r.reception_day_id, r.enterprise_id, r.enterprise_name, r.topics, r.contact_name, r.source, r.attended, r.registered_at
         FROM appeal.registrations r JOIN appeal.reception_days d ON d.id = r.reception_day_id
        WHERE r.enterprise_id = $1 ORDER BY d.held_on DESC, r.id LIMIT 200`, [enterpriseId]);
  }

  /** Marks the day's registrations present (their ids) or absent (all others); returns each one's `attended`. */
  async markAttendance(m: EntityManager, id: string, presentIds: string[]): Promise<boolean[]> {
    const rows: Array<{ attended: boolean }> = await mutateReturning(m,
      `UPDATE appeal.registrations SET attended = (id = ANY($2::uuid[])) WHERE reception_day_id = $1 RETURNING attended`,
      [id, presentIds]);
    return rows.map((r) => r.attended);
  }

  /** Records the minutes iff none are recorded and the day is not cancelled (the day becomes held). False otherwise. */
  async markMinutes(m: EntityManager, id: string, summary: string, at: Date): Promise<boolean> {
    const marked = await mutateReturning(m,
      `UPDATE appeal.reception_days SET minutes_summary = $2, minutes_at = $3, status = 'held' WHERE id = $1 AND minutes_at IS NULL AND status <> 'cancelled' RETURNING id`,
      [id, summary, at.toISOString()]);
    return marked.length > 0;
  }

  /** The numbers of appeals, by id. */
  async appealNumbers(ids: string[]): Promise<Map<string, string>> {
    const numbers: Array<{ id: string; number: string }> = await this.dataSource.query(`SELECT id, number FROM appeal.appeals WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(numbers.map((n) => [n.id, n.number]));
  }

  /** The appeals the day's minutes created, in the order they were created. */
  minutesAppeals(id: string): Promise<MinutesAppealRow[]> {
    return this.dataSource.query(
      `SELECT number, enterprise_name, title, state, lead_department, answer_text FROM appeal.appeals WHERE reception_day_id = $1 ORDER BY created_at, number`, [id]);
  }
}
