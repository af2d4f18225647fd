import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { CalendarRepository, WorkingDayCalendar } from '@app/approvals';
import { AppConfig, AuditService, buildKeyRing, FieldCipher, OutboxService } from '@app/core';
import type { EnterprisesService } from '@app/enterprises';
import type { ItemVersionRepository } from '@app/policies';
import type { AppealRepository, NewAppeal } from '../appeal/appeal.repository';
import type { AppealDirectory } from '../appeal/appeal-directory.service';
import type { AppealViews } from '../appeal/appeal-views.service';
import { SYSTEM_ACTOR } from '../appeal/appeal.types';
import { AppealNoticeService, CITY_SUPERVISION } from '../notices/notice.service';
import type { OfficersRepository } from '../officers/officers.repository';
import { appealRow, codeOf, FixedClock, MemoryAppeals, person, recorders, TX, uuid } from '../testing/unit-kit';
import { IntakeInput, IntakeService } from './intake.service';

/** The appeals in memory, inserted as AppealRepository.insertMany does (a number taken twice is the unique violation). */
class MemoryIntake extends MemoryAppeals {
  readonly inserted: NewAppeal[] = [];
  conflict = false;
  async insertMany(_m: unknown, rows: NewAppeal[]) {
    if (this.conflict) throw Object.assign(new Error('duplicate key value violates unique constraint "UQ_appeals_number"'), { code: '23505', constraint: 'UQ_appeals_number' });
    this.inserted.push(...rows);
    this.add(...rows.map((r) => appealRow({ id: r.id, number: r.number, enterprise_id: r.enterpriseId, level: r.level, officer_id: r.officerId, channel: r.channel })));
  }
}

const FIRM = uuid(501);
const OFFICER_FIRM = uuid(502);
const OFFICER = uuid(599);
const ITEM = uuid(550);
// Thursday 2026-12-03 10:00 in China.
const NOW = new Date('2026-12-03T02:00:00Z');

function setup() {
  const appeals = new MemoryIntake();
  const rec = recorders();
  const keys = buildKeyRing([{ kid: 'k1', key: randomBytes(32) }]);
  const firms = new Map([[FIRM, { id: FIRM, name: '甲公司', facts: { districtCode: '410102' } }], [OFFICER_FIRM, { id: OFFICER_FIRM, name: '乙公司', facts: { districtCode: '410105' } }]]);
  const enterprises = { factsBatch: async ({ ids }: { ids: string[] }) => ids.filter((i) => firms.has(i)).map((i) => firms.get(i)!) };
  const directory = { category: async (code: string) => {
    if (code !== 'land') throw Object.assign(new Error('未知的诉求类别'), { code: 'APPEAL.CATEGORY_INVALID' });
    return { code: 'land', name: '用地规划', dispatch_days: 2 };
  } };
  const items = { forItem: async (id: string) => (id === ITEM ? [{ itemId: ITEM }] : []) };
  const officers = { officersOf: async (_m: unknown, ids: string[]) => new Map(ids.filter((i) => i === OFFICER_FIRM).map((i) => [i, OFFICER])) };
  const dataSource = { transaction: async <T>(work: (m: EntityManager) => Promise<T>) => work(TX) };
  const views = { one: async (r: { id: string }) => ({ id: r.id }) };
  const svc = new IntakeService(dataSource as unknown as DataSource, appeals as unknown as AppealRepository, directory as unknown as AppealDirectory, views as unknown as AppealViews,
    { calendar: async () => new WorkingDayCalendar() } as unknown as CalendarRepository, enterprises as unknown as EnterprisesService, items as unknown as ItemVersionRepository,
    rec.notices as unknown as AppealNoticeService, new FixedClock(NOW), rec.audit as unknown as AuditService, rec.outbox as unknown as OutboxService,
    officers as unknown as OfficersRepository, { keys } as AppConfig);
  return { svc, appeals, rec, cipher: new FieldCipher(keys) };
}

