import type { ChannelNotice, PushChannel } from '@app/policies';
import { person, TX, uuid } from '../testing/unit-kit';
import { AppealNoticeService, CITY_SUPERVISION } from './notice.service';
import type { ClaimedNotice, InboxRow, NoticeRowIn, NoticesRepository } from './notices.repository';

/** NoticesRepository's contract in memory: inbox rows and deliveries; a claim hands out the pending ones once. */
class MemoryNotices {
  readonly rows: Array<NoticeRowIn & { attempts: number; read: boolean; outcome?: unknown }> = [];
  lastInbox?: { recipients: Array<{ kind: string; id: string }>; unreadOnly: boolean };
  async insert(_m: unknown, rows: NoticeRowIn[]) {
    this.rows.push(...rows.map((r) => ({ ...r, attempts: 0, read: false })));
  }
  async inbox(recipients: Array<{ kind: string; id: string }>, unreadOnly: boolean) {
    this.lastInbox = { recipients, unreadOnly };
    const mine = this.rows.filter((r) => r.channel === 'inbox' && recipients.some((x) => x.kind === r.recipient.kind && x.id === r.recipient.id) && (!unreadOnly || !r.read));
    return { rows: mine.map((r): InboxRow => ({ id: r.id, appeal_id: r.appealId, kind: r.kind, title: r.title, text: r.text, at: new Date(), read_at: r.read ? new Date() : null })), total: mine.length };
  }
  async markRead(ids: string[], recipients: Array<{ kind: string; id: string }>) {
    const hit = this.rows.filter((r) => ids.includes(r.id) && r.channel === 'inbox' && !r.read && recipients.some((x) => x.kind === r.recipient.kind && x.id === r.recipient.id));
    hit.forEach((r) => (r.read = true));
    return hit.length;
  }
  async claim(limit: number): Promise<ClaimedNotice[]> {
    const due = this.rows.filter((r) => r.status === 'pending').slice(0, limit);
    due.forEach((r) => { r.status = 'sending' as never; r.attempts++; });
    return due.map((r) => ({ id: r.id, channel: r.channel, recipient_kind: r.recipient.kind, recipient_id: r.recipient.id, title: r.title, text: r.text, attempts: r.attempts }));
  }
  async recordAttempt(rows: Array<{ id: string }>, outcome: { status: string } | { error: string }) {
    for (const { id } of rows) this.rows.find((r) => r.id === id)!.outcome = outcome;
    return 'status' in outcome ? { sent: rows.length, retried: 0, failed: 0 } : { sent: 0, retried: rows.length, failed: 0 };
  }
}

function channel(name: string, behaviour: 'ok' | 'fail' | 'none'): PushChannel & { got: ChannelNotice[] } {
  const c = { name, got: [] as ChannelNotice[] } as PushChannel & { got: ChannelNotice[] };
  if (behaviour !== 'none') {
    c.sendNotices = async (n: ChannelNotice[]) => {
      if (behaviour === 'fail') throw new Error('短信网关超时');
      c.got.push(...n);
      return 'sent';
    };
  }
  return c;
}

function setup(channels: PushChannel[]) {
  const notices = new MemoryNotices();
  const svc = new AppealNoticeService(notices as unknown as NoticesRepository, channels);
  return { svc, notices };
}

const note = (recipientId: string) => ({ appealId: uuid(1), kind: 'letter' as const, recipient: { kind: 'department' as const, id: recipientId }, title: '督办函', text: '请办理' });

describe('AppealNoticeService (over an in-memory repository)', () => {
  it('records each notice in the inbox (sent) and once per channel that sends notices (pending)', async () => {
    const { svc, notices } = setup([channel('sms', 'ok'), channel('app', 'none')]);
    await svc.record(TX, [note('zrzyj'), note('fgw')]);
    expect(notices.rows.map((r) => [r.recipient.id, r.channel, r.status])).toEqual([['zrzyj', 'inbox', 'sent'], ['zrzyj', 'sms', 'pending'], ['fgw', 'inbox', 'sent'], ['fgw', 'sms', 'pending']]);
    await svc.record(TX, []);
    expect(notices.rows).toHaveLength(4);
  });

  it('a caller reads its own, its firm\'s, its department\'s and (supervisors) its district\'s or the city\'s inbox', () => {
    const { svc } = setup([]);
    expect(svc.recipientsOf(person('enterprise', { id: 'u1', enterpriseId: 'e1' }))).toEqual([{ kind: 'user', id: 'u1' }, { kind: 'enterprise', id: 'e1' }]);
    expect(svc.recipientsOf(person('dept_editor', { id: 'u2', departmentCode: 'zrzyj' }))).toEqual([{ kind: 'user', id: 'u2' }, { kind: 'department', id: 'zrzyj' }]);
    expect(svc.recipientsOf(person('supervisor', { id: 'u3', departmentCode: '410102' }))).toContainEqual({ kind: 'department', id: '410102' });
    expect(svc.recipientsOf(person('supervisor', { id: 'u4' }))).toContainEqual({ kind: 'department', id: CITY_SUPERVISION });
  });

  it('marks only the caller\'s inbox rows read, ignoring malformed ids', async () => {
    const { svc, notices } = setup([]);
    await svc.record(TX, [note('zrzyj'), note('fgw')]);
    const [mine, theirs] = notices.rows.map((r) => r.id);
    const zr = person('dept_editor', { departmentCode: 'zrzyj' });
    expect(await svc.markRead(zr, [mine, theirs, 'junk'])).toBe(1);
    expect((await svc.inbox(zr, 1, 20, true)).total).toBe(0);
    expect((await svc.inbox(zr, 1, 20)).items).toEqual([expect.objectContaining({ id: mine, kindLabel: '函件', read: true })]);
  });

  it('sends pending deliveries per channel; a failing or notice-less channel records the error for retry', async () => {
    const sms = channel('sms', 'ok');
    const { svc, notices } = setup([sms, channel('wechat', 'fail')]);
    await svc.record(TX, [note('zrzyj')]);
    // A delivery left for a channel that no longer sends notices.
    notices.rows.push({ ...notices.rows[1], id: uuid(77), channel: 'fax', attempts: 0, read: false, status: 'pending' });
    expect(await svc.sendPending()).toEqual({ sent: 1, retried: 2, failed: 0 });
    expect(sms.got.map((n) => n.recipient)).toEqual([{ kind: 'department', id: 'zrzyj' }]);
    const byChannel = Object.fromEntries(notices.rows.filter((r) => r.channel !== 'inbox').map((r) => [r.channel, r.outcome]));
    expect(byChannel).toEqual({ sms: { status: 'sent' }, wechat: { error: '短信网关超时' }, fax: { error: 'channel fax cannot send notices' } });
    expect(await svc.sendPending()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });
});
