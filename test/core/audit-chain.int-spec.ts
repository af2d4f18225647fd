import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AppConfig, AuditRepository, AuditService, buildKeyRing, canonicalJson, GENESIS_HASH } from '@app/core';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The audit chain against a database writer: someone who can run any SQL (triggers off) and has read
 * the source, but does not hold the audit key nor write access to DATA_DIR. Every way they could
 * rewrite history — rebuild the chain as the old code hashed it, with a guessed key, cut its tail,
 * replace it wholesale — is detected; so is an altered checkpoint file.
 */
describe('audit chain: keyed (HMAC) and anchored in a signed checkpoint', () => {
  let t: TestApp;
  let audit: AuditService;

  interface Row {
    seq: string;
    id: string;
    at: Date;
    actor_id: string | null;
    actor_role: string | null;
    action: string;
    target_type: string | null;
    target_id: string | null;
    outcome: string;
    before_digest: string | null;
    after_digest: string | null;
    details: unknown;
    key_id: string | null;
  }

  const rows = async (): Promise<Row[]> =>
    t.dataSource.query(`SELECT seq, id, at, actor_id, actor_role, action, target_type, target_id, outcome, before_digest, after_digest, details, key_id
                        FROM audit.audit_log ORDER BY seq`);
  const asWriter = async (sql: string, params: unknown[] = []) => {
    await t.dataSource.query(`ALTER TABLE audit.audit_log DISABLE TRIGGER "TRG_audit_log_append_only"`);
    try {
      await t.dataSource.query(sql, params);
    } finally {
      await t.dataSource.query(`ALTER TABLE audit.audit_log ENABLE TRIGGER "TRG_audit_log_append_only"`);
    }
  };
  /** Recomputes every hash as the writer can: plain SHA-256 (the old scheme) or HMAC under a key they guess. */
  const rebuild = async (hashWith: (prev: string, fields: Record<string, unknown>) => string, keyId: string | null) => {
    let prev = GENESIS_HASH;
    for (const r of await rows()) {
      const fields: Record<string, unknown> = {
        seq: Number(r.seq), id: r.id, at: new Date(r.at).toISOString(), actorId: r.actor_id, actorRole: r.actor_role, action: r.action,
        targetType: r.target_type, targetId: r.target_id, outcome: r.outcome, beforeDigest: r.before_digest, afterDigest: r.after_digest,
        details: r.details, ...(keyId ? { keyId } : {}),
      };
      const hash = hashWith(prev, fields);
      await asWriter(`UPDATE audit.audit_log SET prev_hash = $2, hash = $3, key_id = $4 WHERE seq = $1`, [r.seq, prev, hash, keyId]);
      prev = hash;
    }
  };
  const sha256Chain = (prev: string, f: Record<string, unknown>) => createHash('sha256').update(prev).update(canonicalJson(f)).digest('hex');
  const entries = async (n: number, tag: string) => {
    for (let i = 0; i < n; i++) await audit.record({ actor: { id: 'u1', role: 'admin' }, action: `test.${tag}`, targetType: 'thing', targetId: String(i), after: { i } });
  };
  /** A fresh chain for each case: the log emptied and its checkpoint file forgotten. */
  const reset = async () => {
    await asWriter(`DELETE FROM audit.audit_log`);
    rmSync(audit.checkpointFile, { force: true });
  };

  beforeAll(async () => {
    t = await createTestApp({});
    audit = t.app.get(AuditService);
  });
  afterAll(async () => t?.close());
  beforeEach(reset);

  it('stores each entry with the id of the audit key; a good chain and its anchor verify', async () => {
    await entries(4, 'good');
    expect((await rows()).every((r) => r.key_id === t.config.keys.audit.current.kid)).toBe(true);
    expect(await audit.checkpoint()).toEqual({ written: true, seq: 4 });
    await entries(2, 'more');
    const v = await audit.verify();
    expect(v).toMatchObject({ ok: true, checked: 6, checkpoint: { seq: 4, ok: true } });
    const cp = JSON.parse(readFileSync(audit.checkpointFile, 'utf8'));
    expect(cp).toMatchObject({ version: 1, seq: 4, keyId: 'k1' });
    expect(cp.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists entries over HTTP as the console reads them: newest first, seq a number, at in ISO 8601, filtered by object', async () => {
    const auditor = await t.createUser({ username: 'auditor_list', displayName: '审计员', role: 'auditor' });
    await entries(3, 'listed');
    await audit.record({ actor: null, action: 'test.other', targetType: 'other', targetId: 'x', details: { note: 1 } });
    const res = await t.http.get('/api/v1/audit/entries').query({ targetType: 'thing', limit: 2 }).set('authorization', auditor);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    const items = res.body.items as Array<{ seq: unknown; at: unknown; targetId: unknown; outcome: unknown; details: unknown }>;
    expect(items.map((e) => e.targetId)).toEqual(['2', '1']);
    expect(items.every((e) => typeof e.seq === 'number' && e.outcome === 'ok' && e.details === null)).toBe(true);
    expect(items[0].seq as number).toBeGreaterThan(items[1].seq as number);
    expect(items.every((e) => typeof e.at === 'string' && new Date(e.at).toISOString() === e.at)).toBe(true);
    const verified = await t.http.get('/api/v1/audit/verify').set('authorization', auditor);
    expect(verified.body).toMatchObject({ ok: true, checkpoint: null });
  });

  it('detects a chain rebuilt with plain SHA-256 after an edit (what verified under the unkeyed chain)', async () => {
    await entries(5, 'sha');
    await asWriter(`UPDATE audit.audit_log SET details = '{"forged":true}' WHERE seq = 3`);
    await rebuild(sha256Chain, t.config.keys.audit.current.kid);
    const v = await audit.verify();
    expect(v.ok).toBe(false);
    expect(v.firstTampered).toMatchObject({ seq: 1, reason: 'content does not match its hash' });
  });

  it('detects a chain rebuilt with a guessed key (the default master, or sha256(key‖label) as callbacks were)', async () => {
    await entries(3, 'guess');
    const guess = createHash('sha256').update(Buffer.from('00112233445566778899aabbccddeeff'.repeat(2), 'hex')).update('audit').digest();
    await rebuild((prev, f) => createHmac('sha256', guess).update(prev).update(canonicalJson(f)).digest('hex'), 'k1');
    expect((await audit.verify()).ok).toBe(false);
  });

  it('detects a downgrade: keyed entries rewritten as legacy unkeyed ones', async () => {
    await entries(3, 'down');
    await audit.checkpoint();
    await rebuild(sha256Chain, null); // all rows "legacy": the walk alone accepts a pure legacy chain…
    const v = await audit.verify();
    expect(v.ok).toBe(false); // …but the anchored head no longer matches
    expect(v.checkpoint).toMatchObject({ ok: false, reason: expect.stringMatching(/rebuilt/) });
  });

  it('refuses unkeyed entries after keyed ones even without an anchor', async () => {
    await entries(2, 'k');
    const [{ hash }] = await t.dataSource.query(`SELECT hash FROM audit.audit_log WHERE seq = 2`);
    const fields = { seq: 3, id: '01900000-0000-7000-8000-000000000003', at: new Date().toISOString(), actorId: 'x', actorRole: 'admin', action: 'forged', targetType: null, targetId: null, outcome: 'ok', beforeDigest: null, afterDigest: null, details: null };
    await t.dataSource.query(
      `INSERT INTO audit.audit_log (seq, id, at, actor_id, actor_role, action, outcome, prev_hash, hash) VALUES (3, $1, $2, 'x', 'admin', 'forged', 'ok', $3, $4)`,
      [fields.id, fields.at, hash, sha256Chain(hash, fields)],
    );
    const v = await audit.verify();
    expect(v).toMatchObject({ ok: false, firstTampered: { seq: 3, reason: expect.stringMatching(/unkeyed entry after keyed/) } });
  });

  it('detects a cut tail and a replaced chain through the checkpoint', async () => {
    await entries(6, 'tail');
    await audit.checkpoint();
    await asWriter(`DELETE FROM audit.audit_log WHERE seq > 4`);
    const cut = await audit.verify();
    expect(cut.ok).toBe(false); // the four remaining entries verify; the anchor says there were six
    expect(cut.checkpoint?.reason).toMatch(/truncated/);
    expect(await audit.checkpoint()).toMatchObject({ written: false, reason: expect.stringMatching(/truncated/) }); // never re-anchors a cut chain

    await asWriter(`DELETE FROM audit.audit_log`);
    await entries(6, 'new'); // a whole new, internally valid chain
    const replaced = await audit.verify();
    expect(replaced.ok).toBe(false);
    expect(replaced.checkpoint?.reason).toMatch(/replaced/);
  });

  it('detects an altered checkpoint file (moving the anchor needs the audit key)', async () => {
    await entries(5, 'file');
    await audit.checkpoint();
    await asWriter(`DELETE FROM audit.audit_log WHERE seq > 3`);
    const cp = JSON.parse(readFileSync(audit.checkpointFile, 'utf8'));
    const [{ hash }] = await t.dataSource.query(`SELECT hash FROM audit.audit_log WHERE seq = 3`);
    writeFileSync(audit.checkpointFile, JSON.stringify({ ...cp, seq: 3, hash }));
    const v = await audit.verify();
    expect(v.ok).toBe(false);
    expect(v.checkpoint?.reason).toMatch(/signature invalid/);
  });

  it('keeps verifying legacy unkeyed entries written before keying, and entries of a retired key after rotation', async () => {
    // legacy prefix: as written before this change (no key id, SHA-256)
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 2; seq++) {
      const f = { seq, id: `01900000-0000-7000-8000-00000000000${seq}`, at: new Date().toISOString(), actorId: null, actorRole: null, action: 'legacy', targetType: null, targetId: null, outcome: 'ok', beforeDigest: null, afterDigest: null, details: null };
      const hash = sha256Chain(prev, f);
      await t.dataSource.query(`INSERT INTO audit.audit_log (seq, id, at, action, outcome, prev_hash, hash) VALUES ($1,$2,$3,'legacy','ok',$4,$5)`, [seq, f.id, f.at, prev, hash]);
      prev = hash;
    }
    await entries(2, 'k1');
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 4 });
    expect((await audit.checkpoint()).written).toBe(true);

    // rotate: k2 is the master now, k1 retired (read-only)
    const k1 = t.config.keys.field.legacy[0];
    const rotatedConfig: AppConfig = { ...t.config, keys: buildKeyRing([{ kid: 'k2', key: randomBytes(32) }, { kid: 'k1', key: k1 }]) };
    const rotated = new AuditService(new AuditRepository(t.dataSource), rotatedConfig);
    await rotated.record({ actor: null, action: 'after.rotation' });
    expect((await rows()).map((r) => r.key_id)).toEqual([null, null, 'k1', 'k1', 'k2']);
    expect(await rotated.verify()).toMatchObject({ ok: true, checked: 5, checkpoint: { ok: true } });
    expect((await rotated.checkpoint()).written).toBe(true);
    // without the retired key the k1 entries cannot be checked
    const forgotten = new AuditService(new AuditRepository(t.dataSource), { ...t.config, keys: buildKeyRing([{ kid: 'k2', key: randomBytes(32) }]) });
    expect((await forgotten.verify()).firstTampered?.reason).toMatch(/unknown audit key/);
  });
});
