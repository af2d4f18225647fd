import request from 'supertest';
import { ROLES, type Role } from '@app/core';
import { DEMO_PASSWORD } from '../../apps/platform/src/seed/demo-seed.service';
import { settle } from '../support/settle';
import { declaredAccess } from './authz-derive';
import { OWNERSHIP, ROUTE_ACCESS, type Access, type OwnedResource } from './authz-matrix';
import { bootPlatform, PlatformFixture, stateFingerprint } from './platform-fixture';

jest.setTimeout(300_000);

/** The account each role is probed as: a demo account where one exists, else one made for the test. */
const ROLE_ACCOUNT: Partial<Record<Role, string>> = {
  enterprise: 'firm1',
  dept_editor: 'kjj_editor',
  dept_reviewer: 'kjj_reviewer',
  finance_maker: 'finance_maker',
  finance_checker: 'finance_checker',
  leader: 'leader',
  auditor: 'auditor',
  admin: 'admin',
  supervisor: 'supervisor',
  officer: 'officer1',
  dept_payer_maker: 'kjj_payer_maker',
  dept_payer_checker: 'kjj_payer_checker',
};
const NIL = '00000000-0000-0000-0000-000000000000';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Answer {
  status: number;
  code?: string;
}

describe('authorization matrix: every route × every role × anonymous, and own versus other', () => {
  let p: PlatformFixture;
  let routes: string[];
  const bearer = new Map<string, string>();

  async function login(username: string): Promise<string> {
    if (!bearer.has(username)) {
      const res = await request(p.t.app.getHttpServer()).post('/api/v1/auth/login').send({ username, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      bearer.set(username, `Bearer ${res.body.accessToken as string}`);
    }
    return bearer.get(username) as string;
  }

  async function call(route: string, auth: string | null, params: Record<string, string> = {}, body: object = {}, query = ''): Promise<Answer> {
    const [method, template] = route.split(' ');
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? NIL)) + (query ? `?${query.replace('NOW', new Date().toISOString())}` : '');
    let req = request(p.t.app.getHttpServer())[method.toLowerCase() as (typeof METHODS)[number]](path);
    if (auth) req = req.set('authorization', auth);
    const res = method === 'GET' || method === 'DELETE' ? await req : await req.send(body);
    return { status: res.status, code: (res.body as { code?: string } | undefined)?.code };
  }

  beforeAll(async () => {
    p = await bootPlatform(30);
    for (const role of ROLES) {
      if (ROLE_ACCOUNT[role]) continue;
      // A role the demo has no account for (yet): one made here, in a department for department roles.
      await p.t.createUser({ username: `authz_${role}`, password: DEMO_PASSWORD, displayName: `授权测试 ${role}`, role, departmentCode: 'kjj' });
      ROLE_ACCOUNT[role] = `authz_${role}`;
    }
    const doc = p.openApi();
    // Every session the probes use exists before the first fingerprint (a login writes a session row).
    for (const who of [...Object.values(ROLE_ACCOUNT), ...OWNERSHIP.flatMap((o) => [...o.other, ...(o.owner ? [o.owner] : [])])]) await login(who as string);
    await settle(p.t.app);
    routes = Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((m) => `${m.toUpperCase()} /${path.replace(/^\/+/, '')}`),
    );
  });
  afterAll(() => p?.close());

  it('has a row for every route in the OpenAPI document, and no row for a route that does not exist', () => {
    const declared = declaredAccess(p.t.app);
    const show = (a: Access | undefined) => (a === undefined ? '?' : typeof a === 'string' ? `'${a}'` : `[${a.map((r) => `'${r}'`).join(', ')}]`);
    const missing = routes.filter((r) => !(r in ROUTE_ACCESS)).map((r) => `  '${r}': ${show(declared.get(r))},  // as the decorators say today — decide`);
    const stale = Object.keys(ROUTE_ACCESS).filter((r) => !routes.includes(r));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('refuses every role not in a route’s row (403 AUTH.FORBIDDEN) and anonymous callers (401), changing nothing', async () => {
    const before = await stateFingerprint(p.t.dataSource);
    const wrong: string[] = [];
    for (const route of routes) {
      const access = ROUTE_ACCESS[route];
      if (access === undefined || access === 'public') continue;
      const allowed = (r: Role) => (access === 'firm-self' ? r === 'enterprise' : r === 'admin' || access.includes(r));
      const anon = await call(route, null);
      if (anon.status !== 401 || anon.code !== 'AUTH.UNAUTHENTICATED') wrong.push(`${route} anonymous → ${anon.status} ${anon.code}`);
      if (access === 'signed-in') continue;
      for (const role of ROLES) {
        if (allowed(role)) continue;
        const a = await call(route, await login(ROLE_ACCOUNT[role] as string));
        if (a.status !== 403 || a.code !== 'AUTH.FORBIDDEN') wrong.push(`${route} as ${role} → ${a.status} ${a.code ?? ''} (expected 403 AUTH.FORBIDDEN)`);
      }
    }
    expect(wrong).toEqual([]);
    await settle(p.t.app);
    expect(await stateFingerprint(p.t.dataSource)).toEqual(before);
  });

  it('lets every role in a route’s row (and admin) past the role check: no 401/403 from the guard, no 500', async () => {
    const wrong: string[] = [];
    // Logging out would end the session the other probes use: public routes are probed anonymously.
    for (const route of routes) {
      const access = ROUTE_ACCESS[route];
      if (access === undefined) continue;
      const callers: Array<[string, string | null]> =
        access === 'public'
          ? [['anonymous', null]]
          : await Promise.all(
              ROLES.filter((r) => access === 'signed-in' || (access === 'firm-self' ? r === 'enterprise' : r === 'admin' || access.includes(r))).map(async (r) => [r, await login(ROLE_ACCOUNT[r] as string)] as [string, string]),
            );
      for (const [who, auth] of callers) {
        const a = await call(route, auth);
        if (a.status >= 500 || a.status === 401 || a.code === 'AUTH.FORBIDDEN' || a.code === 'AUTH.UNAUTHENTICATED') wrong.push(`${route} as ${who} → ${a.status} ${a.code ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  describe('own versus other', () => {
    const ids = {} as Record<OwnedResource, string>;

    beforeAll(async () => {
      const get = async (path: string, as: string) => {
        const res = await request(p.t.app.getHttpServer()).get(path).set('authorization', await login(as));
        if (res.status !== 200) throw new Error(`${path} as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body as { items?: Array<{ id: string }>; id?: string };
      };
      const firstId = (b: { items?: Array<{ id: string }> }, what: string) => {
        const id = b.items?.[0]?.id;
        if (!id) throw new Error(`the seeded platform has no ${what} to probe with`);
        return id;
      };
      ids.enterprise = (await get('/api/v1/enterprises/me', 'firm1')).id as string;
      ids.appeal = firstId(await get('/api/v1/appeals', 'firm1'), "appeal of firm1's");
      ids.policy = firstId(await get('/api/v1/policies?department=kjj', 'kjj_editor'), 'kjj policy');
      const policy = (await get(`/api/v1/policies/${ids.policy}`, 'kjj_editor')) as { items?: Array<{ id: string }> };
      ids.item = firstId(policy, 'kjj item');
      ids.application = firstId(await get('/api/v1/applications', 'firm1'), "application of firm1's");
    });

    it('refuses another firm’s and another department’s records (403 or 404), changing nothing; the owner reads its own', async () => {
      await settle(p.t.app);
      const before = await stateFingerprint(p.t.dataSource);
      const wrong: string[] = [];
      for (const probe of OWNERSHIP) {
        if (!(probe.route in ROUTE_ACCESS)) wrong.push(`${probe.route}: not a route in the matrix`);
        const id = ids[probe.resource];
        const params = { id, itemId: id };
        for (const other of probe.other) {
          const a = await call(probe.route, await login(other), params, probe.body, probe.query);
          if (a.status !== 403 && a.status !== 404) wrong.push(`${probe.route} on ${probe.resource} of the owner, as ${other} → ${a.status} ${a.code ?? ''}`);
        }
      }
      await settle(p.t.app);
      expect(await stateFingerprint(p.t.dataSource)).toEqual(before);
      for (const probe of OWNERSHIP.filter((x) => x.owner)) {
        const id = ids[probe.resource];
        const a = await call(probe.route, await login(probe.owner as string), { id, itemId: id }, probe.body, probe.query);
        if (a.status !== 200) wrong.push(`${probe.route} as its owner ${probe.owner} → ${a.status} ${a.code ?? ''}`);
      }
      expect(wrong).toEqual([]);
    });
  });
});
