import type { EntityManager } from 'typeorm';
import type { AuditService, OutboxService } from '@app/core';
import { EventNames } from '@app/contracts';
import type { EnterprisesService } from '@app/enterprises';
import type { AppealRepository } from '../appeal/appeal.repository';
import type { IntakeInput, IntakeService } from '../intake/intake.service';
import type { TriageService } from '../triage/triage.service';
import { appealRow, codeOf, FixedClock, MemoryAppeals, person, recorders, TX, uuid } from '../testing/unit-kit';
import type { DayRow, MinutesAppealRow, NewDayRow, NewRegistrationRow, ReceptionRepository, RegistrationRow } from './reception.repository';
import { ReceptionService } from './reception.service';

/** ReceptionRepository's contract in memory: the seat guard and the one-registration-per-firm rule as the SQL has them. */
class MemoryReception {
  readonly days = new Map<string, DayRow>();
  readonly registrations: RegistrationRow[] = [];
  minutesRows: MinutesAppealRow[] = [];
  numbers = new Map<string, string>();

  async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return work(TX);
  }
  async day(id: string): Promise<DayRow | null> {
    const d = this.days.get(id);
    return d ? { ...d } : null;
  }
  async insertDay(_m: unknown, x: NewDayRow) {
    this.days.set(x.id, { id: x.id, title: x.title, theme: x.theme, kind: x.kind, held_on: x.heldOn, location: x.location, host: x.host, district_code: x.districtCode,
      capacity: x.capacity, registered: 0, registration_deadline: x.registrationDeadline, notice: x.notice, status: 'scheduled', minutes_summary: null, minutes_at: null });
  }
  async upcoming(today: string) {
    return [...this.days.values()].filter((d) => d.status === 'scheduled' && d.held_on >= today);
  }
  async list() {
    return [...this.days.values()];
  }
  async takeSeat(_m: unknown, id: string, invited: boolean, today: string) {
    const d = this.days.get(id);
    if (!d || d.status !== 'scheduled' || d.registered >= d.capacity || !(invited || d.registration_deadline >= today)) return false;
    d.registered++;
    return true;
  }
  async insertRegistration(_m: unknown, r: NewRegistrationRow) {
    if (this.registrations.some((x) => x.reception_day_id === r.receptionDayId && x.enterprise_id === r.enterpriseId)) return false;
    this.registrations.push({ id: r.id, reception_day_id: r.receptionDayId, enterprise_id: r.enterpriseId, enterprise_name: r.enterpriseName, topics: r.topics,
      contact_name: r.contactName, source: r.source, attended: null, registered_at: r.registeredAt });
    return true;
  }
  async registrationsOfDay(id: string) {
    return this.registrations.filter((r) => r.reception_day_id === id);
  }
  async registrationsOfFirm(enterpriseId: string) {
    return this.registrations.filter((r) => r.enterprise_id === enterpriseId);
  }
  async markAttendance(_m: unknown, id: string, presentIds: string[]) {
    return this.registrations.filter((r) => r.reception_day_id === id).map((r) => (r.attended = presentIds.includes(r.id)));
  }
  async markMinutes(_m: unknown, id: string, summary: string, at: Date) {
    const d = this.days.get(id);
    if (!d || d.minutes_at || d.status === 'cancelled') return false;
    Object.assign(d, { minutes_summary: summary, minutes_at: at, status: 'held' });
    return true;
  }
  async appealNumbers() {
    return this.numbers;
  }
  async minutesAppeals() {
    return this.minutesRows;
  }
}

const FIRM = uuid(7001);
const OTHER_FIRM = uuid(7002);

function setup(now = new Date('2026-12-03T02:00:00Z')) {
  const days = new MemoryReception();
  const appeals = new MemoryAppeals();
  const rec = recorders();
  const clock = new FixedClock(now);
  const created: Array<{ inputs: IntakeInput[]; note?: string }> = [];
  const intake = {
    create: async (_m: unknown, inputs: IntakeInput[], _actor: unknown, note?: string) => {
      created.push({ inputs, note });
      return appeals.add(...inputs.map((i) => appealRow({ enterprise_id: i.enterpriseId, title: i.title, reception_day_id: i.receptionDayId ?? null }))).map((a) => a.id);
    },
  };
  const triage = { answered: [] as Array<{ id: string; text: string }>, assigned: [] as Array<{ id: string; lead: string }>,
    answerOnSpotRow: async (_m: unknown, a: { id: string }, text: string) => { triage.answered.push({ id: a.id, text }); },
    assignRow: async (_m: unknown, a: { id: string }, input: { leadDepartment: string }) => { triage.assigned.push({ id: a.id, lead: input.leadDepartment }); } };
  const firms = new Map([[FIRM, { id: FIRM, name: '郑州某科技有限公司', facts: {} }], [OTHER_FIRM, { id: OTHER_FIRM, name: '另一家公司', facts: {} }]]);
  const enterprises = { factsBatch: async ({ ids }: { ids: string[] }) => ids.filter((i) => firms.has(i)).map((i) => firms.get(i)!) };
  const svc = new ReceptionService(days as unknown as ReceptionRepository, intake as unknown as IntakeService, triage as unknown as TriageService,
    appeals as unknown as AppealRepository, enterprises as unknown as EnterprisesService, rec.audit as unknown as AuditService, rec.outbox as unknown as OutboxService, clock);
  return { svc, days, appeals, rec, triage, created, clock };
}

