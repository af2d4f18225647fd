import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface NewAccountVerification {
  id: string;
  applicationId: string;
  holderName: string;
  bankName: string | null;
  accountEnc: string;
  accountMasked: string | null;
  codeHash: string;
  codeKeyId: string;
  expiresAt: Date;
  createdAt: Date;
}

export interface AccountVerificationRow {
  holder_name: string; bank_name: string | null; account_enc: string; account_masked: string; code_hash: string; code_key_id: string | null;
  attempts: number; expires_at: Date; used_at: Date | null;
}

/** PostgreSQL access for the codes that confirm a change of receiving account (approval.account_verifications). */
@Injectable()
export class AccountVerificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Codes issued since `since` for the application, and for every application of its firm. */
  async issuedSince(m: EntityManager, applicationId: string, enterpriseId: string, since: Date): Promise<{ perApp: number; perFirm: number }> {
    const [{ perApp, perFirm }] = await m.query(
      `SELECT count(*) FILTER (WHERE v.application_id = $1)::int AS "perApp", count(*)::int AS "perFirm"
       FROM approval.account_verifications v JOIN approval.applications a ON a.id = v.application_id
       WHERE a.enterprise_id = $2 AND v.created_at > $3`,
      [applicationId, enterpriseId, since],
    );
    return { perApp, perFirm };
  }

  async insert(m: EntityManager, v: NewAccountVerification): Promise<void> {
    await m.query(
      `INSERT INTO approval.account_verifications (id, application_id, holder_name, bank_name, account_enc, account_masked, code_hash, code_key_id, expires_at, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [v.id, v.applicationId, v.holderName, v.bankName, v.accountEnc, v.accountMasked, v.codeHash, v.codeKeyId, v.expiresAt, v.createdAt],
    );
  }

  async lock(m: EntityManager, id: string, applicationId: string): Promise<AccountVerificationRow | null> {
    const [v]: AccountVerificationRow[] = await m.query(`SELECT * FROM approval.account_verifications WHERE id = $1 AND application_id = $2 FOR UPDATE`, [id, applicationId]);
    return v ?? null;
  }

  async countWrongCode(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE approval.account_verifications SET attempts = attempts + 1 WHERE id = $1`, [id]);
  }

  async spend(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE approval.account_verifications SET used_at = now() WHERE id = $1`, [id]);
  }
}
