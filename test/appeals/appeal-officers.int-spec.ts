import { UsersService } from '@app/core';
import { AppealClock } from '@app/appeals';
import { TestApp } from '../support/test-app';
import { at, bootAppeals, loadFirms, People } from './appeal-fixture';

const V1 = '/api/v1';

/** 包联 officers: their firms, the visit log whose problems become appeals, their task list, what they may do. */
describe('appeals: 包联 officers', () => {
  let t: TestApp;
  let who: People;
  let clock: AppealClock;
  let own: string;
  let other: string;

  beforeAll(async () => {
    ({ t, who, clock } = await bootAppeals());
    [own, other] = await loadFirms(t, [{ name: '包联测试甲有限公司' }, { name: '包联测试乙有限公司' }]);
    clock.set(at('2026-11-16 10:00'));
  });
  afterAll(async () => {
    clock?.reset();
    await t?.close();
  });

  it('assigns firms, logs a visit whose problems become appeals reaching the officer first, and keeps other firms out of reach', async () => {
    const leaderId = (await t.app.get(UsersService).findByUsername('leader'))!.id;
    expect((await t.http.put(`${V1}/officers/${leaderId}/firms`).set('authorization', who.supervisor).send({ enterpriseIds: [own] }).expect(404)).body.code).toBe('OFFICER.NOT_FOUND');
    expect((await t.http.put(`${V1}/officers/${who.officerId}/firms`).set('authorization', who.supervisor).send({ enterpriseIds: [own] }).expect(200)).body).toEqual({ assigned: 1, openAppealsMoved: 0 });
    const firms = (await t.http.get(`${V1}/officers/me/firms`).set('authorization', who.officer).expect(200)).body;
    expect(firms.map((f: { enterpriseName: string }) => f.enterpriseName)).toEqual(['包联测试甲有限公司']);

    const visit = await t.http.post(`${V1}/officers/me/visits`).set('authorization', who.officer).send({
      enterpriseId: own, visitedOn: '2026-11-16', summary: '走访企业生产车间，了解扩产计划。',
      problems: [
        { category: 'labor', title: '扩产急需技术工人', description: '扩产后急需数控技术工人 30 名。' },
        { category: 'utilities', title: '天然气管网接入', description: '新车间需要接入天然气管网，报装流程不清楚。' },
      ],
    }).expect(201);
    expect(visit.body.appealIds).toHaveLength(2);
    await t.http.post(`${V1}/officers/me/visits`).set('authorization', who.officer).send({ enterpriseId: other, visitedOn: '2026-11-16', summary: '不是包联企业' }).expect(404);
    expect((await t.http.get(`${V1}/officers/me/visits`).set('authorization', who.officer).expect(200)).body).toHaveLength(1);

    const [labor, gas] = visit.body.appealIds as string[];
    const a = (await t.http.get(`${V1}/appeals/${labor}`).set('authorization', who.officer).expect(200)).body;
    expect(a).toMatchObject({ channel: 'visit', channelLabel: '走访', level: 'officer', officerId: who.officerId, state: 'submitted' });
    const tasks = (await t.http.get(`${V1}/officers/me/tasks`).set('authorization', who.officer).expect(200)).body;
    expect(tasks.items.map((x: { id: string }) => x.id).sort()).toEqual([labor, gas].sort());

    // the officer answers one on the spot and passes the other on to pre-study
    expect((await t.http.post(`${V1}/appeals/${gas}/answer-on-spot`).set('authorization', who.officer).send({ text: '已联系燃气公司上门踏勘，报装材料清单已发企业。' }).expect(200)).body.state).toBe('answered');
    expect((await t.http.post(`${V1}/appeals/${labor}/forward`).set('authorization', who.officer).send({ comment: '需人社部门组织专场招聘' }).expect(200)).body).toMatchObject({ level: 'department', state: 'submitted' });
    await t.http.post(`${V1}/appeals/${labor}/forward`).set('authorization', who.officer).send({}).expect(409);
    // an officer cannot assign, and does not see another firm's appeal
    await t.http.post(`${V1}/appeals/${labor}/assign`).set('authorization', who.officer).send({ leadDepartment: 'fgw' }).expect(403);
    const stranger = (await t.http.post(`${V1}/appeals/record`).set('authorization', who.supervisor)
      .send({ enterpriseId: other, channel: 'hotline', category: 'other', title: '其他企业的诉求', description: '与包联干部无关的企业诉求。' }).expect(201)).body.id;
    await t.http.get(`${V1}/appeals/${stranger}`).set('authorization', who.officer).expect(404);
    expect((await t.http.get(`${V1}/appeals`).set('authorization', who.officer).expect(200)).body.total).toBe(2);
    // reassigning the firm moves its open appeals to the new officer
    const second = await t.createUser({ username: 'officer_zhao', displayName: '包联干部赵', role: 'officer' });
    const secondId = (await t.app.get(UsersService).findByUsername('officer_zhao'))!.id;
    expect((await t.http.put(`${V1}/officers/${secondId}/firms`).set('authorization', who.supervisor).send({ enterpriseIds: [own] }).expect(200)).body.openAppealsMoved).toBe(2);
    expect((await t.http.get(`${V1}/officers/me/tasks`).set('authorization', second).expect(200)).body.total).toBe(2);
  });
});
