import type { EntityManager } from 'typeorm';
import type { PushChannel, PushDigest } from './push-channel.port';
import type { ClaimedDelivery, DigestDeliveryInsert, PushDeliveryRepository } from './push-delivery.repository';
import { PushService } from './push.service';

/** The outbox in memory: inserted rows, what a claim hands out, and each attempt's outcome. */
class MemoryOutbox {
  inserted: DigestDeliveryInsert[] = [];
  due: ClaimedDelivery[][] = [];
  names = new Map<string, string>();
  noticeRows = new Map<string, { id: string; kind: string; title: string; body: string }>();
  attempts: Array<{ ids: string[]; outcome: { status: string } | { error: string } }> = [];
  async insertDigests(_m: EntityManager, rows: DigestDeliveryInsert[]) {
    this.inserted.push(...rows);
  }
  async claim() {
    return this.due.shift() ?? [];
  }
  async versionNames(ids: string[]) {
    return ids.filter((id) => this.names.has(id)).map((id) => ({ id, name: this.names.get(id)! }));
  }
  async notices(ids: string[]) {
    return ids.map((id) => this.noticeRows.get(id)).filter((n) => n !== undefined);
  }
  async recordAttempt(rows: ClaimedDelivery[], outcome: { status: string } | { error: string }) {
    this.attempts.push({ ids: rows.map((r) => r.id), outcome });
    return 'status' in outcome ? { sent: rows.length, retried: 0, failed: 0 } : { sent: 0, retried: rows.length, failed: 0 };
  }
}

class Channel implements PushChannel {
  sent: PushDigest[][] = [];
  constructor(readonly name: string, private readonly fail = false) {}
  async send(d: PushDigest[]) {
    if (this.fail) throw new Error('gateway down');
    this.sent.push(d);
    return 'sent' as const;
  }
}

const delivery = (over: Partial<ClaimedDelivery>): ClaimedDelivery =>
  ({ id: 'd1', enterprise_id: 'f1', channel: 'sms', item_version_ids: [], items: 0, attempts: 1, notice_id: null, ...over });

describe('PushService.record', () => {
  it('records one digest per firm and channel, naming at most three items and counting them all', async () => {
    const repo = new MemoryOutbox();
    const push = new PushService(repo as unknown as PushDeliveryRepository, [new Channel('sms'), new Channel('app_message')]);
    await push.record({} as EntityManager, [
      ...['v1', 'v2', 'v3', 'v4'].map((v) => ({ enterpriseId: 'f1', itemVersionId: v, title: '' })),
      { enterpriseId: 'f2', itemVersionId: 'v1', title: '' },
    ]);
    expect(repo.inserted.map((r) => [r.channel, r.enterpriseId, r.itemVersionIds, r.items])).toEqual([
      ['sms', 'f1', ['v1', 'v2', 'v3'], 4], ['sms', 'f2', ['v1'], 1], ['app_message', 'f1', ['v1', 'v2', 'v3'], 4], ['app_message', 'f2', ['v1'], 1],
    ]);
    expect(new Set(repo.inserted.map((r) => r.id)).size).toBe(4);
  });

  it('records nothing without messages or without channels', async () => {
    const repo = new MemoryOutbox();
    await new PushService(repo as unknown as PushDeliveryRepository, [new Channel('sms')]).record({} as EntityManager, []);
    await new PushService(repo as unknown as PushDeliveryRepository, []).record({} as EntityManager, [{ enterpriseId: 'f1', itemVersionId: 'v1', title: '' }]);
    expect(repo.inserted).toEqual([]);
  });
});

describe('PushService.sendPending', () => {
  it('words item digests with the versions\' names and notices with their own text, each through its channel', async () => {
    const repo = new MemoryOutbox();
    repo.names.set('v1', '研发费用后补助');
    repo.noticeRows.set('n1', { id: 'n1', kind: 'paid', title: '资金已到账', body: '「研发补贴」5万元已到账。' });
    repo.due.push([
      delivery({ id: 'd1', channel: 'sms', item_version_ids: ['v1', 'v2'], items: 5 }),
      delivery({ id: 'd2', channel: 'app_message', notice_id: 'n1' }),
    ]);
    const sms = new Channel('sms');
    const app = new Channel('app_message');
    const push = new PushService(repo as unknown as PushDeliveryRepository, [sms, app]);
    expect(await push.sendPending()).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(sms.sent).toEqual([[{ id: 'd1', enterpriseId: 'f1', items: 5, itemVersionIds: ['v1', 'v2'], titles: ['研发费用后补助', ''] }]]);
    expect(app.sent).toEqual([[{ id: 'd2', enterpriseId: 'f1', items: 0, itemVersionIds: [], titles: ['资金已到账'], text: '【资金已到账】「研发补贴」5万元已到账。', kind: 'paid' }]]);
    expect(repo.attempts).toEqual([{ ids: ['d1'], outcome: { status: 'sent' } }, { ids: ['d2'], outcome: { status: 'sent' } }]);
  });

  it('records a failing gateway\'s error, and an unconfigured channel as an error, for the retry rules to handle', async () => {
    const repo = new MemoryOutbox();
    repo.due.push([delivery({ id: 'd1', channel: 'sms', item_version_ids: ['v1'], items: 1 }), delivery({ id: 'd2', channel: 'fax', item_version_ids: ['v1'], items: 1 })]);
    const push = new PushService(repo as unknown as PushDeliveryRepository, [new Channel('sms', true)]);
    expect(await push.sendPending()).toEqual({ sent: 0, retried: 2, failed: 0 });
    expect(repo.attempts).toEqual([
      { ids: ['d1'], outcome: { error: 'gateway down' } },
      { ids: ['d2'], outcome: { error: 'channel fax is not configured' } },
    ]);
  });

  it('stops claiming once a claim comes back short of a full batch', async () => {
    const repo = new MemoryOutbox();
    repo.due.push([delivery({ id: 'd1', item_version_ids: ['v1'], items: 1 })], [delivery({ id: 'd2', item_version_ids: ['v1'], items: 1 })]);
    const push = new PushService(repo as unknown as PushDeliveryRepository, [new Channel('sms')]);
    expect((await push.sendPending()).sent).toBe(1);
    expect(repo.due).toHaveLength(1);
  });
});
