import { randomBytes } from 'node:crypto';
import { buildKeyRing, ConfigError, KeyRegistry, keyRingOf } from '@app/core';
import { createTestApp, TestApp } from '../support/test-app';

/** A key id names one key forever: rotating means a new id, the old key kept as retired. */
describe('key registry: a key id cannot silently change its key', () => {
  let t: TestApp;
  const A = randomBytes(32);
  const B = randomBytes(32);

  beforeAll(async () => {
    t = await createTestApp({ env: { ENCRYPTION_KEY: A.toString('hex'), ENCRYPTION_KEY_ID: 'k1' } });
  });
  afterAll(async () => t?.close());

  const check = (keys: ReturnType<typeof buildKeyRing>) => new KeyRegistry(t.dataSource, { ...t.config, keys }).check();

  it('records the fingerprint at boot, never the key', async () => {
    const rows: Array<{ kid: string; fingerprint: string }> = await t.dataSource.query(`SELECT kid, fingerprint FROM core.key_registry`);
    expect(rows).toEqual([{ kid: 'k1', fingerprint: expect.stringMatching(/^[0-9a-f]{12}$/) }]);
    expect(JSON.stringify(rows)).not.toContain(A.toString('hex').slice(0, 12));
  });

  it('refuses another key under the same id (ENCRYPTION_KEY), and a retired id with the wrong key', async () => {
    await expect(check(keyRingOf(B, 'k1'))).rejects.toThrow(ConfigError);
    await expect(check(keyRingOf(B, 'k1'))).rejects.toThrow(/ENCRYPTION_KEY .*k1/);
    await expect(check(buildKeyRing([{ kid: 'k2', key: B }, { kid: 'k1', key: A }]))).resolves.toBeUndefined();
    await expect(check(buildKeyRing([{ kid: 'k3', key: randomBytes(32) }, { kid: 'k2', key: A }]))).rejects.toThrow(/ENCRYPTION_KEYS_RETIRED/);
  });
});
