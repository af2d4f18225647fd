import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { buildKeyRing, FieldCipher } from '@app/core';
import { firmRow } from '../testing/unit-rows';
import { EnterpriseRepository, factsOf } from './enterprise.repository';
import type { EnterprisesService } from './enterprises.service';
import type { KeyedRow, KeyRotationRepository } from './key-rotation.repository';
import { EnterpriseKeyRotation } from './key-rotation.service';

const K1 = { kid: 'k1', key: randomBytes(32) };
const K2 = { kid: 'k2', key: randomBytes(32) };

/** KeyRotationRepository's contract in memory: the stored key id and the profiles with their secrets, by seq. */
class MemoryKeys {
  stored: string | null;
  /** What another instance stored meanwhile (seen only under the lock). */
  storedUnderLock?: string;
  rows: KeyedRow[] = [];
  locks = 0;
  constructor(stored: string | null) {
    this.stored = stored;
  }
  async storedKeyId() {
    return this.stored;
  }
  async locked<T>(_id: number, work: (m: EntityManager, stored: string | null) => Promise<T>) {
    this.locks++;
    return work({} as EntityManager, this.storedUnderLock ?? this.stored);
  }
  async batch(_m: unknown, after: number, size: number) {
    return this.rows.filter((r) => Number(r.seq) > after).slice(0, size);
  }
  async rewrite(_m: unknown, rows: Array<{ id: string; digest: string; bank: string | null; phone: string | null }>) {
    for (const u of rows) Object.assign(this.rows.find((r) => r.id === u.id)!, { content_digest: u.digest, bank_account_enc: u.bank, contact_phone_enc: u.phone });
  }
  async storeKeyId(_m: unknown, kid: string) {
    this.stored = kid;
  }
}

function keyed(seq: number, cipher: FieldCipher, digest: string, secrets = true): KeyedRow {
  const id = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  return { ...firmRow(), id, seq, content_digest: digest, bank_account_enc: secrets ? cipher.encrypt('6222021234567890123') : null,
    contact_phone_enc: secrets ? cipher.encrypt('13800138000') : null } as KeyedRow;
}

function setup(stored: string | null) {
  const oldCipher = new FieldCipher(buildKeyRing([K1]));
  const cipher = new FieldCipher(buildKeyRing([K2, K1]));
  const keys = new MemoryKeys(stored);
  const repo = new EnterpriseRepository({} as never);
  const rotation = new EnterpriseKeyRotation(keys as unknown as KeyRotationRepository, repo, { cipher } as unknown as EnterprisesService);
  return { keys, repo, rotation, cipher, oldCipher };
}

describe('EnterpriseKeyRotation (over an in-memory repository)', () => {
  it('does nothing, without taking the lock, when the stored key is the current one', async () => {
    const { rotation, keys } = setup('k2');
    expect(await rotation.rekey()).toBeNull();
    expect(keys.locks).toBe(0);
  });

  it('does nothing when another instance rotated meanwhile (seen under the lock)', async () => {
    const { rotation, keys, oldCipher } = setup('k1');
    keys.storedUnderLock = 'k2';
    keys.rows = [keyed(1, oldCipher, 'import-digest')];
    expect(await rotation.rekey()).toBeNull();
    expect(keys.rows[0].content_digest).toBe('import-digest');
  });

  it('recomputes import digests under the new key, leaves hand-edited and derived digests, re-encrypts secrets', async () => {
    const { rotation, keys, repo, cipher, oldCipher } = setup('k1');
    keys.rows = [keyed(1, oldCipher, 'import-digest'), keyed(2, oldCipher, 'edited:abc'), keyed(5, oldCipher, 'derived:def', false)];
    expect(await rotation.rekey()).toEqual({ fromKeyId: 'k1', toKeyId: 'k2', reindexed: 1, reencrypted: 4 });
    const [imported, edited, derived] = keys.rows;
    const input = { ...factsOf(imported), creditCode: imported.credit_code, creditSource: null, creditSince: null, creditUntil: null, bankName: null,
      bankAccount: '6222021234567890123', contactName: imported.contact_name, contactPhone: '13800138000' };
    expect(imported.content_digest).toBe(repo.contentDigest(input, cipher));
    expect([edited.content_digest, derived.content_digest]).toEqual(['edited:abc', 'derived:def']);
    expect(imported.bank_account_enc!.startsWith('v2:k2:')).toBe(true);
    expect(cipher.decrypt(edited.contact_phone_enc!)).toBe('13800138000');
    expect(derived.bank_account_enc).toBeNull();
    expect(keys.stored).toBe('k2');
    expect(await rotation.rekey()).toBeNull();
  });

  it('a first boot (no key stored) indexes everything and records the key', async () => {
    const { rotation, keys, cipher } = setup(null);
    keys.rows = [keyed(3, cipher, 'import-digest')];
    expect(await rotation.rekey()).toEqual({ fromKeyId: 'none', toKeyId: 'k2', reindexed: 1, reencrypted: 0 });
    expect(keys.stored).toBe('k2');
  });
});
