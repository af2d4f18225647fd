import { TestApp } from '../support/test-app';
import { AppealClock } from '@app/appeals';
import { at, bootAppeals, loadFirms, People } from './appeal-fixture';

const V1 = '/api/v1';

/**
 * The monthly ranking on a constructed November 2026, every figure worked out by hand (no holidays in
 * November; finance appeals: accept within 3, answer within 10 working days):
 *
 *   A1 zgj 410105  assigned 11-02, accepted 11-03 (due 11-05, on time), answered 11-10 resolved (due 11-16, on time,
 *                  6 working days), satisfied
 *   A2 zgj 410172  assigned 11-02, accepted 11-09 (late), answered 11-20 explained (late, 14 working days),
 *                  unsatisfied → second supervision → answered again resolved → basically satisfied
 *   A3 jrj 410105  assigned 11-04, accepted 11-05 (due 11-09, on time), not answered (due 11-18, overdue on 12-01)
 *   A4 jrj 410172  assigned 11-04, never accepted, not answered (overdue)
 *   A5 zgj         assigned 10-30: October, not in November's figures
 *   A6 jrj         assigned 11-05, then withdrawn by the firm: left out
 */
describe('appeals: the monthly ranking on a constructed month', () => {
  let t: TestApp;
  let who: People;
  let clock: AppealClock;
  let x: string;
  let y: string;
  let firmX: string;
  let firmY: string;

  beforeAll(async () => {
    ({ t, who, clock } = await bootAppeals());
    [x, y] = await loadFirms(t, [{ name: '排名测试甲有限公司', districtCode: '410105' }, { name: '排名测试乙有限公司', districtCode: '410172' }]);
    firmX = await t.createUser({ username: 'rank_x', displayName: 'x', role: 'enterprise', enterpriseId: x });
    firmY = await t.createUser({ username: 'rank_y', displayName: 'y', role: 'enterprise', enterpriseId: y });
  });
  afterAll(async () => {
    clock?.reset();
    await t?.close();
  });

  const post = (path: string, auth: string, body: object = {}) => t.http.post(`${V1}${path}`).set('authorization', auth).send(body);
  async function assigned(when: string, enterpriseId: string, dept: string): Promise<string> {
    clock.set(at(when));
    const r = await post('/appeals/record', who.supervisor, { enterpriseId, channel: 'hotline', category: 'finance', title: '融资问题', description: '流动资金紧张，希望协调银行支持。' }).expect(201);
    await post(`/appeals/${r.body.id}/assign`, who.supervisor, { leadDepartment: dept }).expect(200);
    return r.body.id;
  }
  const step = async (when: string, path: string, auth: string, body: object = {}) => {
    clock.set(at(when));
    await post(path, auth, body).expect(200);
  };

  it('computes 响应率, 按期办结率, 解决率, 满意率, second supervisions and average working days per department and district', async () => {
    const a5 = await assigned('2026-10-30 10:00', x, 'zgj');
    const a1 = await assigned('2026-11-02 10:00', x, 'zgj');
    const a2 = await assigned('2026-11-02 11:00', y, 'zgj');
    const a3 = await assigned('2026-11-04 10:00', x, 'jrj');
    await assigned('2026-11-04 11:00', y, 'jrj');
    const a6 = await assigned('2026-11-05 10:00', x, 'jrj');
    await step('2026-11-03 09:00', `/appeals/${a1}/accept`, who.zgj);
    await step('2026-11-03 09:00', `/appeals/${a5}/accept`, who.zgj);
    await step('2026-11-05 09:00', `/appeals/${a3}/accept`, who.jrj);
    await step('2026-11-06 09:00', `/appeals/${a6}/withdraw`, firmX);
    await step('2026-11-09 09:00', `/appeals/${a2}/accept`, who.zgj);
    await step('2026-11-10 09:00', `/appeals/${a1}/answer`, who.zgj, { kind: 'resolved', text: '已协调银行续贷。' });
    await step('2026-11-11 09:00', `/appeals/${a1}/feedback`, firmX, { rating: 'satisfied' });
    await step('2026-11-20 09:00', `/appeals/${a2}/answer`, who.zgj, { kind: 'explained', text: '银行授信额度已满，暂难解决。' });
    await step('2026-11-23 09:00', `/appeals/${a2}/feedback`, firmY, { rating: 'unsatisfied', comment: '希望再协调其他银行。' });
    await step('2026-11-25 09:00', `/appeals/${a2}/answer`, who.zgj, { kind: 'resolved', text: '已协调另一家银行授信 500 万元。' });
    await step('2026-11-26 09:00', `/appeals/${a2}/feedback`, firmY, { rating: 'basically_satisfied' });

    clock.set(at('2026-12-01 09:00'));
    const dept = (await t.http.get(`${V1}/appeals/ranking?month=2026-11`).set('authorization', who.leader).expect(200)).body;
    expect(dept).toMatchObject({ month: '2026-11', by: 'department', byLabel: '按牵头部门', asOf: '2026-12-01' });
    expect(dept.rows).toEqual([
      { key: 'zgj', name: '市自然资源和规划局', rank: 1, assigned: 2, acceptedOnTime: 1, answered: 2, due: 2, answeredOnTime: 1, resolved: 2, rated: 2, satisfied: 2,
        responseRate: 0.5, onTimeRate: 0.5, resolutionRate: 1, satisfactionRate: 1, secondSupervisions: 1, averageWorkingDays: 10, score: 74 },
      { key: 'jrj', name: '市金融工作局', rank: 2, assigned: 2, acceptedOnTime: 1, answered: 0, due: 2, answeredOnTime: 0, resolved: 0, rated: 0, satisfied: 0,
        responseRate: 0.5, onTimeRate: 0, resolutionRate: null, satisfactionRate: null, secondSupervisions: 0, averageWorkingDays: null, score: 12.5 },
    ]);
    expect(dept.total).toMatchObject({ assigned: 4, acceptedOnTime: 2, answered: 2, due: 4, answeredOnTime: 1, responseRate: 0.5, onTimeRate: 0.25, resolutionRate: 1,
      satisfactionRate: 1, secondSupervisions: 1, averageWorkingDays: 10, score: 67.75 });

    const district = (await t.http.get(`${V1}/appeals/ranking?month=2026-11&by=district`).set('authorization', who.supervisor).expect(200)).body;
    expect(district.rows.map((r: { key: string; name: string; rank: number; responseRate: number; onTimeRate: number; averageWorkingDays: number; score: number }) =>
      [r.key, r.name, r.rank, r.responseRate, r.onTimeRate, r.averageWorkingDays, r.score])).toEqual([
      ['410105', '金水区', 1, 1, 0.5, 6, 87.5],
      ['410172', '郑州高新技术产业开发区', 2, 0, 0, 14, 49],
    ]);

    const trend = (await t.http.get(`${V1}/appeals/ranking/trend?from=2026-10&to=2026-11`).set('authorization', who.leader).expect(200)).body;
    expect(trend.map((p: { month: string; assigned: number; onTimeRate: number | null }) => [p.month, p.assigned])).toEqual([['2026-10', 1], ['2026-11', 4]]);
    const zgjTrend = (await t.http.get(`${V1}/appeals/ranking/trend?from=2026-11&to=2026-11&department=zgj`).set('authorization', who.leader).expect(200)).body;
    expect(zgjTrend[0]).toMatchObject({ assigned: 2, responseRate: 0.5, secondSupervisions: 1 });

    const report = await t.http.get(`${V1}/appeals/ranking/report?month=2026-11`).set('authorization', who.leader).expect(200);
    expect(report.headers['content-type']).toMatch(/text\/html/);
    for (const s of ['企业诉求办理情况通报', '市自然资源和规划局综合得分第一', '市金融工作局排名末位', '50.0%', '郑州高新技术产业开发区']) expect(report.text).toContain(s);
    await t.http.get(`${V1}/appeals/ranking?month=2026-13`).set('authorization', who.leader).expect(400);
    await t.http.get(`${V1}/appeals/ranking?month=2026-11`).set('authorization', firmX).expect(403);
  });
});
