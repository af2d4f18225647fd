import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EnterpriseRow, SELECT_COLUMNS } from './enterprise.repository';

export type KeyedRow = EnterpriseRow & { seq: string | number; bank_account_enc: string | null; contact_phone_enc: string | null };

/** Every SQL statement of the key rotation: the stored key id, profiles with their secrets in batches, and their rewrite. */
@Injectable()
export class KeyRotationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The key id the blind indexes were computed with (outside a transaction: the cheap check at boot); null when none is stored. */
  async storedKeyId(): Promise<string | null> {
    const [state]: Array<{ key_id: string }> = await this.dataSource.query(`SELECT key_id FROM enterprise.key_state WHERE purpose = 'blind-index'`);
    return state?.key_id ?? null;
  }

  /**
   * Runs the work holding the rotation's advisory lock and the key-state row (one rotation at a time);
   * the work gets the stored key id as it is under the lock.
   */
  locked<T>(lockId: number, work: (m: EntityManager, storedKeyId: string | null) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [lockId]);
      const [locked]: Array<{ key_id: string }> = await m.query(`SELECT key_id FROM enterprise.key_state WHERE purpose = 'blind-index' FOR UPDATE`);
      return work(m, locked?.key_id ?? null);
    });
  }

  /** The next batch of profiles after `afterSeq`, with their encrypted secrets. */
  batch(m: EntityManager, afterSeq: number, size: number): Promise<KeyedRow[]> {
    return m.query(
      `SELECT seq, ${SELECT_COLUMNS}, bank_account_enc, contact_phone_enc FROM enterprise.enterprises WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, size],
    );
  }

  /** Rewrites digests and secrets; neither the version nor updated_at moves (the profile's content is the same). */
  async rewrite(m: EntityManager, rows: Array<{ id: string; digest: string; bank: string | null; phone: string | null }>): Promise<void> {
    await m.query(
      `UPDATE enterprise.enterprises e SET content_digest = u.digest, bank_account_enc = u.bank, contact_phone_enc = u.phone
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(id, digest, bank, phone) WHERE e.id = u.id`,
      [rows.map((r) => r.id), rows.map((r) => r.digest), rows.map((r) => r.bank), rows.map((r) => r.phone)],
    );
  }

  async storeKeyId(m: EntityManager, keyId: string): Promise<void> {
    await m.query(
      `INSERT INTO enterprise.key_state (purpose, key_id) VALUES ('blind-index', $1)
       ON CONFLICT (purpose) DO UPDATE SET key_id = EXCLUDED.key_id, updated_at = now()`,
      [keyId],
    );
  }
}
