import { TestApp } from '../support/test-app';
import { AppealClock, AppealSupervisionService } from '@app/appeals';
import { at, bootAppeals, loadFirms, People, timelineOf } from './appeal-fixture';

const V1 = '/api/v1';

/**
 * Deadlines and escalation with a controlled clock over the working-day calendar (National Day 2026 and
 * a 调休 Saturday): the overdue list, escalation one level up when a deadline passes and again every
 * five working days (包联干部 → 部门 → 区县 → 市 → 领导小组), the automatic 督办函, 领导小组 items hidden
 * from the district, extensions, and the weekly reminder once per week.
 */
describe('appeals: deadlines, escalation and reminders on the working-day calendar', () => {
  let t: TestApp;
  let who: People;
  let clock: AppealClock;
  let firm: string;
  let firmId: string;
  let jobs: AppealSupervisionService;

  beforeAll(async () => {
    ({ t, who, clock } = await bootAppeals());
    [firmId] = await loadFirms(t, [{ name: '郑州万丰化工有限公司', districtCode: '410105' }]);
    firm = await t.createUser({ username: 'firm_wf', displayName: '万丰', role: 'enterprise', enterpriseId: firmId });
    jobs = t.app.get(AppealSupervisionService);
    await t.http.put(`${V1}/officers/${who.officerId}/firms`).set('authorization', who.supervisor).send({ enterpriseIds: [firmId] }).expect(200);
  });
  afterAll(async () => {
    clock?.reset();
    await t?.close();
  });

  const get = (id: string, auth = who.supervisor) => t.http.get(`${V1}/appeals/${id}`).set('authorization', auth);
  const overdue = async (auth = who.supervisor) => (await t.http.get(`${V1}/appeals/overdue`).set('authorization', auth).expect(200)).body;

  it('walks one appeal up the five levels as its deadlines pass, with the 督办函 and the district losing sight at the 领导小组', async () => {
    // Tue 09-29: dispatch within 3 working days → 09-30, (Oct 1–7 off) 10-08, 10-09
    clock.set(at('2026-09-29 16:00'));
    const created = await t.http.post(`${V1}/appeals`).set('authorization', firm).send({ category: 'technology', title: '研发中心用房审批', description: '研发中心用房的规划审批迟迟未批，影响高企认定。' }).expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ level: 'officer', levelLabel: '包联干部', officerId: who.officerId, dueKind: 'dispatch', dueOn: '2026-10-09', channel: 'online' });
    const officerInbox = (await t.http.get(`${V1}/appeals/notices`).set('authorization', who.officer).expect(200)).body;
    expect(officerInbox.items[0]).toMatchObject({ appealId: id, kindLabel: '新诉求' });
    const tasks = (await t.http.get(`${V1}/officers/me/tasks`).set('authorization', who.officer).expect(200)).body;
    expect(tasks.items.map((a: { id: string }) => a.id)).toEqual([id]);

    clock.set(at('2026-10-09 18:00'));
    expect(await jobs.escalateOverdue()).toBe(0);
    expect((await overdue()).total).toBe(0);

    // Sat 10-10 is a working day (调休): one working day overdue → officer → department (no lead yet: no 督办函)
    clock.set(at('2026-10-10 09:00'));
    expect(await jobs.escalateOverdue()).toBe(1);
    expect(await jobs.escalateOverdue()).toBe(0);
    const list = await overdue();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id, dueKindLabel: '交办时限', overdueWorkingDays: 1, level: 'department', levelLabel: '责任部门' });
    // Sun 10-11 counts nothing; Fri 10-16 is 6 working days overdue → a second step: department → district
    clock.set(at('2026-10-11 09:00'));
    expect(await jobs.escalateOverdue()).toBe(0);
    clock.set(at('2026-10-16 09:00'));
    expect(await jobs.escalateOverdue()).toBe(1);
    expect((await get(id).expect(200)).body.level).toBe('district');
    expect((await overdue(who.districtSupervisor)).items.map((a: { id: string }) => a.id)).toEqual([id]);

    // Assigned on Fri 10-16 → accept within 3 working days: 10-19, 10-20, 10-21
    const assigned = await t.http.post(`${V1}/appeals/${id}/assign`).set('authorization', who.supervisor).send({ leadDepartment: 'kjj' }).expect(200);
    expect(assigned.body.appeal).toMatchObject({ state: 'assigned', dueKind: 'accept', dueOn: '2026-10-21', level: 'district' });
    expect((await overdue()).total).toBe(0);
    // 10-22: the accept limit passed → district → city, with a 督办函 to the lead unit
    clock.set(at('2026-10-22 09:00'));
    expect(await jobs.escalateOverdue()).toBe(1);
    const letters = (await t.http.get(`${V1}/appeals/${id}/letters`).set('authorization', who.kjj).expect(200)).body;
    expect(letters.map((l: { kind: string }) => l.kind)).toEqual(['assignment', 'supervision']);
    expect(letters[1].number).toMatch(/^郑诉督〔2026〕\d+号$/);
    const kjjInbox = (await t.http.get(`${V1}/appeals/notices`).set('authorization', who.kjj).expect(200)).body;
    expect(kjjInbox.items.some((n: { title: string }) => n.title.startsWith('督办函'))).toBe(true);
    // 10-29: 6 working days overdue → city → 领导小组; the district supervisor no longer sees it, the city does
    clock.set(at('2026-10-29 09:00'));
    expect(await jobs.escalateOverdue()).toBe(1);
    expect((await get(id).expect(200)).body).toMatchObject({ level: 'leading_group', levelLabel: '产业发展领导小组' });
    await get(id, who.districtSupervisor).expect(404);
    expect((await overdue(who.districtSupervisor)).total).toBe(0);
    await get(id, who.leader).expect(200);
    await get(id, who.kjj).expect(200);
    // Nothing above the 领导小组
    clock.set(at('2026-12-31 09:00'));
    expect(await jobs.escalateOverdue()).toBe(0);

    const tl = await timelineOf(t, firm, id);
    const escalations = tl.filter((n) => n.command === 'escalate');
    expect(escalations.map((n) => n.comment)).toEqual([
      expect.stringContaining('由「包联干部」上报「责任部门」'), expect.stringContaining('由「责任部门」上报「区县」'),
      expect.stringContaining('由「区县」上报「市级」'), expect.stringContaining('由「市级」上报「产业发展领导小组」'),
    ]);
  });

  it('extensions move the answer limit by working days (holidays skipped); one pending request at a time; only the supervisor decides', async () => {
    clock.set(at('2026-09-24 10:00'));
    const rec = await t.http.post(`${V1}/appeals/record`).set('authorization', who.supervisor)
      .send({ enterpriseId: firmId, channel: 'hotline', category: 'finance', title: '贷款展期', description: '疫情后订单恢复慢，希望银行给予贷款展期。' }).expect(201);
    const id = rec.body.id as string;
    expect(rec.body).toMatchObject({ channelLabel: '12345热线', level: 'officer' });
    // Thu 09-24 + 10 working days: 09-25, 28, 29, 30, 10-08, 09, 10 (调休), 12, 13, 14
    const a = await t.http.post(`${V1}/appeals/${id}/assign`).set('authorization', who.supervisor).send({ leadDepartment: 'jrj' }).expect(200);
    expect(a.body.appeal.deadlines.answerDue).toBe('2026-10-14');
    await t.http.post(`${V1}/appeals/${id}/accept`).set('authorization', who.jrj).send({}).expect(200);
    const ext = await t.http.post(`${V1}/appeals/${id}/extensions`).set('authorization', who.jrj).send({ workingDays: 3, reason: '需银行总行审批' }).expect(201);
    expect(ext.body).toMatchObject({ status: 'pending', statusLabel: '待审批' });
    expect((await t.http.post(`${V1}/appeals/${id}/extensions`).set('authorization', who.jrj).send({ workingDays: 2, reason: '再申请' }).expect(409)).body.code).toBe('EXTENSION.PENDING_EXISTS');
    await t.http.post(`${V1}/appeals/${id}/extensions/${ext.body.id}/decision`).set('authorization', who.jrj).send({ approve: true, comment: '自己批' }).expect(403);
    const decided = await t.http.post(`${V1}/appeals/${id}/extensions/${ext.body.id}/decision`).set('authorization', who.supervisor).send({ approve: true, comment: '理由充分，同意。' }).expect(200);
    expect(decided.body).toMatchObject({ status: 'approved', statusLabel: '已同意' });
    expect((await get(id).expect(200)).body).toMatchObject({ extensionDays: 3, deadlines: { answerDue: '2026-10-19' } });
    await t.http.post(`${V1}/appeals/${id}/extensions/${ext.body.id}/decision`).set('authorization', who.supervisor).send({ approve: false, comment: '重复审批' }).expect(404);

    // weekly reminders: once per appeal and ISO week, to the lead unit
    clock.set(at('2026-10-12 09:00'));
    const first = await jobs.weeklyReminders();
    expect(first).toBeGreaterThanOrEqual(1);
    expect(await jobs.weeklyReminders()).toBe(0);
    clock.set(at('2026-10-16 09:00'));
    expect(await jobs.weeklyReminders()).toBe(0);
    clock.set(at('2026-10-19 09:00'));
    expect(await jobs.weeklyReminders()).toBe(first);
    const reminders = (await timelineOf(t, who.jrj, id)).filter((n) => n.command === 'weekly_reminder');
    expect(reminders.map((n) => n.comment)).toEqual([expect.stringContaining('2026-W42'), expect.stringContaining('2026-W43')]);
  });

  it('a category\'s limits, default lead unit and 办理要求 set by the supervisor apply to the next assignment; bad input changes nothing', async () => {
    const category = async () => ((await t.http.get(`${V1}/appeals/categories`).set('authorization', who.supervisor).expect(200)).body as Array<{ code: string }>).find((c) => c.code === 'market');
    const before = await category();
    expect(before).toMatchObject({ answerDays: 10, requirements: null });
    await t.http.put(`${V1}/appeals/categories/market`).set('authorization', who.kjj).send({ answerDays: 5 }).expect(403);
    await t.http.put(`${V1}/appeals/categories/market`).set('authorization', who.supervisor).send({ answerDays: 0 }).expect(400);
    expect((await t.http.put(`${V1}/appeals/categories/market`).set('authorization', who.supervisor).send({ answerDays: 5, leadDepartment: 'nosuch' }).expect(400)).body.code).toBe('APPEAL.DEPARTMENT_INVALID');
    expect((await t.http.put(`${V1}/appeals/categories/nosuch`).set('authorization', who.supervisor).send({ answerDays: 5 }).expect(400)).body.code).toBe('APPEAL.CATEGORY_INVALID');
    expect(await category()).toEqual(before);

    const updated = await t.http.put(`${V1}/appeals/categories/market`).set('authorization', who.supervisor)
      .send({ answerDays: 5, leadDepartment: 'kjj', requirements: '  三个工作日内联系企业，答复须附佐证材料。  ' }).expect(200);
    expect(updated.body).toMatchObject({ code: 'market', answerDays: 5, leadDepartment: { code: 'kjj' }, requirements: '三个工作日内联系企业，答复须附佐证材料。' });
    expect(await category()).toEqual(updated.body);

    // Thu 09-24 + 5 working days: 09-25, 28, 29, 30, (Oct 1–7 off) 10-08; the 交办函 carries the category's requirements
    clock.set(at('2026-09-24 10:00'));
    const rec = await t.http.post(`${V1}/appeals/record`).set('authorization', who.supervisor)
      .send({ enterpriseId: firmId, channel: 'hotline', category: 'market', title: '展会补贴', description: '参加境外展会的费用希望得到补贴。' }).expect(201);
    const a = await t.http.post(`${V1}/appeals/${rec.body.id}/assign`).set('authorization', who.supervisor).send({ leadDepartment: 'kjj' }).expect(200);
    expect(a.body.appeal.deadlines.answerDue).toBe('2026-10-08');
    const html = (await t.http.get(`${V1}/appeals/${rec.body.id}/letters/${a.body.letter.id}`).set('authorization', who.supervisor).expect(200)).text;
    expect(html).toContain('三个工作日内联系企业，答复须附佐证材料。');

    // an empty string clears the default requirements
    expect((await t.http.put(`${V1}/appeals/categories/market`).set('authorization', who.supervisor).send({ requirements: '' }).expect(200)).body.requirements).toBeNull();
  });
});
