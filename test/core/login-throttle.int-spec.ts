import { randomBytes } from 'node:crypto';
import { DenialCounter } from '@app/core';
import { describeWhen, needs } from '../support/requires';
import { createTestApp, TestApp, TEST_PASSWORD } from '../support/test-app';

jest.setTimeout(90_000);

/** Sources are told apart by X-Forwarded-For (TRUST_PROXY=loopback: the test client is the proxy). */
const from = (t: TestApp, ip: string, username: string, password: string) =>
  t.http.post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ username, password });

describe('login throttle per (account, source) with back-off', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '3', TRUST_PROXY: 'loopback' } });
    await t.createUser({ username: 'victim', displayName: '被攻击者', role: 'leader' });
  });
  afterAll(async () => t?.close());

  it('a guesser locks only its own pair: the owner logs in from another source with the right password', async () => {
    // the owner has logged in from home before (createUser logged in from 127.0.0.1; this is another source)
    await from(t, '10.1.1.1', 'victim', TEST_PASSWORD).expect(200);
    for (let i = 0; i < 3; i++) expect((await from(t, '203.0.113.9', 'victim', `guess-${i}`)).status).toBe(401);
    const locked = await from(t, '203.0.113.9', 'victim', TEST_PASSWORD).expect(429);
    expect(locked.body).toMatchObject({ code: 'AUTH.RATE_LIMITED', details: { scope: 'account_source', retryAfterSeconds: 30 } });
    // a wrong guess while locked is not even checked; the lock is audited once, with the source
    for (let i = 0; i < 10; i++) await from(t, '203.0.113.9', 'victim', `more-${i}`).expect(429);
    await from(t, '10.1.1.1', 'victim', TEST_PASSWORD).expect(200);
    await from(t, '198.51.100.7', 'victim', TEST_PASSWORD).expect(200); // a new source, too: the account is not locked
    const locks = await t.dataSource.query(`SELECT details FROM audit.audit_log WHERE action = 'auth.login_locked'`);
    expect(locks).toEqual([{ details: expect.objectContaining({ username: 'victim', ip: '203.0.113.9', scope: 'account_source', failures: 3 }) }]);
    // the refused attempts are counted per source and minute
    const counter = t.app.get(DenialCounter);
    await counter.flush(true);
    const [limited] = await t.dataSource.query(`SELECT details FROM audit.audit_log WHERE action = 'auth.login_rate_limited'`);
    expect(limited.details).toMatchObject({ source: '203.0.113.9', count: 11, samples: ['victim'] });
  });

  it('guessing from many sources closes the account to unknown sources only; a known source still gets in', async () => {
    await t.createUser({ username: 'target', displayName: '目标', role: 'auditor' });
    await from(t, '10.2.2.2', 'target', TEST_PASSWORD).expect(200);
    for (let i = 0; i < 15; i++) await from(t, `192.0.2.${i + 1}`, 'target', `spray-${i}`).expect(401);
    const unknown = await from(t, '198.51.100.50', 'target', TEST_PASSWORD).expect(429);
    expect(unknown.body.details.scope).toBe('account');
    await from(t, '10.2.2.2', 'target', TEST_PASSWORD).expect(200);
  });
});

describeWhen(needs.redis, 'login throttle in the full mode: processes share it through Redis', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const shared = { REDIS_URL: process.env.TEST_REDIS_URL!, QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`, LOGIN_RATE_LIMIT: '3', TRUST_PROXY: 'loopback' };
    a = await createTestApp({ env: shared });
    b = await createTestApp({ env: shared });
    for (const t of [a, b]) await t.createUser({ username: 'shared_user', displayName: '共享', role: 'leader' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('failures counted by one process lock the pair in the other', async () => {
    await from(a, '203.0.113.77', 'shared_user', 'guess-1').expect(401);
    await from(b, '203.0.113.77', 'shared_user', 'guess-2').expect(401);
    await from(a, '203.0.113.77', 'shared_user', 'guess-3').expect(401);
    const refused = await from(b, '203.0.113.77', 'shared_user', TEST_PASSWORD).expect(429);
    expect(refused.body.details.scope).toBe('account_source');
    await from(b, '10.9.9.9', 'shared_user', TEST_PASSWORD).expect(200);
  });
});
