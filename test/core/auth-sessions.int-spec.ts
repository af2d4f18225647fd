import { JwtService } from '@nestjs/jwt';
import { DenialCounter } from '@app/core';
import { createTestApp, TestApp, TEST_PASSWORD } from '../support/test-app';

jest.setTimeout(60_000);

interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshExpiresIn: number;
  user: { id: string; role: string };
}

const bearer = (t: Tokens) => `Bearer ${t.accessToken}`;
const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

describe('sessions: short access tokens with exp, rotated refresh tokens, revocation at once', () => {
  let t: TestApp;
  let admin: string;

  const login = async (username: string, password = TEST_PASSWORD): Promise<Tokens> =>
    (await t.http.post('/api/v1/auth/login').send({ username, password }).expect(200)).body as Tokens;
  const me = (auth: string) => t.http.get('/api/v1/auth/me').set('authorization', auth);

  beforeAll(async () => {
    t = await createTestApp({});
    admin = await t.createUser({ username: 'root_admin', displayName: '管理员', role: 'admin' });
    await t.createUser({ username: 'leader1', displayName: '领导', role: 'leader' });
  });
  afterAll(async () => t?.close());

  it('login answers { accessToken, tokenType, expiresIn, refreshToken, refreshExpiresIn, user }; the access token expires in 15 minutes', async () => {
    const tokens = await login('leader1');
    expect(tokens).toEqual({
      accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900, refreshToken: expect.stringMatching(/^rt_/),
      refreshExpiresIn: 7 * 86400, user: expect.objectContaining({ username: 'leader1', role: 'leader' }),
    });
    const claims = payloadOf(tokens.accessToken);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
    expect(claims).toMatchObject({ sub: tokens.user.id, sid: expect.any(String), tv: 0 });
    // the refresh token is stored only as a keyed digest
    const rows: Array<{ token_digest: string }> = await t.dataSource.query(`SELECT token_digest FROM core.refresh_tokens`);
    expect(JSON.stringify(rows)).not.toContain(tokens.refreshToken.slice(3));
    // nor is a login answer ever stored under an Idempotency-Key
    const again = await t.http.post('/api/v1/auth/login').set('idempotency-key', 'login-1').send({ username: 'leader1', password: TEST_PASSWORD }).expect(200);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(await t.dataSource.query(`SELECT key FROM core.idempotency_keys`)).toEqual([]);
  });

  it('refuses a token without exp, and takes the role from the database, not from the claims', async () => {
    const tokens = await login('leader1');
    const { exp: _exp, iat: _iat, ...claims } = payloadOf(tokens.accessToken);
    const jwt = t.app.get(JwtService);
    const noExp = await jwt.signAsync({ sub: claims.sub, sid: claims.sid, tv: claims.tv, role: 'leader' });
    expect(payloadOf(noExp).exp).toBeUndefined();
    expect((await me(`Bearer ${noExp}`).expect(401)).body.code).toBe('AUTH.UNAUTHENTICATED');
    const { sid: _sid, ...sessionless } = claims;
    const noSession = await jwt.signAsync(sessionless, { expiresIn: 600 });
    await me(`Bearer ${noSession}`).expect(401);
    const promoted = await jwt.signAsync({ ...claims, role: 'admin' }, { expiresIn: 600 });
    expect((await me(`Bearer ${promoted}`).expect(200)).body.role).toBe('leader');
    expect((await t.http.get('/api/v1/audit/verify').set('authorization', `Bearer ${promoted}`).expect(403)).body.code).toBe('AUTH.FORBIDDEN');
  });

  it('refresh rotates the token; a spent refresh token again revokes the whole session', async () => {
    const first = await login('leader1');
    const second = (await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body as Tokens;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(payloadOf(second.accessToken).sid).toBe(payloadOf(first.accessToken).sid);
    await me(bearer(second)).expect(200);
    // the old refresh token, replayed by a thief
    const reuse = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    expect(reuse.body.code).toBe('AUTH.REFRESH_REUSED');
    // the whole family is dead: the newest refresh token and every access token of the session
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401)).body.code).toBe('AUTH.REFRESH_INVALID');
    await me(bearer(second)).expect(401);
    await me(bearer(first)).expect(401);
    const [audit] = await t.dataSource.query(`SELECT outcome, details FROM audit.audit_log WHERE action = 'auth.refresh_reused'`);
    expect(audit.outcome).toBe('denied');
    // another session of the same user is not affected
    const other = await login('leader1');
    await me(bearer(other)).expect(200);
  });

  it('logout ends the session at once: its access token and refresh token stop working; other sessions go on', async () => {
    const a = await login('leader1');
    const b = await login('leader1');
    await me(bearer(a)).expect(200);
    expect((await t.http.post('/api/v1/auth/logout').set('authorization', bearer(a)).send({}).expect(200)).body).toEqual({ loggedOut: true });
    expect((await me(bearer(a)).expect(401)).body.code).toBe('AUTH.UNAUTHENTICATED');
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: a.refreshToken }).expect(401)).body.code).toBe('AUTH.REFRESH_INVALID');
    await me(bearer(b)).expect(200);
    // with an expired access token the client logs out with its refresh token
    await t.http.post('/api/v1/auth/logout').send({ refreshToken: b.refreshToken }).expect(200);
    await me(bearer(b)).expect(401);
  });

  it('a password change ends every session of the account at once and answers with a new one', async () => {
    await t.createUser({ username: 'changer', displayName: '改密', role: 'auditor' });
    const elsewhere = await login('changer');
    const here = await login('changer');
    const wrong = await t.http.post('/api/v1/auth/password').set('authorization', bearer(here)).send({ currentPassword: 'not-it-at-all', newPassword: 'new-password-2' }).expect(422);
    expect(wrong.body.code).toBe('USER.PASSWORD_MISMATCH');
    await me(bearer(elsewhere)).expect(200);
    const changed = (await t.http.post('/api/v1/auth/password').set('authorization', bearer(here)).send({ currentPassword: TEST_PASSWORD, newPassword: 'new-password-2' }).expect(200)).body as Tokens;
    await me(bearer(elsewhere)).expect(401);
    await me(bearer(here)).expect(401);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: elsewhere.refreshToken }).expect(401);
    await me(bearer(changed)).expect(200);
    await t.http.post('/api/v1/auth/login').send({ username: 'changer', password: TEST_PASSWORD }).expect(401);
    await login('changer', 'new-password-2');
  });

  it('a role change (admin) takes effect at once: the old token is dead; the next login carries the new role; audited with a reason', async () => {
    await t.createUser({ username: 'mover', displayName: '调岗', role: 'dept_editor', departmentCode: 'kjj' });
    const before = await login('mover');
    await me(bearer(before)).expect(200);
    const body = { role: 'dept_reviewer', reason: '岗位调整为审核' };
    expect((await t.http.patch(`/api/v1/users/${before.user.id}`).set('authorization', bearer(before)).send(body).expect(403)).body.code).toBe('AUTH.FORBIDDEN');
    await t.http.patch(`/api/v1/users/${before.user.id}`).set('authorization', admin).send({ role: 'enterprise', reason: '缺企业' }).expect(400);
    await me(bearer(before)).expect(200);
    const updated = await t.http.patch(`/api/v1/users/${before.user.id}`).set('authorization', admin).send(body).expect(200);
    expect(updated.body).toMatchObject({ role: 'dept_reviewer', departmentCode: 'kjj' });
    await me(bearer(before)).expect(401);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: before.refreshToken }).expect(401);
    expect((await login('mover')).user.role).toBe('dept_reviewer');
    const [row] = await t.dataSource.query(`SELECT details FROM audit.audit_log WHERE action = 'user.update' AND target_id = $1`, [before.user.id]);
    expect(row.details).toMatchObject({ reason: '岗位调整为审核', sessionsEnded: 2 }); // createUser's login and the one above
    // deactivation likewise
    const again = await login('mover');
    await t.http.patch(`/api/v1/users/${before.user.id}`).set('authorization', admin).send({ active: false, reason: '离职' }).expect(200);
    await me(bearer(again)).expect(401);
    await t.http.post('/api/v1/auth/login').send({ username: 'mover', password: TEST_PASSWORD }).expect(401);
  });

  it('anonymous 401s are audited as one row per source and minute with a count, not one row per request', async () => {
    const counter = t.app.get(DenialCounter);
    await counter.flush(true);
    const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit.audit_log`);
    for (let i = 0; i < 30; i++) await t.http.get('/api/v1/audit/verify').expect(401);
    for (let i = 0; i < 5; i++) await me('Bearer forged.token.x').expect(401);
    const [{ n: during }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit.audit_log`);
    expect(during).toBe(before);
    await counter.flush(true);
    const rows: Array<{ action: string; details: { source: string; count: number; samples: string[] } }> = await t.dataSource.query(
      `SELECT action, details FROM audit.audit_log WHERE action IN ('auth.unauthenticated','auth.token_rejected') AND seq > 0 ORDER BY seq DESC LIMIT 2`);
    const byAction = Object.fromEntries(rows.map((r) => [r.action, r.details]));
    expect(byAction['auth.unauthenticated']).toMatchObject({ count: 30, samples: ['GET /api/v1/audit/verify'] });
    expect(byAction['auth.token_rejected']).toMatchObject({ count: 5 });
    expect(byAction['auth.unauthenticated'].source).toMatch(/127\.0\.0\.1/);
  });
});
