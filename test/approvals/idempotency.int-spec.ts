import { TestApp } from '../support/test-app';
import { Actors, bootApprovals, emitPayoutResult, loadFirms, publishItem, WAN } from './approval-fixture';

jest.setTimeout(120_000);

const COMMIT = { textVersion: 'XYCN-2026.1' };

describe('Idempotency-Key on state-changing requests; commitments idempotent by themselves', () => {
  let t: TestApp;
  let who: Actors;
  let firm: string;
  let item: { itemId: string };

  const draft = async (): Promise<string> => {
    // a new firm each time: one application per firm, item and period
    const [id] = await loadFirms(t, [{ name: `幂等测试企业${Math.random().toString(36).slice(2, 8)}有限公司` }]);
    const auth = await t.createUser({ username: `idem_${id.slice(-8)}`, displayName: '经办', role: 'enterprise', enterpriseId: id });
    firm = auth;
    return (await t.http.post('/api/v1/applications').set('authorization', auth).send({ itemId: item.itemId }).expect(201)).body.id as string;
  };
  const signatures = async (appId: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM approval.commitments WHERE application_id = $1`, [appId]))[0].n as number;
  const audits = async (action: string, targetId: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit.audit_log WHERE action = $1 AND target_id = $2`, [action, targetId]))[0].n as number;

  beforeAll(async () => {
    ({ t, who } = await bootApprovals());
    item = await publishItem(t, who, { name: '研发补助（即申即享）', mode: 'instant', formula: { kind: 'fixed', amount: 10 * WAN } });
  });
  afterAll(async () => t?.close());

  it('20 concurrent POST …/commitment with one key: one signature, one audit entry, every answer the same', async () => {
    const appId = await draft();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => t.http.post(`/api/v1/applications/${appId}/commitment`).set('authorization', firm).set('idempotency-key', 'commit-once').send(COMMIT)),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const ok = responses.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThan(0);
    expect(new Set(ok.map((r) => JSON.stringify(r.body))).size).toBe(1);
    for (const r of responses.filter((x) => x.status === 409)) expect(r.body.code).toBe('IDEMPOTENCY.IN_PROGRESS');
    expect(ok.filter((r) => r.headers['idempotent-replayed'] === 'true').length).toBe(ok.length - 1);
    expect(await signatures(appId)).toBe(1);
    expect(await audits('application.commitment', appId)).toBe(1);
  });

  it('without a key, 20 concurrent commitments still make one signature (the operation itself is idempotent)', async () => {
    const appId = await draft();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => t.http.post(`/api/v1/applications/${appId}/commitment`).set('authorization', firm).send(COMMIT)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.body.signedAt)).size).toBe(1);
    expect(await signatures(appId)).toBe(1);
    expect(await audits('application.commitment', appId)).toBe(1);
  });

  it('the same key with another body or route is refused (422) and changes nothing; a refused request frees its key', async () => {
    const appId = await draft();
    await t.http.post(`/api/v1/applications/${appId}/commitment`).set('authorization', firm).set('idempotency-key', 'k-1').send(COMMIT).expect(201);
    const other = await t.http.post(`/api/v1/applications/${appId}/commitment`).set('authorization', firm).set('idempotency-key', 'k-1').send({ textVersion: 'XYCN-2025.9' }).expect(422);
    expect(other.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    const route = await t.http.post(`/api/v1/applications/${appId}/submit`).set('authorization', firm).set('idempotency-key', 'k-1').expect(422);
    expect(route.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect((await t.http.get(`/api/v1/applications/${appId}`).set('authorization', firm)).body.state).toBe('draft');
    // a request refused by validation takes no effect and gives its key up
    await t.http.post(`/api/v1/applications/${appId}/withdraw`).set('authorization', firm).set('idempotency-key', 'k-2').send({ reason: 5 }).expect(400);
    const w = await t.http.post(`/api/v1/applications/${appId}/withdraw`).set('authorization', firm).set('idempotency-key', 'k-2').send({ reason: '不再申请' }).expect(200);
    expect(w.body.state).toBe('withdrawn');
    expect((await t.http.post(`/api/v1/applications/${appId}/withdraw`).set('authorization', firm).set('idempotency-key', 'k-2').send({ reason: '不再申请' }).expect(200)).headers['idempotent-replayed']).toBe('true');
    expect((await t.http.post(`/api/v1/applications/${appId}/commitment`).set('authorization', firm).set('idempotency-key', 'x'.repeat(256)).send(COMMIT).expect(400)).body.code).toBe('IDEMPOTENCY.KEY_INVALID');
  });

  it('keys belong to their caller: another user with the same key is not answered from it', async () => {
    const a = await draft();
    const firmA = firm;
    const b = await draft();
    const r1 = await t.http.post(`/api/v1/applications/${a}/commitment`).set('authorization', firmA).set('idempotency-key', 'shared-key').send(COMMIT).expect(201);
    const r2 = await t.http.post(`/api/v1/applications/${b}/commitment`).set('authorization', firm).set('idempotency-key', 'shared-key').send(COMMIT).expect(201);
    expect(r2.headers['idempotent-replayed']).toBeUndefined();
    expect(r1.body.signedAt).not.toBe(r2.body.signedAt);
  });

  it('clawback recover: 20 concurrent with one key record the money once; after 24 h the key runs again', async () => {
    const appId = await draft();
    await t.http.post(`/api/v1/applications/${appId}/commitment`).set('authorization', firm).send(COMMIT).expect(201);
    expect((await t.http.post(`/api/v1/applications/${appId}/submit`).set('authorization', firm).expect(200)).body.state).toBe('approved');
    await t.http.post(`/api/v1/applications/${appId}/confirm`).set('authorization', firm).send({}).expect(200);
    await emitPayoutResult(t, appId, 'settled', 10 * WAN);
    const cb = await t.http.post(`/api/v1/applications/${appId}/clawback`).set('authorization', who.reviewer).send({ reason: '事后核查不符' }).expect(201);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => t.http.post(`/api/v1/clawbacks/${cb.body.id}/recover`).set('authorization', who.reviewer).set('idempotency-key', 'recover-1').send({ amountFen: WAN })),
    );
    expect(responses.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const [row] = await t.dataSource.query(`SELECT recovered_fen FROM approval.clawbacks WHERE id = $1`, [cb.body.id]);
    expect(Number(row.recovered_fen)).toBe(WAN);
    expect(await audits('clawback.recover', cb.body.id)).toBe(1);
    // keys expire after 24 hours: the same key is then a new request
    await t.dataSource.query(`UPDATE core.idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'recover-1'`);
    await t.http.post(`/api/v1/clawbacks/${cb.body.id}/recover`).set('authorization', who.reviewer).set('idempotency-key', 'recover-1').send({ amountFen: WAN }).expect(200);
    const [after] = await t.dataSource.query(`SELECT recovered_fen FROM approval.clawbacks WHERE id = $1`, [cb.body.id]);
    expect(Number(after.recovered_fen)).toBe(2 * WAN);
    const [{ ttl }] = await t.dataSource.query(`SELECT extract(epoch FROM expires_at - created_at)::int AS ttl FROM core.idempotency_keys WHERE key = 'recover-1'`);
    expect(ttl).toBe(24 * 3600);
  });
});
