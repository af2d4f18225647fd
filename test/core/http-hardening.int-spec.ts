import { createTestApp, TestApp, TEST_PASSWORD } from '../support/test-app';

jest.setTimeout(60_000);

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('HTTP hardening: security headers, no X-Powered-By, CORS closed by default, API docs', () => {
  let open: TestApp;
  let guarded: TestApp;

  beforeAll(async () => {
    open = await createTestApp({});
    guarded = await createTestApp({ env: { CORS_ORIGINS: 'https://console.example.gov.cn', API_DOCS: 'login' } });
    await guarded.createUser({ username: 'doc_reader', displayName: '审计', role: 'auditor' });
    await guarded.createUser({ username: 'doc_firm', displayName: '企业', role: 'enterprise', enterpriseId: '0190f1c2-0000-7000-8000-000000000001' });
  });
  afterAll(async () => {
    await open?.close();
    await guarded?.close();
  });

  it('sends the security headers on every answer, errors included, and no X-Powered-By', async () => {
    for (const res of [await open.http.get('/api/v1/health'), await open.http.get('/api/v1/auth/me'), await open.http.get('/api/v1/nowhere')]) {
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('CORS is closed by default: no allow-origin for any origin, preflight included', async () => {
    const res = await open.http.get('/api/v1/health').set('origin', 'https://evil.example.com');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await open.http.options('/api/v1/auth/login').set('origin', 'https://evil.example.com').set('access-control-request-method', 'POST');
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('CORS_ORIGINS allows exactly the listed origins', async () => {
    const ok = await guarded.http.options('/api/v1/auth/login').set('origin', 'https://console.example.gov.cn').set('access-control-request-method', 'POST');
    expect(ok.headers['access-control-allow-origin']).toBe('https://console.example.gov.cn');
    expect(ok.headers['access-control-allow-headers']).toContain('idempotency-key');
    const other = await guarded.http.get('/api/v1/health').set('origin', 'https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('API_DOCS=login: Swagger UI and the document only for staff with a platform login', async () => {
    await open.http.get('/api/docs-json').expect(200);
    const anon = await guarded.http.get('/api/docs-json').expect(401);
    expect(anon.headers['www-authenticate']).toMatch(/^Basic/);
    await guarded.http.get('/api/docs-json').set('authorization', basic('doc_reader', 'wrong-password')).expect(401);
    await guarded.http.get('/api/docs-json').set('authorization', basic('doc_firm', TEST_PASSWORD)).expect(401);
    const doc = await guarded.http.get('/api/docs-json').set('authorization', basic('doc_reader', TEST_PASSWORD)).expect(200);
    expect(doc.body.paths['/api/v1/auth/refresh']).toBeDefined();
  });
});

describe('API_DOCS=off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { API_DOCS: 'off' } });
  });
  afterAll(async () => t?.close());

  it('serves no documentation at all', async () => {
    await t.http.get('/api/docs').expect(404);
    await t.http.get('/api/docs-json').expect(404);
  });
});
