import {
  APPROVAL_MIGRATIONS, ApprovalClock, ApprovalsModule, InMemoryMaterialStorage, MATERIAL_STORAGE, PrequalificationService, STAFF_NOTIFIER, StaffAlert,
  StaffAlertsService, StaffNotifier,
} from '@app/approvals';
import { EventBus } from '@app/core';
import { ENTERPRISE_MIGRATIONS } from '@app/enterprises';
import { InProcessTreasuryAdapter, PAYOUT_MIGRATIONS, PayoutSender, PayoutsModule, TREASURY_PORT } from '@app/payouts';
import { MatchingService, POLICY_MIGRATIONS } from '@app/policies';
import { settle } from '../support/settle';
import { createTestApp, TestApp } from '../support/test-app';
import { Actors, loadFirms, publishItem, timelineOf, WAN } from './approval-fixture';

jest.setTimeout(180_000);

/** The staff gateway: records every attempt (so a retry can be compared) and can be told to fail. */
class RecordingStaffNotifier implements StaffNotifier {
  readonly name = 'recording';
  readonly attempts: StaffAlert[][] = [];
  readonly delivered: StaffAlert[] = [];
  failNext = 0;
  async send(alerts: StaffAlert[]): Promise<void> {
    this.attempts.push(alerts);
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('staff gateway answered 502');
    }
    this.delivered.push(...alerts);
  }
}

const morning = (day: string) => new Date(`${day}T09:00:00+08:00`);

interface BoardRow {
  departmentCode: string;
  party: string;
  onTimeRate: number | null;
  steps: Array<{ step: string; completed: number; onTime: number; averageWorkingDays: number | null; open: number; overdue: number; limitWorkingDays: number }>;
  slowest: Array<{ applicationId: string; step: string; overdue: boolean }>;
  timeToMoney: { paid: number; averageDays: number | null; averageWorkingDays: number | null };
}

/**
 * Issue 14 §2 (督办): every waiting step has an owner and a working-day limit — 受理, batch
 * approval, 公示, the firm's confirmation, 组批, 复核, 到账. The owner is reminded the working day
 * before a step falls due and the supervisor is told when it is overdue, through the staff
 * notification port (in-app list, gateway with retries); the board shows each department's and
 * finance's on-time rate, average working days per step, the slowest items and the days to money.
 */