const supervisor = person('supervisor');
const firm = person('enterprise', { id: uuid(8001), enterpriseId: FIRM });
const day = { title: '12 月企业家接待日', kind: 'reception_day' as const, heldOn: '2026-12-10', location: '市民之家', host: '副市长', capacity: 2, registrationDeadline: '2026-12-08', notice: '欢迎报名' };

describe('ReceptionService (over an in-memory repository)', () => {
  it('schedules a day only for supervisors, with the deadline not after the day; nothing written otherwise', async () => {
    const { svc, days, rec } = setup();
    expect(await codeOf(svc.schedule(firm, day))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(svc.schedule(supervisor, { ...day, registrationDeadline: '2026-12-11' }))).toBe('RECEPTION.DATE_INVALID');
    expect(await codeOf(svc.schedule(supervisor, { ...day, heldOn: '2026/12/10' }))).toBe('RECEPTION.DATE_INVALID');
    expect(days.days.size).toBe(0);
    const v = await svc.schedule(supervisor, day);
    expect(v).toMatchObject({ status: 'scheduled', statusLabel: '已发布', kindLabel: '企业家接待日', registered: 0, capacity: 2 });
    expect(rec.audit.entries.map((e) => e.action)).toEqual(['reception_day.schedule']);
  });

  it('an unknown or malformed day is a coded 404', async () => {
    const { svc } = setup();
    expect(await codeOf(svc.get('nope'))).toBe('RECEPTION.NOT_FOUND');
    expect(await codeOf(svc.get(uuid(1)))).toBe('RECEPTION.NOT_FOUND');
  });

  it('a firm registers once; a second registration of the same firm is refused', async () => {
    const { svc, days } = setup();
    const { id } = await svc.schedule(supervisor, day);
    const reg = await svc.register(firm, id, { topics: '用地问题' });
    expect(reg).toMatchObject({ receptionDayId: id, enterpriseId: FIRM, source: 'self', sourceLabel: '企业报名', attended: null });
    expect(await codeOf(svc.register(firm, id, { topics: '再报一次' }))).toBe('REGISTRATION.ALREADY_EXISTS');
    expect(days.registrations).toHaveLength(1);
  });

  it('refuses a full day, a closed registration and a cancelled day with their own codes', async () => {
    const { svc, days, clock } = setup();
    const { id } = await svc.schedule(supervisor, { ...day, capacity: 1 });
    await svc.register(supervisor, id, { topics: '点名', enterpriseId: OTHER_FIRM });
    expect(await codeOf(svc.register(firm, id, { topics: '用地' }))).toBe('RECEPTION.FULL');

    const open = await svc.schedule(supervisor, day);
    clock.set(new Date('2026-12-09T02:00:00Z'));
    expect(await codeOf(svc.register(firm, open.id, { topics: '用地' }))).toBe('RECEPTION.REGISTRATION_CLOSED');
    // A supervisor's invitation (点名) is still possible after the deadline.
    expect(await svc.register(supervisor, open.id, { topics: '点名', enterpriseId: FIRM })).toMatchObject({ source: 'invited', sourceLabel: '点名邀请' });

    days.days.get(open.id)!.status = 'cancelled';
    expect(await codeOf(svc.register(supervisor, open.id, { topics: '点名', enterpriseId: OTHER_FIRM }))).toBe('RECEPTION.INVALID_STATE');
  });

  it('an invitation needs a known firm; other staff may not register anyone', async () => {
    const { svc } = setup();
    const { id } = await svc.schedule(supervisor, day);
    expect(await codeOf(svc.register(supervisor, id, { topics: 'x' }))).toBe('RECEPTION.ENTERPRISE_REQUIRED');
    expect(await codeOf(svc.register(supervisor, id, { topics: 'x', enterpriseId: uuid(9999) }))).toBe('ENTERPRISE.NOT_FOUND');
    expect(await codeOf(svc.register(person('dept_editor', { departmentCode: 'fgw' }), id, { topics: 'x', enterpriseId: FIRM }))).toBe('AUTH.FORBIDDEN');
  });

  it('the roll call marks the named registrations present and every other one absent', async () => {
    const { svc, days } = setup();
    const { id } = await svc.schedule(supervisor, day);
    const a = await svc.register(firm, id, { topics: '用地' });
    await svc.register(supervisor, id, { topics: '点名', enterpriseId: OTHER_FIRM });
    expect(await svc.rollCall(supervisor, id, [a.id, 'not-a-uuid'])).toEqual({ present: 1, absent: 1 });
    expect((await svc.registrations(supervisor, id)).map((r) => r.attended)).toEqual([true, false]);
    expect((await svc.myRegistrations(firm)).map((r) => r.id)).toEqual([a.id]);
    days.days.get(id)!.status = 'cancelled';
    expect(await codeOf(svc.rollCall(supervisor, id, []))).toBe('RECEPTION.INVALID_STATE');
  });

  it('minutes: at least one item, never both answered on the spot and assigned', async () => {
    const { svc, days } = setup();
    const { id } = await svc.schedule(supervisor, day);
    expect(await codeOf(svc.recordMinutes(supervisor, id, '纪要', []))).toBe('RECEPTION.MINUTES_ITEMS_REQUIRED');
    const both = { enterpriseId: FIRM, category: 'land', title: '用地', description: '用地问题描述', onSpotAnswer: '已答复', assign: { leadDepartment: 'zrzyj' } };
    expect(await codeOf(svc.recordMinutes(supervisor, id, '纪要', [both as never]))).toBe('RECEPTION.MINUTES_ITEM_INVALID');
    expect(days.days.get(id)!.minutes_at).toBeNull();
  });

  it('minutes turn each item into an appeal of the day, answered on the spot or assigned, once', async () => {
    const { svc, appeals, triage, created, rec, days } = setup(new Date('2026-12-11T02:00:00Z'));
    days.days.set(uuid(42), { id: uuid(42), title: '恳谈会', theme: null, kind: 'forum', held_on: '2026-12-10', location: '市民之家', host: '市长', district_code: null,
      capacity: 10, registered: 0, registration_deadline: '2026-12-08', notice: '', status: 'scheduled', minutes_summary: null, minutes_at: null });
    const items = [
      { enterpriseId: FIRM, category: 'land', title: '用地', description: '用地问题描述', onSpotAnswer: '现场答复：下周办结' },
      { enterpriseId: OTHER_FIRM, category: 'finance', title: '融资', description: '融资问题描述', assign: { leadDepartment: 'jrj' } as never },
      { enterpriseId: FIRM, category: 'other', title: '会后研究', description: '会后再研究' },
    ];
    const res = await svc.recordMinutes(supervisor, uuid(42), '会议议定三项', items);
    expect(res.appealIds).toHaveLength(3);
    expect(res.receptionDay).toMatchObject({ status: 'held', minutesSummary: '会议议定三项' });
    const inputs = created[0].inputs;
    expect(inputs.map((i) => [i.channel, i.receptionDayId])).toEqual([['forum', uuid(42)], ['forum', uuid(42)], ['forum', uuid(42)]]);
    // Received on the day of the meeting (09:00 China time), not when the minutes were typed in.
    expect(inputs[0].receivedAt).toEqual(new Date('2026-12-10T01:00:00Z'));
    expect(triage.answered).toEqual([{ id: res.appealIds[0], text: '现场答复：下周办结' }]);
    expect(triage.assigned).toEqual([{ id: res.appealIds[1], lead: 'jrj' }]);
    expect(appeals.rows.size).toBe(3);
    expect(rec.outbox.events.map((e) => e.name)).toEqual([EventNames.ReceptionMinutesRecorded]);
    expect(await codeOf(svc.recordMinutes(supervisor, uuid(42), '再来一次', items))).toBe('MINUTES.ALREADY_EXISTS');
    expect(created).toHaveLength(1);
  });

  it('the printable minutes need recorded minutes and escape what firms typed', async () => {
    const { svc, days } = setup();
    const { id } = await svc.schedule(supervisor, day);
    expect(await codeOf(svc.minutesHtml(id))).toBe('RECEPTION.MINUTES_NOT_FOUND');
    Object.assign(days.days.get(id)!, { minutes_at: new Date(), minutes_summary: '第一行\n第二行', status: 'held' });
    days.minutesRows = [
      { number: 'SQ1', enterprise_name: '<b>坏</b>公司', title: '用地', state: 'answered', lead_department: null, answer_text: '已答复' },
      { number: 'SQ2', enterprise_name: '乙公司', title: '融资', state: 'assigned', lead_department: 'jrj', answer_text: null },
      { number: 'SQ3', enterprise_name: '丙公司', title: '其他', state: 'submitted', lead_department: null, answer_text: null },
    ];
    const html = await svc.minutesHtml(id);
    expect(html).toContain('&lt;b&gt;坏&lt;/b&gt;公司');
    expect(html).not.toContain('<b>坏</b>');
    expect(html).toContain('当场答复：已答复');
    expect(html).toContain('交办 jrj 牵头');
    expect(html).toContain('会后预研');
    expect(html).toContain('第一行<br>第二行');
  });
});
