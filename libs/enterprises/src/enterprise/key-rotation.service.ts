import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EnterpriseRepository, factsOf } from './enterprise.repository';
import { EnterpriseInput } from './enterprise.types';
import { EnterprisesService } from './enterprises.service';
import { KeyedRow, KeyRotationRepository } from './key-rotation.repository';

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
    private readonly keys: KeyRotationRepository,
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
    if ((await this.keys.storedKeyId()) === current) return null;
    return this.keys.locked(REKEY_LOCK, async (m, stored) => {
      if (stored === current) return null;
      const outcome: RekeyOutcome = { fromKeyId: stored ?? 'none', toKeyId: current, reindexed: 0, reencrypted: 0 };
      for (let after = 0; ; ) {
        const rows = await this.keys.batch(m, after, BATCH);
        if (rows.length === 0) break;
        after = Number(rows[rows.length - 1].seq);
        await this.keys.rewrite(m, this.rekeyed(rows, outcome));
      }
      await this.keys.storeKeyId(m, current);
      return outcome;
    });
  }

  /** The rows' new digests (import digests only) and secrets under the current key, counting what changes. */
  private rekeyed(rows: KeyedRow[], outcome: RekeyOutcome): Array<{ id: string; digest: string; bank: string | null; phone: string | null }> {
    const cipher = this.enterprises.cipher;
    const out: Array<{ id: string; digest: string; bank: string | null; phone: string | null }> = [];
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
      out.push({ id: r.id, digest: imported ? this.repo.contentDigest(input, cipher) : r.content_digest, bank: newBank, phone: newPhone });
    }
    return out;
  }
}