describe('every step timed: reminders, escalations and the board (controlled clock)', () => {
  let t: TestApp;
  let clock: ApprovalClock;
  const staff = new RecordingStaffNotifier();
  const who = {} as Actors & { gxjEditor: string; maker: string; checker: string; leader: string };
  let firms: string[];
  const auth: string[] = [];
  let kjjItem: { itemId: string; versionId: string };
  let gxjApp: string;
  const kjjApps: string[] = [];

  const remind = async () => (await t.http.post('/api/v1/supervision/reminders').set('authorization', who.admin).expect(200)).body.sent as number;
  const board = async (a: string) => (await t.http.get('/api/v1/supervision/board').set('authorization', a).expect(200)).body as BoardRow[];
  const step = (row: BoardRow, key: string) => row.steps.find((s) => s.step === key)!;

  beforeAll(async () => {
    t = await createTestApp({
      imports: [
        ApprovalsModule.forRoot({}, [{ provide: MATERIAL_STORAGE, useValue: new InMemoryMaterialStorage() }, { provide: STAFF_NOTIFIER, useValue: staff }]),
        PayoutsModule.forRoot({ sweepIntervalMs: 300 }),
      ],
      migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS, ...PAYOUT_MIGRATIONS],
    });
    t.app.get(EventBus).consume(2);
    t.app.get(MatchingService).startWorkers(1);
    t.app.get(PrequalificationService).startWorkers(1);
    clock = t.app.get(ApprovalClock);
    clock.set(morning('2027-03-01')); // a Monday
    who.editor = await t.createUser({ username: 'kjj_editor', displayName: '科技局编辑', role: 'dept_editor', departmentCode: 'kjj' });
    who.reviewer = await t.createUser({ username: 'kjj_reviewer', displayName: '科技局审核', role: 'dept_reviewer', departmentCode: 'kjj' });
    who.gxjEditor = await t.createUser({ username: 'gxj_editor', displayName: '工信局编辑', role: 'dept_editor', departmentCode: 'gxj' });
    who.otherReviewer = await t.createUser({ username: 'gxj_reviewer', displayName: '工信局审核', role: 'dept_reviewer', departmentCode: 'gxj' });
    who.maker = await t.createUser({ username: 'czj_maker', displayName: '财政经办', role: 'finance_maker' });
    who.checker = await t.createUser({ username: 'czj_checker', displayName: '财政复核', role: 'finance_checker' });
    who.leader = await t.createUser({ username: 'leader', displayName: '市领导', role: 'leader' });
    who.admin = await t.createUser({ username: 'admin', displayName: '管理员', role: 'admin' });
    firms = await loadFirms(t, [0, 1, 2, 3].map((i) => ({ name: `郑州督办测试企业${i}有限公司`, tags: i < 3 ? 'hitech' : 'tech_sme' })));
    for (const [i, id] of firms.entries()) auth.push(await t.createUser({ username: `sla_${i}`, displayName: `企业${i}`, role: 'enterprise', enterpriseId: id }));
  });
  afterAll(async () => {
    t?.app.get(PayoutSender).stop();
    // the simulated bank's callbacks run after the payment: let them land before the database goes
    await (t?.app.get(TREASURY_PORT) as InProcessTreasuryAdapter | undefined)?.bank.callbacksDelivered();
    if (t) await settle(t.app);
    clock?.reset();
    await t?.close();
  });

  it('the owner is reminded the working day before a step falls due, and the supervisor told when it is overdue — once per step', async () => {
    kjjItem = await publishItem(t, who, { name: '科技型企业奖励', mode: 'no_application', formula: { kind: 'fixed', amount: 10 * WAN }, fundPoolFen: 100 * WAN,
      rule: { all: [{ fact: 'tags', operator: 'hasTag', value: 'hitech' }] }, applyFrom: null, applyTo: null });
    const queue = await t.http.get(`/api/v1/review/queue?itemId=${kjjItem.itemId}`).set('authorization', who.reviewer).expect(200);
    for (const a of queue.body.items as Array<{ id: string; enterpriseId: string }>) kjjApps[firms.indexOf(a.enterpriseId)] = a.id;
    expect(kjjApps.filter(Boolean)).toHaveLength(3);
    const gxjItem = await publishItem(t, { ...who, editor: who.gxjEditor, reviewer: who.otherReviewer }, {
      name: '技改补助', mode: 'application', materials: [], rule: { all: [{ fact: 'tags', operator: 'hasTag', value: 'tech_sme' }] },
    });
    const created = await t.http.post('/api/v1/applications').set('authorization', auth[3]).send({ itemId: gxjItem.itemId }).expect(201);
    gxjApp = created.body.id;
    await t.http.post(`/api/v1/applications/${gxjApp}/commitment`).set('authorization', auth[3]).send({ textVersion: 'XYCN-2026.1' }).expect(201);
    await t.http.post(`/api/v1/applications/${gxjApp}/submit`).set('authorization', auth[3]).expect(200);

    expect(await remind()).toBe(0); // 受理 due Thu 03-04 (3 working days), batch approval Mon 03-08 (5)
    clock.set(morning('2027-03-03'));
    expect(await remind()).toBe(1); // 受理 due tomorrow
    staff.failNext = 1;
    const alerts = t.app.get(StaffAlertsService);
    expect(await alerts.sendPending()).toMatchObject({ retried: 1 });
    await t.dataSource.query(`UPDATE approval.staff_alerts SET next_at = now() - interval '1 second' WHERE status = 'pending'`);
    expect(await alerts.sendPending()).toMatchObject({ sent: 1 });
    expect(staff.attempts[1][0].id).toBe(staff.attempts[0][0].id); // the retry carries the same id
    expect(staff.delivered[0]).toMatchObject({ recipientRole: 'dept_reviewer', departmentCode: 'gxj', kind: 'reminder', step: 'accept', items: 1 });
    expect(staff.delivered[0].body).toContain('将于 2027-03-04 到期');

    clock.set(morning('2027-03-05'));
    expect(await remind()).toBe(4); // 受理 overdue (escalated); three batch approvals due Monday (reminded)
    expect(await remind()).toBe(0);
    await alerts.sendPending();
    const latest = staff.delivered.slice(1);
    expect(latest).toEqual(expect.arrayContaining([
      expect.objectContaining({ recipientRole: 'dept_reviewer', departmentCode: 'kjj', kind: 'reminder', step: 'batch_approval', items: 3 }),
      expect.objectContaining({ recipientRole: 'dept_reviewer', departmentCode: 'gxj', kind: 'escalation', step: 'accept', items: 1 }),
      expect.objectContaining({ recipientRole: 'leader', departmentCode: null, kind: 'escalation', step: 'accept', items: 1 }),
    ]));
    expect(latest).toHaveLength(3);
    const tl = await timelineOf(t, auth[3], gxjApp);
    expect(tl.at(-1)!.comment).toContain('督办提醒：「受理」应于 2027-03-04 前完成，已超期 1 个工作日');
  });

  it('in-app: each person sees the alerts addressed to their role and department only', async () => {
    const list = async (a: string) => (await t.http.get('/api/v1/supervision/alerts').set('authorization', a).expect(200)).body;
    const kjj = await list(who.reviewer);
    expect(kjj.items.map((x: { step: string; kind: string }) => `${x.kind}:${x.step}`)).toEqual(['reminder:batch_approval']);
    expect(kjj.items[0]).toMatchObject({ kindLabel: '督办提醒', title: '督办提醒：「预审通过待批量审核」即将到期', status: 'sent' });
    const gxj = await list(who.otherReviewer);
    expect(gxj.total).toBe(2);
    expect((await list(who.leader)).items.map((x: { kind: string }) => x.kind)).toEqual(['escalation']);
    expect((await list(who.maker)).total).toBe(0);
    await t.http.post(`/api/v1/supervision/alerts/${gxj.items[0].id}/read`).set('authorization', who.reviewer).expect(404);
    await t.http.post(`/api/v1/supervision/alerts/${gxj.items[0].id}/read`).set('authorization', who.otherReviewer).expect(204);
    expect((await t.http.get('/api/v1/supervision/alerts?unread=true').set('authorization', who.otherReviewer).expect(200)).body.total).toBe(1);
    // the overdue list: the department's own
    const overdue = (await t.http.get('/api/v1/supervision/overdue').set('authorization', who.otherReviewer).expect(200)).body;
    expect(overdue).toEqual([expect.objectContaining({ applicationId: gxjApp, node: 'accept', overdueWorkingDays: 1, ownerLabel: '主管部门审核人' })]);
    expect((await t.http.get('/api/v1/supervision/overdue').set('authorization', who.reviewer).expect(200)).body).toEqual([]);
  });

  it('departments, the firm and finance move their steps, some late; the payout step waits', async () => {
    clock.set(morning('2027-03-09'));
    await t.http.post('/api/v1/review/batch-approve').set('authorization', who.reviewer).send({ itemId: kjjItem.itemId, ids: kjjApps }).expect(200); // 6 working days: late
    await t.http.post(`/api/v1/applications/${gxjApp}/decision`).set('authorization', who.otherReviewer).send({ decision: 'accept' }).expect(200);
    await t.http.post(`/api/v1/applications/${gxjApp}/decision`).set('authorization', who.otherReviewer).send({ decision: 'approve', comment: '同意' }).expect(200);
    await t.http.post('/api/v1/disclosures').set('authorization', who.reviewer).send({ itemId: kjjItem.itemId, workingDays: 3 }).expect(201); // ends Fri 03-12
    clock.set(morning('2027-03-10'));
    await t.http.post('/api/v1/disclosures').set('authorization', who.otherReviewer).send({ itemId: (await t.http.get(`/api/v1/applications/${gxjApp}`).set('authorization', auth[3])).body.itemId, workingDays: 3 }).expect(201);
    clock.set(morning('2027-03-15'));
    for (const i of [0, 1]) await t.http.post(`/api/v1/applications/${kjjApps[i]}/confirm`).set('authorization', auth[i]).send({}).expect(200);
    await settle(t.app);
    clock.set(morning('2027-03-17'));
    const batch = await t.http.post('/api/v1/payouts/batches').set('authorization', who.maker).send({ title: '科技型企业奖励', filter: {} }).expect(201);
    expect(batch.body.instructionCount).toBe(2);
    await t.http.post(`/api/v1/payouts/batches/${batch.body.id}/submit`).set('authorization', who.maker).expect(200);
    clock.set(morning('2027-03-22'));
    await t.http.post(`/api/v1/payouts/batches/${batch.body.id}/approve`).set('authorization', who.checker).expect(200);
    clock.set(morning('2027-03-26'));
    // nothing sends yet: 到账 (3 working days from the check on Monday) is overdue → finance and the supervisor
    expect(await remind()).toBe(2);
    await t.app.get(StaffAlertsService).sendPending();
    expect(staff.delivered.slice(-2)).toEqual(expect.arrayContaining([
      expect.objectContaining({ recipientRole: 'finance_maker', departmentCode: null, kind: 'escalation', step: 'paying', items: 2 }),
      expect.objectContaining({ recipientRole: 'leader', kind: 'escalation', step: 'paying', items: 2 }),
    ]));
    const [finance] = await board(who.maker);
    expect(finance).toMatchObject({ departmentCode: 'finance', party: 'finance' });
    expect(step(finance, 'paying')).toMatchObject({ open: 2, overdue: 2, completed: 0 });
    expect(finance.slowest.map((s) => s.applicationId).sort()).toEqual([kjjApps[0], kjjApps[1]].sort());
  });

  it('the board: on-time rate and average working days per step for each department and finance, and days to money', async () => {
    t.app.get(PayoutSender).startWorkers();
    for (let i = 0; i < 200; i++) {
      await settle(t.app);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM approval.applications WHERE state = 'paid'`);
      if (n === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const rows = await board(who.leader);
    expect(rows.map((r) => r.departmentCode)).toEqual(['gxj', 'kjj', 'finance']);
    const kjj = rows.find((r) => r.departmentCode === 'kjj')!;
    // batch approval: late (6 working days against 5); 公示 opened at once; two firms confirmed a working day after 公示, one has not yet
    expect(step(kjj, 'batch_approval')).toMatchObject({ completed: 3, onTime: 0, averageWorkingDays: 6, limitWorkingDays: 5 });
    expect(step(kjj, 'disclosure')).toMatchObject({ completed: 3, onTime: 3, averageWorkingDays: 0 });
    expect(step(kjj, 'confirmation')).toMatchObject({ completed: 2, onTime: 2, averageWorkingDays: 1, open: 1 });
    expect(kjj.onTimeRate).toBe(0.5); // the firm's own step does not count for the department
    expect(kjj.steps.map((s) => s.step)).not.toContain('checking');
    const gxj = rows.find((r) => r.departmentCode === 'gxj')!;
    expect(step(gxj, 'accept')).toMatchObject({ completed: 1, onTime: 0, averageWorkingDays: 6 });
    expect(step(gxj, 'decide')).toMatchObject({ completed: 1, onTime: 1, averageWorkingDays: 0 });
    expect(step(gxj, 'disclosure')).toMatchObject({ completed: 1, onTime: 1, averageWorkingDays: 1 });
    expect(gxj.onTimeRate).toBe(round4(2 / 3));
    expect(gxj.slowest).toEqual([]); // only the firm's confirmation is open
    const finance = rows.find((r) => r.departmentCode === 'finance')!;
    expect(step(finance, 'batching')).toMatchObject({ completed: 2, onTime: 2, averageWorkingDays: 2 });
    expect(step(finance, 'checking')).toMatchObject({ completed: 2, onTime: 0, averageWorkingDays: 3 });
    expect(step(finance, 'paying')).toMatchObject({ completed: 2, onTime: 0, averageWorkingDays: 4, open: 0 });
    expect(finance.onTimeRate).toBe(round4(2 / 6));
    // 亲清在线's headline: publication (Mon 03-01) to money (Fri 03-26) = 25 days, 19 working days
    expect(kjj.timeToMoney).toMatchObject({ paid: 2, averageDays: 25, averageWorkingDays: 19 });
    const ttm = (await t.http.get('/api/v1/supervision/time-to-money').set('authorization', who.leader).expect(200)).body;
    expect(ttm.byItem).toEqual([expect.objectContaining({ itemId: kjjItem.itemId, itemName: '科技型企业奖励', departmentCode: 'kjj', paid: 2, averageDays: 25 })]);
    expect(ttm.byDepartment).toEqual([expect.objectContaining({ departmentCode: 'kjj', paid: 2, averageDays: 25 })]);
  });

  it('departments see only their own rows; finance its own; the firm none', async () => {
    expect((await board(who.reviewer)).map((r) => r.departmentCode)).toEqual(['kjj']);
    expect((await board(who.otherReviewer)).map((r) => r.departmentCode)).toEqual(['gxj']);
    expect((await board(who.maker)).map((r) => r.departmentCode)).toEqual(['finance']);
    const own = await t.http.get('/api/v1/supervision/time-to-money').set('authorization', who.otherReviewer).expect(200);
    expect(own.body.byItem).toEqual([]);
    await t.http.get('/api/v1/supervision/board').set('authorization', auth[0]).expect(403);
  });
});

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
