import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppConfig, AuditService, buildKeyRing, canonicalJson, OutboxService } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterpriseImportService, EnterpriseKeyRotation, EnterprisesModule, EnterprisesService, parseEnterpriseRecord } from '@app/enterprises';
import { EnterpriseProfilesRepository, EnterpriseRepository, factsOfInput, KeyRotationRepository } from '@app/enterprises/testing';
import { makeEnterpriseRow, toCsv } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

const K1 = randomBytes(32);
const K2 = randomBytes(32);

/** How the platform stored secrets before keys were derived: `v1`, the raw master as AES key. */
function legacyV1(master: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', master, iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
}

/** The import digest as the old code computed it: blind index = sha256(master ‖ value). */
function legacyDigest(master: Buffer, record: Record<string, unknown>): string {
  const parsed = parseEnterpriseRecord(record);
  if (!parsed.ok) throw new Error('bad row');
  const x = parsed.value;
  const blind = (v: string) => createHash('sha256').update(master).update(v).digest('hex');
  return createHash('sha256').update(canonicalJson({
    facts: factsOfInput(x), creditSource: x.creditSource ?? null, creditSince: x.creditSince ?? null, creditUntil: x.creditUntil ?? null,
    bankName: x.bankName ?? null, bankAccount: x.bankAccount ? blind(x.bankAccount) : null, contactName: x.contactName ?? null,
    contactPhone: x.contactPhone ? blind(x.contactPhone) : null,
  })).digest('hex');
}

/**
 * Blind indexes (inside the import digests that make a re-import of the same file a no-op) follow the
 * keys: the data the old code wrote is re-indexed at boot, and so is everything after a rotation —
 * secrets move to the new key at the same time, and still decrypt.
 */
describe('profile keys: legacy data and rotation keep lookups working', () => {
  let t: TestApp;
  const rows = Array.from({ length: 6 }, (_, i) => makeEnterpriseRow({ bankAccount: `62220212345678${String(10000 + i)}`, contactPhone: `1380013${String(8000 + i)}` }));
  const csv = toCsv(rows);
  const importWith = (svc: EnterprisesService) => new EnterpriseImportService(svc).import(Readable.from(csv), 'csv', null);
  const secrets = (): Promise<Array<{ credit_code: string; bank_account_enc: string; contact_phone_enc: string; content_digest: string }>> =>
    t.dataSource.query(`SELECT credit_code, bank_account_enc, contact_phone_enc, content_digest FROM enterprise.enterprises ORDER BY credit_code`);

  beforeAll(async () => {
    t = await createTestApp({ imports: [EnterprisesModule], migrations: [...ENTERPRISE_MIGRATIONS], env: { ENCRYPTION_KEY: K1.toString('hex') } });
  });
  afterAll(async () => t?.close());

  it('rows the old code wrote (v1 ciphertexts, sha256 blind indexes) are re-indexed and re-encrypted: the same file then changes nothing', async () => {
    const svc = t.app.get(EnterprisesService);
    expect(await importWith(svc)).toMatchObject({ created: 6 });
    expect((await secrets()).every((r) => r.bank_account_enc.startsWith('v2:k1:') && r.contact_phone_enc.startsWith('v2:k1:'))).toBe(true);
    // put the table back as the previous release left it
    for (const r of rows) {
      await t.dataSource.query(
        `UPDATE enterprise.enterprises SET bank_account_enc = $2, contact_phone_enc = $3, content_digest = $4 WHERE credit_code = $1`,
        [r.creditCode, legacyV1(K1, String(r.bankAccount)), legacyV1(K1, String(r.contactPhone)), legacyDigest(K1, r)],
      );
    }
    await t.dataSource.query(`UPDATE enterprise.key_state SET key_id = 'legacy' WHERE purpose = 'blind-index'`);

    const outcome = await t.app.get(EnterpriseKeyRotation).rekey();
    expect(outcome).toEqual({ fromKeyId: 'legacy', toKeyId: 'k1', reindexed: 6, reencrypted: 12 });
    const after = await secrets();
    expect(after.every((r) => r.bank_account_enc.startsWith('v2:k1:'))).toBe(true);
    expect(svc.cipher.decrypt(after[0].bank_account_enc)).toMatch(/^62220212345678/);
    const versions = await t.dataSource.query(`SELECT version FROM enterprise.enterprises`);
    expect(await importWith(svc)).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    expect(await t.dataSource.query(`SELECT version FROM enterprise.enterprises`)).toEqual(versions);
    expect(await t.app.get(EnterpriseKeyRotation).rekey()).toBeNull(); // done once
  });

  it('a new master key (k2, k1 retired): the re-index at boot keeps re-imports unchanged, secrets move to k2 and still decrypt', async () => {
    const rotated: AppConfig = { ...t.config, keys: buildKeyRing([{ kid: 'k2', key: K2 }, { kid: 'k1', key: K1 }]) };
    const repo = new EnterpriseRepository(t.dataSource);
    const svc = new EnterprisesService(new EnterpriseProfilesRepository(t.dataSource), repo, t.app.get(OutboxService), t.app.get(AuditService), rotated);
    const rotation = new EnterpriseKeyRotation(new KeyRotationRepository(t.dataSource), repo, svc);
    const before = await secrets();

    await rotation.onApplicationBootstrap();
    const after = await secrets();
    expect(after.every((r) => r.bank_account_enc.startsWith('v2:k2:') && r.contact_phone_enc.startsWith('v2:k2:'))).toBe(true);
    expect(after.map((r) => r.content_digest)).not.toEqual(before.map((r) => r.content_digest));
    const byCode = new Map(rows.map((r) => [r.creditCode, r]));
    for (const r of after) {
      expect(svc.cipher.decrypt(r.bank_account_enc)).toBe(byCode.get(r.credit_code)!.bankAccount);
      expect(svc.cipher.decrypt(r.contact_phone_enc)).toBe(byCode.get(r.credit_code)!.contactPhone);
    }
    expect(await importWith(svc)).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    const [state] = await t.dataSource.query(`SELECT key_id FROM enterprise.key_state WHERE purpose = 'blind-index'`);
    expect(state.key_id).toBe('k2');
  });
});
