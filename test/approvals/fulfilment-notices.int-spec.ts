import { ApprovalClock, ConfirmationDeadlines } from '@app/approvals';
import { PushChannel, PushDigest, PushService } from '@app/policies';
import { PushDeliveryRepository } from '@app/policies/testing';
import { TestApp } from '../support/test-app';
import { Actors, bootApprovals, emitPayoutResult, loadFirms, publishItem, timelineOf, WAN } from './approval-fixture';

jest.setTimeout(180_000);

/** A gateway that records what it was sent (notices carry their own text) and can be told to fail. */
class RecordingChannel implements PushChannel {
  readonly sent: PushDigest[] = [];
  failNext = 0;
  constructor(readonly name: string) {}
  async send(digests: PushDigest[]): Promise<'sent'> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error(`${this.name} gateway answered 503`);
    }
    this.sent.push(...digests);
    return 'sent';
  }
}

/** China time 09:00 of a day, as an instant. */
const morning = (day: string) => new Date(`${day}T09:00:00+08:00`);

/**
 * Issue 14 §1: the firm is told whenever it must act or something happened — approved, 公示 over
 * (confirm by a date counted in working days), reminders 5 and 1 working days before, lapse with the
 * reservation released and a grace period to ask for reopening, paid, payment failed, 补正, refused —
 * in its inbox, on the timeline and through the push channels (stable ids, retries).
 */