const input = (o: Partial<IntakeInput> = {}): IntakeInput => ({ enterpriseId: FIRM, category: 'land', channel: 'hotline', title: '厂房用地', description: '新厂区用地指标迟迟未落实', ...o });

describe('IntakeService (over in-memory repositories)', () => {
  it('creates appeals with their deadline, terms and an encrypted phone; a firm with an officer goes to the officer first', async () => {
    const { svc, appeals, rec, cipher } = setup();
    const ids = await svc.create(TX, [input({ contactPhone: '138 0013 8000' }), input({ enterpriseId: OFFICER_FIRM })], SYSTEM_ACTOR, '登记表导入');
    expect(ids).toHaveLength(2);
    const [a, b] = appeals.inserted;
    expect(a).toMatchObject({ enterpriseName: '甲公司', districtCode: '410102', level: 'department', officerId: null, dispatchDue: '2026-12-07', contactPhoneMasked: '138****8000' });
    expect(cipher.decrypt(a.contactPhoneEnc!)).toBe('13800138000');
    expect(a.terms.length).toBeGreaterThan(0);
    expect(b).toMatchObject({ level: 'officer', officerId: OFFICER });
    expect(rec.notices.sent.map((n) => n.recipient)).toEqual([{ kind: 'department', id: CITY_SUPERVISION }, { kind: 'user', id: OFFICER }]);
    expect(rec.outbox.events.map((e) => e.aggregateId)).toEqual(ids);
    expect(rec.audit.entries.map((e) => e.action)).toEqual(['appeal.create', 'appeal.create']);
  });

  it('checks every input before writing any: one bad row and nothing is created', async () => {
    const { svc, appeals } = setup();
    const bad: Array<[Partial<IntakeInput>, string]> = [
      [{ category: 'nosuch' }, 'APPEAL.CATEGORY_INVALID'], [{ channel: 'fax' as never }, 'APPEAL.CHANNEL_INVALID'], [{ title: '地' }, 'APPEAL.TITLE_INVALID'],
      [{ description: '太短' }, 'APPEAL.DESCRIPTION_INVALID'], [{ contactPhone: '12345' }, 'APPEAL.PHONE_INVALID'], [{ enterpriseId: uuid(598) }, 'ENTERPRISE.NOT_FOUND'],
      [{ relatedItemId: 'junk' }, 'ITEM.NOT_FOUND'], [{ relatedItemId: uuid(551) }, 'ITEM.NOT_FOUND'], [{ receivedAt: new Date(NOW.getTime() + 3_600_000) }, 'APPEAL.RECEIVED_AT_INVALID'],
    ];
    for (const [o, code] of bad) expect([o, await codeOf(svc.create(TX, [input(), input(o)], SYSTEM_ACTOR))]).toEqual([o, code]);
    expect(appeals.inserted).toEqual([]);
    expect(await codeOf(svc.create(TX, [input({ relatedItemId: ITEM })], SYSTEM_ACTOR))).toBe('ok');
  });

  it('a number taken meanwhile is a coded conflict', async () => {
    const { svc, appeals } = setup();
    appeals.conflict = true;
    expect(await codeOf(svc.create(TX, [input()], SYSTEM_ACTOR))).toBe('APPEAL.NUMBER_CONFLICT');
  });

  it('a firm submits online for itself; staff record only with a staff channel', async () => {
    const { svc, appeals } = setup();
    await svc.submitOnline(person('enterprise', { enterpriseId: FIRM }), { category: 'land', title: '厂房用地', description: '新厂区用地指标迟迟未落实' });
    expect(appeals.inserted[0]).toMatchObject({ enterpriseId: FIRM, channel: 'online', recordedRole: 'enterprise' });
    expect(await codeOf(svc.submitOnline(person('supervisor'), { category: 'land', title: '厂房用地', description: '新厂区用地指标迟迟未落实' }))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(svc.recordOnBehalf(person('supervisor'), input({ channel: 'online' })))).toBe('APPEAL.CHANNEL_INVALID');
  });
});
