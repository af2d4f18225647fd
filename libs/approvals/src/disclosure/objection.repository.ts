import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';

export interface NewContactVerification {
  id: string;
  roundId: string;
  phoneEnc: string;
  phoneDigest: string;
  sourceDigest: string;
  codeDigest: string;
  codeKeyId: string;
  expiresAt: Date;
  createdAt: Date;
}

export interface ContactVerificationRow {
  phone_enc: string;
  phone_digest: string;
  code_digest: string;
  code_key_id: string;
  attempts: number;
  expires_at: Date;
  used_at: Date | null;
}

export interface NewObjection {
  id: string;
  applicationId: string;
  roundId: string;
  contactName: string;
  contactEnc: string;
  contactMasked: string | null;
  reason: string;
  category: string;
  verifiedBy: 'sms' | 'login';
  objectorUserId: string | null;
  phoneDigest: string | null;
  sourceDigest: string;
  createdAt: Date;
}

/** Rolling counters the objection limits are checked against. */
export type ObjectionCounter =
  | { table: 'codes'; by: 'phone' | 'source'; value: string }
  | { table: 'objections'; by: 'source' | 'phone' | 'user'; value: string };

const COUNTERS = {
  codes: { phone: 'phone_digest', source: 'source_digest' },
  objections: { source: 'source_digest', phone: 'phone_digest', user: 'objector_user_id' },
} as const;
const TABLES = { codes: 'approval.contact_verifications', objections: 'approval.objections' } as const;

/** PostgreSQL access for 公示 objections (approval.objections) and the phone codes that prove an objector (approval.contact_verifications). */
/** An objection as the department's list reads it (the objector's contact masked). */
export interface ObjectionListRow {
  id: string;
  applicationId: string;
  enterpriseName: string;
  itemName: string;
  contactName: string | null;
  contactMasked: string | null;
  category: string;
  verifiedBy: string | null;
  reason: string;
  status: string;
  resolution: string | null;
  createdAt: Date | string;
  resolvedAt: Date | string | null;
}

@Injectable()
export class ObjectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Serialises the counting and the insert of one phone, source or objector until the transaction ends. */
  async lock(m: EntityManager, key: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
  }

  async countSince(m: EntityManager, c: ObjectionCounter, since: Date): Promise<number> {
    const column = (COUNTERS[c.table] as Record<string, string>)[c.by];
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM ${TABLES[c.table]} WHERE ${column} = $1 AND created_at > $2`, [c.value, since]);
    return n as number;
  }

  async insertVerification(m: EntityManager, v: NewContactVerification): Promise<void> {
    await m.query(
      `INSERT INTO approval.contact_verifications (id, round_id, phone_enc, phone_digest, source_digest, code_digest, code_key_id, expires_at, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [v.id, v.roundId, v.phoneEnc, v.phoneDigest, v.sourceDigest, v.codeDigest, v.codeKeyId, v.expiresAt, v.createdAt],
    );
  }

  async lockVerification(m: EntityManager, id: string, roundId: string): Promise<ContactVerificationRow | null> {
    const [v]: ContactVerificationRow[] = await m.query(`SELECT * FROM approval.contact_verifications WHERE id = $1 AND round_id = $2 FOR UPDATE`, [id, roundId]);
    return v ?? null;
  }

  async countWrongCode(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE approval.contact_verifications SET attempts = attempts + 1 WHERE id = $1`, [id]);
  }

  async spendCode(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE approval.contact_verifications SET used_at = now() WHERE id = $1`, [id]);
  }

  async insertObjection(m: EntityManager, o: NewObjection): Promise<void> {
    await m.query(
      `INSERT INTO approval.objections (id, application_id, round_id, contact_name, contact_enc, contact_masked, reason, category, verified_by,
         objector_user_id, phone_digest, source_digest, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
      [o.id, o.applicationId, o.roundId, o.contactName, o.contactEnc, o.contactMasked, o.reason, o.category, o.verifiedBy, o.objectorUserId, o.phoneDigest,
        o.sourceDigest, o.createdAt],
    );
  }

  /** Objections of a status for staff, of one department (null: all). */
  list(status: string, departmentCode: string | null | undefined, allDepartments: boolean): Promise<ObjectionListRow[]> {
    const params: unknown[] = [status];
    const scope = allDepartments ? '' : `AND a.department_code = $${params.push(departmentCode)}`;
    return this.dataSource.query(
      `SELECT o.id, o.application_id AS "applicationId", a.enterprise_name AS "enterpriseName", a.item_name AS "itemName", o.contact_name AS "contactName",
              o.contact_masked AS "contactMasked", o.category, o.verified_by AS "verifiedBy", o.reason, o.status, o.resolution,
              o.created_at AS "createdAt", o.resolved_at AS "resolvedAt"
       FROM approval.objections o JOIN approval.applications a ON a.id = o.application_id
       WHERE o.status = $1 ${scope} ORDER BY o.created_at`,
      params,
    );
  }

  async find(m: EntityManager, id: string): Promise<{ application_id: string; status: string } | null> {
    const [o]: Array<{ application_id: string; status: string }> = await m.query(`SELECT application_id, status FROM approval.objections WHERE id = $1`, [id]);
    return o ?? null;
  }

  async openCount(m: EntityManager, applicationId: string): Promise<number> {
    const [{ open }] = await m.query(`SELECT count(*)::int AS open FROM approval.objections WHERE application_id = $1 AND status = 'open'`, [applicationId]);
    return open as number;
  }

  /** Closes an open objection; false when it was not open any more. */
  async close(m: EntityManager, id: string, status: 'upheld' | 'dismissed' | 'spam', by: string, resolution: string): Promise<boolean> {
    const changed = await mutateReturning(
      m, `UPDATE approval.objections SET status = $2, resolved_by = $3, resolution = $4, resolved_at = now() WHERE id = $1 AND status = 'open' RETURNING id`,
      [id, status, by, resolution]);
    return changed.length > 0;
  }

  /** Upholds every other open objection of the application (one upheld is enough). */
  async upholdOpen(m: EntityManager, applicationId: string, by: string, resolution: string): Promise<void> {
    await m.query(`UPDATE approval.objections SET status = 'upheld', resolved_by = $2, resolution = $3, resolved_at = now() WHERE application_id = $1 AND status = 'open'`,
      [applicationId, by, resolution]);
  }
}
