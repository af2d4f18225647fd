import type { EntityManager } from 'typeorm';
import { DomainError, Principal } from '@app/core';
import type { NoticeDeliveryInsert, NoticeInsert, NoticeRepository, NoticeRow } from './notice.repository';
import type { PushChannel } from './push-channel.port';
import { NoticeService, noticeText } from './notice.service';

/** policy.notices in memory: a dedupe key is recorded once. */
class MemoryNotices {
  rows: NoticeInsert[] = [];
  deliveries: NoticeDeliveryInsert[] = [];
  pages: Array<{ enterpriseId: string; filter: { applicationId?: string }; page: number; pageSize: number }> = [];
  pageRows: NoticeRow[] = [];
  async insertNew(_m: EntityManager, notices: NoticeInsert[]) {
    const fresh = notices.filter((n) => !this.rows.some((r) => r.dedupeKey === n.dedupeKey));
    this.rows.push(...fresh);
    return fresh.map((n) => ({ id: n.id, enterprise_id: n.enterpriseId, dedupe_key: n.dedupeKey }));
  }
  async insertDeliveries(_m: EntityManager, d: NoticeDeliveryInsert[]) {
    this.deliveries.push(...d);
  }
  async byIds(ids: string[]) {
    return this.rows.filter((r) => ids.includes(r.id)).map((r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body }));
  }
  async page(enterpriseId: string, filter: { applicationId?: string }, page: number, pageSize: number) {
    this.pages.push({ enterpriseId, filter, page, pageSize });
    return { total: 7, rows: this.pageRows };
  }
}

const channels: PushChannel[] = [{ name: 'sms', send: async () => 'sent' }, { name: 'app_message', send: async () => 'sent' }];
const firm: Principal = { id: 'u1', username: 'f', displayName: '企业', role: 'enterprise', departmentCode: null, enterpriseId: 'e1' };
const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

describe('NoticeService.record', () => {
  it('records a notice once per dedupe key, with one pending delivery per channel, and answers the new keys', async () => {
    const repo = new MemoryNotices();
    const svc = new NoticeService(repo as unknown as NoticeRepository, channels);
    const at = new Date('2027-03-01T02:00:00Z');
    const n = { enterpriseId: 'e1', kind: 'paid', title: '资金已到账', body: '到账', applicationId: 'a1', dedupeKey: 'application:a1:paid', at };
    expect(await svc.record({} as EntityManager, [n])).toEqual(new Set(['application:a1:paid']));
    expect(await svc.record({} as EntityManager, [n, { ...n, dedupeKey: 'application:a2:paid' }])).toEqual(new Set(['application:a2:paid']));
    expect(repo.rows).toHaveLength(2);
    expect(repo.rows[0]).toMatchObject({ enterpriseId: 'e1', kind: 'paid', itemId: null, applicationId: 'a1', at });
    expect(repo.deliveries.map((d) => [d.channel, d.noticeId])).toEqual([['sms', repo.rows[0].id], ['app_message', repo.rows[0].id], ['sms', repo.rows[1].id], ['app_message', repo.rows[1].id]]);
  });

  it('cuts the title and body to what the columns hold', async () => {
    const repo = new MemoryNotices();
    await new NoticeService(repo as unknown as NoticeRepository, []).record({} as EntityManager, [{ enterpriseId: 'e1', kind: 'k', title: '题'.repeat(150), body: '文'.repeat(3000), dedupeKey: 'k1' }]);
    expect([repo.rows[0].title.length, repo.rows[0].body.length]).toEqual([100, 2000]);
    expect(repo.deliveries).toEqual([]);
  });

  it('records nothing for no notices', async () => {
    const repo = new MemoryNotices();
    expect(await new NoticeService(repo as unknown as NoticeRepository, channels).record({} as EntityManager, [])).toEqual(new Set());
    expect(repo.rows).toEqual([]);
  });
});

describe('NoticeService reads', () => {
  it('gives the sender each notice\'s text as sent', async () => {
    const repo = new MemoryNotices();
    const svc = new NoticeService(repo as unknown as NoticeRepository, []);
    await svc.record({} as EntityManager, [{ enterpriseId: 'e1', kind: 'paid', title: '资金已到账', body: '已到账', dedupeKey: 'k' }]);
    const texts = await svc.texts([repo.rows[0].id]);
    expect(texts.get(repo.rows[0].id)).toEqual({ kind: 'paid', text: noticeText('资金已到账', '已到账') });
    expect(await svc.texts([])).toEqual(new Map());
  });

  it('lists a firm\'s own notices only, and refuses anyone else', async () => {
    const repo = new MemoryNotices();
    repo.pageRows = [{ id: 'n1', kind: 'paid', title: 't', body: 'b', item_id: null, application_id: 'a1', created_at: new Date('2027-03-01T02:00:00Z'), read_at: null }];
    const svc = new NoticeService(repo as unknown as NoticeRepository, []);
    const page = await svc.list(firm, 2, 5, { applicationId: 'a1' });
    expect(repo.pages).toEqual([{ enterpriseId: 'e1', filter: { applicationId: 'a1' }, page: 2, pageSize: 5 }]);
    expect(page).toEqual({ total: 7, page: 2, pageSize: 5, items: [{ id: 'n1', kind: 'paid', title: 't', body: 'b', itemId: null, applicationId: 'a1', createdAt: '2027-03-01T02:00:00.000Z', readAt: null }] });
    expect(await code(svc.list({ ...firm, role: 'dept_reviewer', enterpriseId: null, departmentCode: 'kjj' }, 1, 5))).toBe('AUTH.FORBIDDEN');
    expect(repo.pages).toHaveLength(1);
  });
});
