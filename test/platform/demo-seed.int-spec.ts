import request from 'supertest';
import { DEMO_PASSWORD } from '../../apps/platform/src/seed/demo-seed.service';
import { bootPlatform, PlatformFixture } from '../security/platform-fixture';

jest.setTimeout(300_000);

interface Listed { id: string; state: string; itemName: string }

/**
 * The demo `npm start` seeds (issue 12 "a lived-in demo", issue 13 demo data), on a small platform:
 * every state a page shows exists, read back through the API as the role that would look at it.
 */
describe('demo seed: every page shows something real', () => {
  let f: PlatformFixture;
  const auth: Record<string, string> = {};
  const app: Record<string, Listed> = {};

  const login = async (username: string) => {
    const res = await request(f.t.app.getHttpServer()).post('/api/v1/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200);
    return `Bearer ${res.body.accessToken as string}`;
  };
  const get = async (path: string, who: string) => {
    const res = await f.t.http.get(`/api/v1${path}`).set('authorization', auth[who] ?? f.auth[who as 'admin']);
    if (res.status !== 200) throw new Error(`GET ${path} as ${who}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    f = await bootPlatform(300);
    for (let i = 3; i <= 13; i++) {
      const u = `firm${i}`;
      auth[u] = await login(u);
      const list = await get('/applications?page=1&pageSize=20', u);
      const own = (list.items as Listed[]).filter((a) => a.state !== 'pre_qualified');
      expect(own).toHaveLength(1); // each walked-through firm has the one application of its journey (besides any 免申即享 pre-qualifications)
      app[u] = own[0];
    }
  });
  afterAll(async () => f?.close());

  it('the firms stand in every application state, one per login', () => {
    expect(Object.fromEntries(Object.entries(app).map(([u, a]) => [u, a.state]))).toEqual({
      firm3: 'ready_for_payout', firm4: 'ready_for_payout', firm5: 'paid', firm6: 'paid', firm7: 'lapsed', firm8: 'paid',
      firm9: 'submitted', firm10: 'returned', firm11: 'in_disclosure', firm12: 'approved', firm13: 'submitted',
    });
    expect(app.firm8.itemName).toBe('研发投入强度提升奖励'); // 承诺兑现
  });

  it('timelines tell the story: an objection dismissed, a payment returned and reissued, a return for 补正', async () => {
    const commands = async (u: string) => ((await get(`/applications/${app[u].id}/timeline`, u)) as Array<{ command: string; toState: string }>).map((n) => n.command);
    expect(await commands('firm5')).toEqual(expect.arrayContaining(['submit', 'approve', 'open_disclosure', 'raise_objection', 'dismiss_objection', 'confirm', 'settle']));
    expect(await commands('firm6')).toEqual(expect.arrayContaining(['confirm', 'fail_payout', 'reconfirm', 'settle']));
    expect(await commands('firm7')).toEqual(expect.arrayContaining(['open_disclosure', 'lapse']));
    expect(await commands('firm10')).toContain('return');
    expect((await get(`/applications/${app.firm13.id}/materials`, 'firm13')).length).toBeGreaterThanOrEqual(4);
  });

  it('the department sees the overdue one on the board and the 承诺兑现 post-verification task', async () => {
    const overdue = (await get('/supervision/overdue', 'kjj_reviewer')) as Array<{ applicationId: string; node: string }>;
    expect(overdue).toEqual(expect.arrayContaining([expect.objectContaining({ applicationId: app.firm9.id, node: 'accept' })]));
    const tasks = await get('/verifications?status=pending&page=1&pageSize=20', 'kjj_reviewer');
    expect(tasks.items.map((t: { applicationId: string }) => t.applicationId)).toContain(app.firm8.id);
  });

  it('公示: a round open now, an ended one with its objection resolved; results published', async () => {
    const open = (await f.t.http.get('/api/v1/disclosures').expect(200)).body;
    expect(JSON.stringify(open)).toContain(app.firm11.itemName);
    const history = (await f.t.http.get('/api/v1/disclosures/history?page=1&pageSize=20').expect(200)).body;
    expect(history.items.length).toBeGreaterThanOrEqual(1);
    const ended = (await f.t.http.get(`/api/v1/disclosures/history/${history.items[0].id}`).expect(200)).body;
    expect(ended.objections).toEqual([expect.objectContaining({ status: 'dismissed', enterpriseName: app.firm5 ? expect.any(String) : '' })]);
    const results = (await f.t.http.get('/api/v1/public/results?page=1&pageSize=20').expect(200)).body;
    expect(results.total).toBeGreaterThanOrEqual(3);
  });

  it('finance: a batch awaiting the checker, two completed, a reconciliation exception', async () => {
    const batches = (await get('/payouts/batches?page=1&pageSize=20', 'finance_maker')).items as Array<{ status: string }>;
    expect(batches.map((b) => b.status).sort()).toEqual(['completed', 'completed', 'submitted']);
    const exceptions = (await get('/payouts/reconciliation/exceptions', 'finance_maker')) as Array<{ classification: string }> | { items: Array<{ classification: string }> };
    const list = Array.isArray(exceptions) ? exceptions : exceptions.items;
    expect(list.map((e) => e.classification)).toContain('unknown_at_bank');
  });

  it('the leader has saved scenarios to open', async () => {
    const saved = await get('/sandbox/scenarios?page=1&pageSize=20', 'leader');
    expect(saved.items.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining([
      '研发费用后补助门槛下调至50万元', '高企认定奖励提高至50万元（预算1亿元封顶）', '研发强度奖励第一档提高到15万元',
    ]));
  });

  it('appeals: a reception day with minutes, appeals in every state, overdue ones escalated, follow-ups due', async () => {
    const days = await get('/reception-days', 'supervisor');
    const dayId = (days.items ?? days)[0].id as string;
    expect(await get(`/reception-days/${dayId}/minutes`, 'supervisor')).toBeTruthy();
    const all = await get('/appeals?page=1&pageSize=50', 'supervisor');
    const states = new Set((all.items as Array<{ state: string }>).map((a) => a.state));
    for (const s of ['submitted', 'assigned', 'in_progress', 'answered', 'second_supervision', 'closed', 'merged', 'withdrawn']) expect(states).toContain(s);
    const overdue = await get('/appeals/overdue?page=1&pageSize=20', 'supervisor');
    expect(overdue.items.length).toBeGreaterThan(0);
    expect(overdue.items.some((a: { level: string }) => a.level !== 'officer' && a.level !== 'department')).toBe(true);
    const followUps = await get('/appeals/follow-ups?status=pending&page=1&pageSize=20', 'supervisor');
    expect(followUps.items.length).toBeGreaterThan(0);
  });
});