describe('notices to the firm and the confirmation deadline (controlled clock, working-day calendar)', () => {
  let t: TestApp;
  let who: Actors;
  let clock: ApprovalClock;
  let deadlines: ConfirmationDeadlines;
  const sms = new RecordingChannel('sms');
  const appMsg = new RecordingChannel('app_message');
  let push: PushService;
  let firms: string[];
  const auth: string[] = [];
  let item: { itemId: string; versionId: string };
  const appOf = new Map<number, string>();

  const notices = async (i: number) =>
    (await t.http.get('/api/v1/me/notices').set('authorization', auth[i]).expect(200)).body.items as Array<{ kind: string; title: string; body: string; applicationId: string }>;
  const view = async (i: number) => (await t.http.get(`/api/v1/applications/${appOf.get(i)}`).set('authorization', auth[i]).expect(200)).body;
  const reserved = async () => (await t.http.get(`/api/v1/fund-pools/${item.itemId}`).set('authorization', who.reviewer).expect(200)).body.reservedFen as number;

  beforeAll(async () => {
    ({ t, who } = await bootApprovals({}, { env: { CONFIRM_WORKING_DAYS: '10', CONFIRM_REMINDER_DAYS: '5,1', REOPEN_GRACE_WORKING_DAYS: '3' } }));
    clock = t.app.get(ApprovalClock);
    deadlines = t.app.get(ConfirmationDeadlines);
    push = new PushService(new PushDeliveryRepository(t.dataSource), [sms, appMsg]);
    clock.set(morning('2027-03-01')); // a Monday
    firms = await loadFirms(t, [0, 1, 2, 3, 4].map((i) => ({ name: `郑州通知测试企业${i}有限公司` })));
    for (const [i, id] of firms.entries()) auth.push(await t.createUser({ username: `notice_${i}`, displayName: `企业${i}`, role: 'enterprise', enterpriseId: id }));
  });
  afterAll(async () => {
    clock?.reset();
    await t?.close();
  });

  it('approved: each firm is told the amount and that 公示 comes first — in its inbox, on the timeline and through the channels', async () => {
    item = await publishItem(t, who, { name: '专精特新奖励', mode: 'no_application', formula: { kind: 'fixed', amount: 10 * WAN }, fundPoolFen: 100 * WAN, applyFrom: null, applyTo: null });
    const queue = await t.http.get(`/api/v1/review/queue?itemId=${item.itemId}`).set('authorization', who.reviewer).expect(200);
    for (const a of queue.body.items as Array<{ id: string; enterpriseId: string }>) appOf.set(firms.indexOf(a.enterpriseId), a.id);
    await t.http.post('/api/v1/review/batch-approve').set('authorization', who.reviewer).send({ itemId: item.itemId, ids: [0, 1, 2, 3].map((i) => appOf.get(i)) }).expect(200);

    const [n] = await notices(0);
    expect(n).toMatchObject({ kind: 'approved', title: '申请审核通过', applicationId: appOf.get(0) });
    expect(n.body).toContain('已审核通过，核定金额 10万元');
    expect(n.body).toContain('公示');
    const inbox = await t.http.get('/api/v1/me/inbox').set('authorization', auth[0]).expect(200);
    expect(inbox.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'notice', noticeKind: 'approved', title: '申请审核通过', readAt: null })]));
    const tl = await timelineOf(t, auth[0], appOf.get(0)!);
    expect(tl.at(-1)).toMatchObject({ command: 'note', actorRole: 'system' });
    expect(tl.at(-1)!.comment).toContain('【申请审核通过】');
    // the notice entry can be read like any inbox entry
    const entry = inbox.body.items.find((x: { kind: string }) => x.kind === 'notice');
    await t.http.post(`/api/v1/me/inbox/${entry.id}/read`).set('authorization', auth[0]).expect(204);
    await t.http.post(`/api/v1/me/inbox/${entry.id}/read`).set('authorization', auth[1]).expect(404);

    await push.sendPending();
    const approved = sms.sent.filter((d) => d.kind === 'approved');
    expect(approved.map((d) => d.enterpriseId).sort()).toEqual(firms.slice(0, 4).sort());
    expect(approved[0].text).toMatch(/^【申请审核通过】/);
    expect(appMsg.sent.filter((d) => d.kind === 'approved')).toHaveLength(4);
  });

  it('公示 over: confirm by a date 10 working days later (a holiday pushes it back); the channel retries under the same id', async () => {
    await t.http.put('/api/v1/supervision/calendar').set('authorization', who.admin).send({ days: [{ day: '2027-03-12', kind: 'holiday', name: '测试假日' }] }).expect(200);
    await t.http.post('/api/v1/disclosures').set('authorization', who.reviewer).send({ itemId: item.itemId, workingDays: 5 }).expect(201); // ends Mon 03-08
    expect(await deadlines.run()).toMatchObject({ opened: 0 }); // 公示 still running
    clock.set(morning('2027-03-09'));
    sms.failNext = 1;
    expect(await deadlines.run()).toMatchObject({ opened: 4, reminded: 0, lapsed: 0 });
    expect(await deadlines.run()).toMatchObject({ opened: 0, reminded: 0 });
    // 03-09 … 03-23 is ten working days without Friday 03-12
    expect((await view(1)).confirmBy).toBe('2027-03-23');
    const [n] = await notices(1);
    expect(n).toMatchObject({ kind: 'confirm_account', title: '请确认收款账户' });
    expect(n.body).toContain('公示期已满，请于 2027-03-23 前登录平台确认收款账户');

    const first = await push.sendPending();
    expect(first.retried).toBeGreaterThan(0);
    const [row] = await t.dataSource.query(
      `SELECT d.id, d.status, d.attempts, d.detail FROM policy.push_deliveries d JOIN policy.notices n ON n.id = d.notice_id
       WHERE n.kind = 'confirm_account' AND n.enterprise_id = $1 AND d.channel = 'sms'`, [firms[1]]);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.detail).toContain('503');
    await t.dataSource.query(`UPDATE policy.push_deliveries SET next_at = now() - interval '1 second' WHERE status = 'pending'`);
    await push.sendPending();
    const resent = sms.sent.find((d) => d.kind === 'confirm_account' && d.enterpriseId === firms[1]);
    expect(resent).toMatchObject({ id: row.id });
    expect(resent!.text).toContain('2027-03-23');
  });

  it('the firm confirms within the window; the others are reminded 5 and 1 working days before, once each', async () => {
    await t.http.post(`/api/v1/applications/${appOf.get(0)}/confirm`).set('authorization', auth[0]).send({}).expect(200);
    clock.set(morning('2027-03-15'));
    expect(await deadlines.run()).toMatchObject({ reminded: 0 }); // six working days left
    clock.set(morning('2027-03-16'));
    expect(await deadlines.run()).toMatchObject({ reminded: 3 });
    expect(await deadlines.run()).toMatchObject({ reminded: 0 });
    expect((await notices(2))[0]).toMatchObject({ kind: 'confirm_reminder', title: '确认收款账户即将截止' });
    expect((await notices(2))[0].body).toContain('将于 2027-03-23 截止（还剩 5 个工作日）');
    expect((await notices(0)).map((x) => x.kind)).not.toContain('confirm_reminder');
    clock.set(morning('2027-03-22'));
    expect(await deadlines.run()).toMatchObject({ reminded: 3 });
    expect((await notices(2))[0].body).toContain('还剩 1 个工作日');
    clock.set(morning('2027-03-23')); // the last day still counts
    await t.http.post(`/api/v1/applications/${appOf.get(3)}/confirm`).set('authorization', auth[3]).send({}).expect(200);
    expect(await deadlines.run()).toMatchObject({ reminded: 0, lapsed: 0 });
  });

  it('deadline passed: the application lapses, its reservation returns to the pool (audited), and the firm is told how to ask to reopen', async () => {
    const before = await reserved();
    clock.set(morning('2027-03-24'));
    expect(await deadlines.run()).toMatchObject({ lapsed: 2 });
    expect(await deadlines.run()).toMatchObject({ lapsed: 0 });
    expect(before - (await reserved())).toBe(20 * WAN);
    const v = await view(1);
    expect(v).toMatchObject({ state: 'lapsed', stateLabel: '逾期未确认', reopenUntil: '2027-03-29' });
    const [n] = await notices(1);
    expect(n).toMatchObject({ kind: 'lapsed' });
    expect(n.body).toContain('可于 2027-03-29 前在平台申请恢复办理');
    const [audit] = await t.dataSource.query(
      `SELECT before_digest, after_digest, details FROM audit.audit_log WHERE action = 'application.lapse' AND target_id = $1`, [appOf.get(1)]);
    expect(audit.before_digest).toBeTruthy();
    expect(audit.after_digest).toBeTruthy();
    // a lapsed application cannot be confirmed; nothing changes
    const steps = (await timelineOf(t, auth[1], appOf.get(1)!)).length;
    expect((await t.http.post(`/api/v1/applications/${appOf.get(1)}/confirm`).set('authorization', auth[1]).send({}).expect(409)).body.code).toBe('APPLICATION.INVALID_STATE');
    expect(await timelineOf(t, auth[1], appOf.get(1)!)).toHaveLength(steps);
  });

  it('reopen: the firm asks within the grace period, the department decides (reserved again, a new deadline); too late is refused and then expires', async () => {
    await t.http.post(`/api/v1/applications/${appOf.get(1)}/reopen`).set('authorization', auth[2]).send({ reason: '财务人员休假' }).expect(404);
    const asked = await t.http.post(`/api/v1/applications/${appOf.get(1)}/reopen`).set('authorization', auth[1]).send({ reason: '财务人员休假，未及时确认' }).expect(200);
    expect(asked.body.state).toBe('reopen_requested');
    await t.http.post(`/api/v1/applications/${appOf.get(1)}/reopen-decision`).set('authorization', who.otherReviewer).send({ decision: 'accept' }).expect(404);
    const noReason = await t.http.post(`/api/v1/applications/${appOf.get(1)}/reopen-decision`).set('authorization', who.reviewer).send({ decision: 'reject' }).expect(400);
    expect(noReason.body.code).toBe('REVIEW.COMMENT_REQUIRED');
    const before = await reserved();
    const ok = await t.http.post(`/api/v1/applications/${appOf.get(1)}/reopen-decision`).set('authorization', who.reviewer).send({ decision: 'accept', comment: '理由属实' }).expect(200);
    expect(ok.body).toMatchObject({ state: 'approved', confirmBy: '2027-04-07' });
    expect((await reserved()) - before).toBe(10 * WAN);
    expect((await notices(1))[0]).toMatchObject({ kind: 'reopen_accepted' });
    expect((await notices(1))[0].body).toContain('主管部门已同意恢复办理，请于 2027-04-07 前');
    const c = await t.http.post(`/api/v1/applications/${appOf.get(1)}/confirm`).set('authorization', auth[1]).send({}).expect(200);
    expect(c.body.state).toBe('ready_for_payout');

    clock.set(morning('2027-03-30'));
    const steps = (await timelineOf(t, auth[2], appOf.get(2)!)).length;
    const late = await t.http.post(`/api/v1/applications/${appOf.get(2)}/reopen`).set('authorization', auth[2]).send({ reason: '忘记了' }).expect(422);
    expect(late.body.code).toBe('APPLICATION.REOPEN_PERIOD_OVER');
    expect(await timelineOf(t, auth[2], appOf.get(2)!)).toHaveLength(steps);
    expect(await deadlines.run()).toMatchObject({ expired: 1 });
    expect((await view(2)).state).toBe('expired');
  });

  it('paid: amount, date and masked account; payment failed: what to do', async () => {
    await emitPayoutResult(t, appOf.get(0)!, 'settled', 10 * WAN);
    const [paid] = await notices(0);
    expect(paid).toMatchObject({ kind: 'paid', title: '资金已到账' });
    expect(paid.body).toContain('10万元已于 2027-03-30 拨付至您的账户 622202*********0123');
    expect(paid.body).not.toContain('6222021234567890123');
    await emitPayoutResult(t, appOf.get(3)!, 'returned', 10 * WAN, '账户已销户');
    const [failed] = await notices(3);
    expect(failed).toMatchObject({ kind: 'payout_failed', title: '资金拨付未成功' });
    expect(failed.body).toContain('银行退票：账户已销户');
    expect(failed.body).toContain('重新确认');
    // a redelivered result notifies nobody twice
    const count = (await notices(0)).length;
    await emitPayoutResult(t, appOf.get(0)!, 'settled', 10 * WAN);
    expect(await notices(0)).toHaveLength(count);
  });

  it('申请制: 补正 says what is missing, a refusal gives the reason', async () => {
    const app = await publishItem(t, who, { name: '技术改造补助', mode: 'application', materials: [] });
    const created = await t.http.post('/api/v1/applications').set('authorization', auth[4]).send({ itemId: app.itemId }).expect(201);
    const id = created.body.id;
    await t.http.post(`/api/v1/applications/${id}/commitment`).set('authorization', auth[4]).send({ textVersion: 'XYCN-2026.1' }).expect(201);
    await t.http.post(`/api/v1/applications/${id}/submit`).set('authorization', auth[4]).expect(200);
    await t.http.post(`/api/v1/applications/${id}/decision`).set('authorization', who.reviewer).send({ decision: 'return', comment: '请补充技改项目备案证明' }).expect(200);
    expect((await notices(4))[0]).toMatchObject({ kind: 'supplement', applicationId: id });
    expect((await notices(4))[0].body).toContain('需要补正：请补充技改项目备案证明');
    await t.http.post(`/api/v1/applications/${id}/submit`).set('authorization', auth[4]).expect(200);
    await t.http.post(`/api/v1/applications/${id}/decision`).set('authorization', who.reviewer).send({ decision: 'reject', comment: '项目不在支持范围' }).expect(200);
    expect((await notices(4))[0]).toMatchObject({ kind: 'rejected', title: '申请未获通过' });
    expect((await notices(4))[0].body).toContain('理由：项目不在支持范围');
    const byApp = await t.http.get(`/api/v1/me/notices?applicationId=${id}`).set('authorization', auth[4]).expect(200);
    expect(byApp.body.total).toBe(2);
  });
});
