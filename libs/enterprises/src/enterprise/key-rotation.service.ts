import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EnterpriseRepository, EnterpriseRow, factsOf, SELECT_COLUMNS } from './enterprise.repository';
import { EnterpriseInput } from './enterprise.types';
import { EnterprisesService } from './enterprises.service';

const REKEY_LOCK = 7_001_101;
const BATCH = 2000;

export interface RekeyOutcome {
  fromKeyId: string;
  toKeyId: string;
  reindexed: number;
  reencrypted: number;
}

/**
 * Keeps the profiles' keyed data current with the platform's keys. Import digests contain blind
 * indexes of the account and phone (so a re-import of the same file changes nothing): when the
 * blind-index key changes (a new master, or the move from sha256(master‖value) to HMAC), every
 * digest is recomputed from the stored values at boot, and secrets still under a retired key are
 * re-encrypted under the current one — before any import can compare against stale digests.
 */
@Injectable()
export class EnterpriseKeyRotation implements OnApplicationBootstrap {
  private readonly logger = new Logger('EnterpriseKeys');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: EnterpriseRepository,
    private readonly enterprises: EnterprisesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const r = await this.rekey();
    if (r) this.logger.log(`blind-index key ${r.fromKeyId} → ${r.toKeyId}: ${r.reindexed} import digests recomputed, ${r.reencrypted} secrets re-encrypted`);
  }

  /** Re-indexes (and re-encrypts) when the stored blind-index key id is not the current one; null when nothing to do. */
  async rekey(): Promise<RekeyOutcome | null> {
    const cipher = this.enterprises.cipher;
    const current = cipher.blindIndexKeyId;
    const [state]: Array<{ key_id: string }> = await this.dataSource.query(`SELECT key_id FROM enterprise.key_state WHERE purpose = 'blind-index'`);
    if (state?.key_id === current) return null;
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [REKEY_LOCK]);
      const [locked]: Array<{ key_id: string }> = await m.query(`SELECT key_id FROM enterprise.key_state WHERE purpose = 'blind-index' FOR UPDATE`);
      if (locked?.key_id === current) return null;
      const outcome: RekeyOutcome = { fromKeyId: locked?.key_id ?? 'none', toKeyId: current, reindexed: 0, reencrypted: 0 };
      for (let after = 0; ; ) {
        const rows: Array<EnterpriseRow & { seq: string | number; bank_account_enc: string | null; contact_phone_enc: string | null }> = await m.query(
          `SELECT seq, ${SELECT_COLUMNS}, bank_account_enc, contact_phone_enc FROM enterprise.enterprises WHERE seq > $1 ORDER BY seq LIMIT $2`,
          [after, BATCH],
        );
        if (rows.length === 0) break;
        after = Number(rows[rows.length - 1].seq);
        await this.rewrite(m, rows, outcome);
      }
      await m.query(
        `INSERT INTO enterprise.key_state (purpose, key_id) VALUES ('blind-index', $1)
         ON CONFLICT (purpose) DO UPDATE SET key_id = EXCLUDED.key_id, updated_at = now()`,
        [current],
      );
      return outcome;
    });
  }

  private async rewrite(
    m: EntityManager,
    rows: Array<EnterpriseRow & { bank_account_enc: string | null; contact_phone_enc: string | null }>,
    outcome: RekeyOutcome,
  ): Promise<void> {
    const cipher = this.enterprises.cipher;
    const ids: string[] = [];
    const digests: string[] = [];
    const banks: Array<string | null> = [];
    const phones: Array<string | null> = [];
    for (const r of rows) {
      const bank = r.bank_account_enc ? cipher.decrypt(r.bank_account_enc) : null;
      const phone = r.contact_phone_enc ? cipher.decrypt(r.contact_phone_enc) : null;
      // Digests of rows a person or a rule changed are not import digests (`edited:…`, `derived:…`): left alone.
      const imported = !/^(edited|derived):/.test(r.content_digest);
      const input: EnterpriseInput = {
        ...factsOf(r), creditCode: r.credit_code, creditSource: r.credit_source, creditSince: r.credit_since, creditUntil: r.credit_until,
        bankName: r.bank_name, bankAccount: bank, contactName: r.contact_name, contactPhone: phone,
      };
      const newBank = r.bank_account_enc ? cipher.reencrypt(r.bank_account_enc) : null;
      const newPhone = r.contact_phone_enc ? cipher.reencrypt(r.contact_phone_enc) : null;
      outcome.reencrypted += Number(newBank !== r.bank_account_enc) + Number(newPhone !== r.contact_phone_enc);
      if (imported) outcome.reindexed++;
      ids.push(r.id);
      digests.push(imported ? this.repo.contentDigest(input, cipher) : r.content_digest);
      banks.push(newBank);
      phones.push(newPhone);
    }
    // Neither the version nor updated_at moves: the profile's content is the same.
    await m.query(
      `UPDATE enterprise.enterprises e SET content_digest = u.digest, bank_account_enc = u.bank, contact_phone_enc = u.phone
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(id, digest, bank, phone) WHERE e.id = u.id`,
      [ids, digests, banks, phones],
    );
  }
}
