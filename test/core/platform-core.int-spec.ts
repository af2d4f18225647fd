import { AuditService } from '@app/core';
import { waitFor } from '../support/wait-for';
import { createTestApp, TestApp } from '../support/test-app';

describe('core over HTTP: boot, health, login, RBAC, audit chain', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({});
  });
  afterAll(async () => t?.close());

  it('reports the database, queue and search modes on /health', async () => {
    const res = await t.http.get('/api/v1/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.database).toEqual({ mode: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite', up: true });
    expect(res.body.queue.mode).toBe(process.env.TEST_REDIS_URL ? 'bull' : 'in-process');
    expect(res.body.search.mode).toBe('postgres-fts');
  });

  it('ran the migrations (no synchronize): schemas core and audit exist', async () => {
    const rows: Array<{ name: string }> = await t.dataSource.query(`SELECT name FROM migrations ORDER BY id`);
    expect(rows.map((r) => r.name)).toContain('CoreInit1732000000000');
  });

  it('logs in with a password and returns a JWT carrying role and department', async () => {
    await t.createUser({ username: 'kj_editor', displayName: '科技局编辑', role: 'dept_editor', departmentCode: 'kjj' });
    const token = await t.login('kj_editor');
    const me = await t.http.get('/api/v1/auth/me').set('authorization', token).expect(200);
    expect(me.body).toMatchObject({ username: 'kj_editor', role: 'dept_editor', departmentCode: 'kjj' });
  });

  it('refuses a wrong password with a coded 401 and audits it as denied', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ username: 'kj_editor', password: 'wrong-password' }).expect(401);
    expect(res.body).toEqual({ code: 'AUTH.INVALID_CREDENTIALS', message: '用户名或密码错误' });
    const rows = await t.dataSource.query(`SELECT action, outcome FROM audit.audit_log WHERE action = 'auth.login_failed'`);
    expect(rows).toEqual([{ action: 'auth.login_failed', outcome: 'denied' }]);
  });

  it('validates the login body with a coded 400', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ username: 5 }).expect(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    expect(JSON.stringify(res.body.details)).toContain('password');
  });

  it('requires a token, and a valid one', async () => {
    expect((await t.http.get('/api/v1/auth/me').expect(401)).body.code).toBe('AUTH.UNAUTHENTICATED');
    expect((await t.http.get('/api/v1/auth/me').set('authorization', 'Bearer forged.token.x').expect(401)).body.code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('denies a role not allowed (403) and audits the denial', async () => {
    const token = await t.login('kj_editor');
    const res = await t.http.get('/api/v1/audit/verify').set('authorization', token).expect(403);
    expect(res.body.code).toBe('AUTH.FORBIDDEN');
    const rows = await waitFor(
      () => t.dataSource.query(`SELECT actor_name FROM audit.audit_log WHERE action = 'auth.role_denied'`),
      (r: unknown[]) => r.length > 0,
    );
    expect(rows).toEqual([{ actor_name: 'kj_editor' }]);
  });

  it('rate-limits repeated login failures for one account', async () => {
    await t.createUser({ username: 'victim', displayName: 'v', role: 'leader' });
    let last = 0;
    for (let i = 0; i < 60 && last !== 429; i++) {
      last = (await t.http.post('/api/v1/auth/login').send({ username: 'victim', password: `guess-${i}` })).status;
    }
    expect(last).toBe(429);
    const res = await t.http.post('/api/v1/auth/login').send({ username: 'victim', password: 'test-password-1' });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('AUTH.RATE_LIMITED');
  });

  it('keeps a hash chain that verify accepts, refuses rewrites, and detects tampering at the first bad entry', async () => {
    const audit = t.app.get(AuditService);
    for (let i = 0; i < 5; i++) await audit.record({ actor: { id: 'u1', role: 'admin' }, action: 'test.step', targetType: 'thing', targetId: String(i), after: { i } });
    const admin = await t.createUser({ username: 'root_admin', displayName: 'admin', role: 'admin' });
    const ok = await t.http.get('/api/v1/audit/verify').set('authorization', admin).expect(200);
    expect(ok.body.ok).toBe(true);
    expect(ok.body.checked).toBeGreaterThanOrEqual(5);

    await expect(t.dataSource.query(`UPDATE audit.audit_log SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);

    const [{ seq }] = await t.dataSource.query(`SELECT seq FROM audit.audit_log WHERE action='test.step' AND target_id='2'`);
    await t.dataSource.query(`ALTER TABLE audit.audit_log DISABLE TRIGGER "TRG_audit_log_append_only"`);
    await t.dataSource.query(`UPDATE audit.audit_log SET details = '{"forged":true}' WHERE seq = $1`, [seq]);
    await t.dataSource.query(`ALTER TABLE audit.audit_log ENABLE TRIGGER "TRG_audit_log_append_only"`);
    const bad = await audit.verify();
    expect(bad.ok).toBe(false);
    expect(bad.firstTampered?.seq).toBe(Number(seq));
    expect(bad.firstTampered?.reason).toMatch(/hash/);
  });
});
