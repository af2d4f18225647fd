import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { buildKeyRing, KeyRing, MasterKey } from '../crypto/key-ring';
import { digest, GENESIS_HASH } from './audit.hash';
import type { AuditRepository, AuditRow, NewAuditEntry } from './audit.repository';
import { AuditService } from './audit.service';

/** The repository's contract, in memory: the log as rows, as PostgreSQL would give them back. */
class MemoryAudit {
  rows: Array<AuditRow & { actor_name: string | null }> = [];
  transactions = 0;
  locks = 0;

  transaction<T>(work: (m: EntityManager) => Promise<T>) {
    this.transactions++;
    return work({} as EntityManager);
  }
  async lockAppends() {
    this.locks++;
  }
  async head() {
    const last = this.rows[this.rows.length - 1];
    return last ? { seq: Number(last.seq), hash: last.hash } : null;
  }
  async insert(_m: unknown, e: NewAuditEntry) {
    this.rows.push({
      seq: String(e.seq), id: e.id, at: new Date(e.at), actor_id: e.actorId, actor_name: e.actorName, actor_role: e.actorRole, action: e.action,
      target_type: e.targetType, target_id: e.targetId, outcome: e.outcome, before_digest: e.beforeDigest, after_digest: e.afterDigest,
      details: e.details === null ? null : JSON.parse(JSON.stringify(e.details)), prev_hash: e.prevHash, hash: e.hash, key_id: e.keyId,
    });
  }
  async entriesFrom(fromSeq: number, limit: number) {
    return this.rows.filter((r) => Number(r.seq) >= fromSeq).slice(0, limit);
  }
  async firstId() {
    return this.rows.find((r) => Number(r.seq) === 1)?.id ?? null;
  }
  async hashAt(seq: number) {
    return this.rows.find((r) => Number(r.seq) === seq)?.hash ?? null;
  }
  async list() {
    return { total: this.rows.length, items: [] };
  }
}

const master = (kid: string): MasterKey => ({ kid, key: randomBytes(32) });

function setup(keys: KeyRing = buildKeyRing([master('k1')]), repo = new MemoryAudit()) {
  // No checkpoint file exists under this directory: verify reports `checkpoint: null`.
  const config = { dataDir: '/nonexistent/qinqing-audit-unit', database: { mode: 'pglite', dataDir: '/nonexistent/qinqing-audit-unit/pg' }, keys, audit: { checkpointSeconds: 0 } } as unknown as AppConfig;
  return { repo, audit: new AuditService(repo as unknown as AuditRepository, config), keys };
}

async function fill(audit: AuditService, n: number) {
  for (let i = 1; i <= n; i++) await audit.record({ actor: { id: `u${i}`, username: `用户${i}`, role: 'finance_maker' }, action: `act.${i}`, targetType: 'x', targetId: `t${i}`, before: { i }, after: { i: i + 1, account: '6222020000000000' }, details: { n: i } });
}

describe('AuditService chain decisions (no database)', () => {
  it('chains every entry on the one before, keyed under the current audit key, storing digests not the content', async () => {
    const { repo, audit } = setup();
    await fill(audit, 3);
    expect(repo.rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(repo.rows.map((r) => r.prev_hash)).toEqual([GENESIS_HASH, repo.rows[0].hash, repo.rows[1].hash]);
    expect(new Set(repo.rows.map((r) => r.hash)).size).toBe(3);
    expect(repo.rows[0]).toMatchObject({ actor_id: 'u1', actor_name: '用户1', actor_role: 'finance_maker', outcome: 'ok', key_id: 'k1', before_digest: digest({ i: 1 }) });
    expect(JSON.stringify(repo.rows)).not.toContain('6222020000000000');
    expect(repo.locks).toBe(3);
    expect(await audit.verify()).toEqual({ ok: true, checked: 3, checkpoint: null });
  });

  it("writes in the caller's transaction when given one, else in its own", async () => {
    const { repo, audit } = setup();
    await audit.record({ actor: null, action: 'own' });
    await audit.record({ actor: null, action: 'theirs' }, {} as EntityManager);
    expect(repo.transactions).toBe(1);
    expect(repo.rows.map((r) => [r.action, r.actor_id, r.details])).toEqual([['own', null, null], ['theirs', null, null]]);
  });

  it('finds the first tampered entry: changed content, a gap, a broken link', async () => {
    const changed = setup();
    await fill(changed.audit, 4);
    changed.repo.rows[2].action = 'act.harmless';
    expect(await changed.audit.verify()).toMatchObject({ ok: false, checked: 2, firstTampered: { seq: 3, reason: 'content does not match its hash' } });

    const cut = setup();
    await fill(cut.audit, 4);
    cut.repo.rows.splice(1, 1);
    expect((await cut.audit.verify()).firstTampered).toMatchObject({ seq: 3, reason: 'missing entry before seq 3 (expected 2)' });

    const relinked = setup();
    await fill(relinked.audit, 3);
    relinked.repo.rows[2].prev_hash = GENESIS_HASH;
    expect((await relinked.audit.verify()).firstTampered).toMatchObject({ seq: 3, reason: 'prev_hash does not match the previous entry' });
  });

  it('refuses a downgrade to unkeyed entries and entries under a key it does not hold; reads retired keys after rotation', async () => {
    const old = master('k1');
    const first = setup(buildKeyRing([old]));
    await fill(first.audit, 2);
    const rotated = setup(buildKeyRing([master('k2'), old]), first.repo);
    await rotated.audit.record({ actor: null, action: 'after.rotation' });
    expect(first.repo.rows.map((r) => r.key_id)).toEqual(['k1', 'k1', 'k2']);
    expect(await rotated.audit.verify()).toMatchObject({ ok: true, checked: 3 });
    expect((await first.audit.verify()).firstTampered).toMatchObject({ seq: 3, reason: 'keyed with an unknown audit key (k2)' });

    const downgraded = setup();
    await fill(downgraded.audit, 3);
    downgraded.repo.rows[1].key_id = null;
    expect((await downgraded.audit.verify()).firstTampered?.reason).toMatch(/^unkeyed entry after keyed entries/);
  });

  it('walks the chain in chunks without losing the link between them', async () => {
    const { audit, repo } = setup();
    await fill(audit, 5);
    expect(await audit.verify(2)).toMatchObject({ ok: true, checked: 5 });
    repo.rows[4].details = { n: 99 };
    expect(await audit.verify(2)).toMatchObject({ ok: false, checked: 4, firstTampered: { seq: 5 } });
  });
});
