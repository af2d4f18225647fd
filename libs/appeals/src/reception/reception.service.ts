import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, DomainError, escapeHtml, OutboxService, Principal, uuid7 } from '@app/core';
import { EventNames } from '@app/contracts';
import { chinaDate } from '@app/approvals';
import { EnterprisesService } from '@app/enterprises';
import { assertSupervisor, enterpriseOf } from '../appeal/appeal-access';
import { AppealClock } from '../appeal/appeal.clock';
import { actorOf, AppealChannel } from '../appeal/appeal.types';
import { AppealRepository } from '../appeal/appeal.repository';
import { IntakeService } from '../intake/intake.service';
import { AssignInput, TriageService } from '../triage/triage.service';
import { printablePage } from '../supervision/letter-renderer';
import { DayRow, ReceptionRepository, RegistrationRow } from './reception.repository';
import { MinutesResult, RECEPTION_KIND_LABELS, RECEPTION_STATUS_LABELS, ReceptionDayView, ReceptionKind, RegistrationView, RollCallResult } from './reception.views';

export interface NewReceptionDay {
  title: string;
  theme?: string | null;
  kind: ReceptionKind;
  heldOn: string;
  location: string;
  host: string;
  districtCode?: string | null;
  capacity: number;
  registrationDeadline: string;
  notice: string;
}

export interface MinutesItem {
  enterpriseId: string;
  category: string;
  title: string;
  description: string;
  /** Decided at the meeting (现场拍板): answered on the spot. */
  onSpotAnswer?: string | null;
  /** Assigned at the meeting (现场交办): lead unit, co-units, requirements. */
  assign?: AssignInput | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 企业家接待日 / 政企恳谈会 / 政企面对面: scheduled with a public notice (leaders in rotation), firms
 * register with their topics up to the capacity (报名) or are invited (点名), the roll is called, and the
 * minutes' items become appeals in one step — answered on the spot or assigned at the meeting.
 */
@Injectable()
export class ReceptionService {
  constructor(
    private readonly days: ReceptionRepository,
    private readonly intake: IntakeService,
    private readonly triage: TriageService,
    private readonly repo: AppealRepository,
    private readonly enterprises: EnterprisesService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: AppealClock,
  ) {}

  private view(r: DayRow): ReceptionDayView {
    return {
      id: r.id, title: r.title, theme: r.theme, kind: r.kind, kindLabel: RECEPTION_KIND_LABELS[r.kind], heldOn: r.held_on, location: r.location, host: r.host,
      districtCode: r.district_code, capacity: r.capacity, registered: r.registered, registrationDeadline: r.registration_deadline, notice: r.notice,
      status: r.status, statusLabel: RECEPTION_STATUS_LABELS[r.status], minutesSummary: r.minutes_summary, minutesAt: r.minutes_at ? new Date(r.minutes_at).toISOString() : null,
    };
  }

  private registrationView(r: RegistrationRow): RegistrationView {
    return { id: r.id, receptionDayId: r.reception_day_id, enterpriseId: r.enterprise_id, enterpriseName: r.enterprise_name, topics: r.topics, contactName: r.contact_name,
      source: r.source, sourceLabel: r.source === 'invited' ? '点名邀请' : '企业报名', attended: r.attended, registeredAt: new Date(r.registered_at).toISOString() };
  }

  private async day(id: string, m?: EntityManager, lock = false): Promise<DayRow> {
    const r = await this.days.day(id, m, lock);
    if (!r) throw new DomainError('RECEPTION.NOT_FOUND', '接待日不存在', { id });
    return r;
  }

  async schedule(p: Principal, x: NewReceptionDay): Promise<ReceptionDayView> {
    assertSupervisor(p);
    if (!DATE.test(x.heldOn) || !DATE.test(x.registrationDeadline) || x.registrationDeadline > x.heldOn) {
      throw new DomainError('RECEPTION.DATE_INVALID', '日期应为 YYYY-MM-DD，报名截止不晚于举办日');
    }
    const id = uuid7();
    await this.days.transaction(async (m) => {
      await this.days.insertDay(m, { id, title: x.title, theme: x.theme ?? null, kind: x.kind, heldOn: x.heldOn, location: x.location, host: x.host,
        districtCode: x.districtCode ?? null, capacity: x.capacity, registrationDeadline: x.registrationDeadline, notice: x.notice, createdBy: p.id, createdAt: this.clock.now() });
      await this.audit.record({ actor: p, action: 'reception_day.schedule', targetType: 'reception_day', targetId: id, after: x }, m);
    });
    return this.view(await this.day(id));
  }

  /** Public: the notices of reception days still open or upcoming (no firm data). */
  async publicNotices(): Promise<ReceptionDayView[]> {
    const rows = await this.days.upcoming(chinaDate(this.clock.now()));
    return rows.map((r) => ({ ...this.view(r), minutesSummary: null }));
  }

  async list(from?: string, to?: string): Promise<ReceptionDayView[]> {
    return (await this.days.list(from, to)).map((r) => this.view(r));
  }

  async get(id: string): Promise<ReceptionDayView> {
    return this.view(await this.day(id));
  }

  /**
   * 报名 by the firm (until the deadline) or 点名 by a supervisor (an invitation, also after it); the
   * capacity is guarded in SQL (`registered < capacity` in the same UPDATE), one registration per firm.
   */
  async register(p: Principal, id: string, x: { topics: string; contactName?: string | null; enterpriseId?: string }): Promise<RegistrationView> {
    const invited = p.role !== 'enterprise';
    if (invited) assertSupervisor(p);
    const enterpriseId = invited ? x.enterpriseId : enterpriseOf(p);
    if (!enterpriseId) throw new DomainError('RECEPTION.ENTERPRISE_REQUIRED', '点名邀请须指定企业');
    const [firm] = /^[0-9a-f-]{36}$/i.test(enterpriseId) ? await this.enterprises.factsBatch({ ids: [enterpriseId] }) : [];
    if (!firm) throw new DomainError('ENTERPRISE.NOT_FOUND', '企业不存在', { id: enterpriseId });
    const today = chinaDate(this.clock.now());
    return this.days.transaction(async (m) => {
      if (!(await this.days.takeSeat(m, id, invited, today))) {
        const d = await this.day(id, m);
        if (d.status !== 'scheduled') throw new DomainError('RECEPTION.INVALID_STATE', '该接待日已举行或已取消', { status: d.status });
        if (d.registered >= d.capacity) throw new DomainError('RECEPTION.FULL', '报名人数已满', { capacity: d.capacity });
        throw new DomainError('RECEPTION.REGISTRATION_CLOSED', `报名已于 ${d.registration_deadline} 截止`);
      }
      const regId = uuid7();
      const at = this.clock.now();
      const inserted = await this.days.insertRegistration(m, { id: regId, receptionDayId: id, enterpriseId: firm.id, enterpriseName: firm.name, topics: x.topics,
        contactName: x.contactName ?? null, source: invited ? 'invited' : 'self', registeredBy: p.id, registeredAt: at });
      if (!inserted) throw new DomainError('REGISTRATION.ALREADY_EXISTS', '该企业已报名');
      await this.audit.record({ actor: p, action: 'reception_day.register', targetType: 'reception_day', targetId: id, after: { registrationId: regId, enterpriseId: firm.id, invited } }, m);
      return { id: regId, receptionDayId: id, enterpriseId: firm.id, enterpriseName: firm.name, topics: x.topics, contactName: x.contactName ?? null,
        source: invited ? 'invited' : 'self', sourceLabel: invited ? '点名邀请' : '企业报名', attended: null, registeredAt: at.toISOString() };
    });
  }

  async registrations(p: Principal, id: string): Promise<RegistrationView[]> {
    assertSupervisor(p);
    await this.day(id);
    return (await this.days.registrationsOfDay(id)).map((r) => this.registrationView(r));
  }

  /** The firm's own registrations (接待日报名), newest day first. */
  async myRegistrations(p: Principal): Promise<RegistrationView[]> {
    const enterpriseId = enterpriseOf(p);
    return (await this.days.registrationsOfFirm(enterpriseId)).map((r) => this.registrationView(r));
  }

  /** 点名: the registrations present (by registration id); everyone else registered is marked absent. */
  async rollCall(p: Principal, id: string, presentIds: string[]): Promise<RollCallResult> {
    assertSupervisor(p);
    return this.days.transaction(async (m) => {
      const d = await this.day(id, m, true);
      if (d.status === 'cancelled') throw new DomainError('RECEPTION.INVALID_STATE', '该接待日已取消');
      const rows = await this.days.markAttendance(m, id, presentIds.filter((x) => /^[0-9a-f-]{36}$/i.test(x)));
      const present = rows.filter((attended) => attended).length;
      await this.audit.record({ actor: p, action: 'reception_day.roll_call', targetType: 'reception_day', targetId: id, after: { present, absent: rows.length - present } }, m);
      return { present, absent: rows.length - present };
    });
  }

  /**
   * 会议纪要: recorded once; each item becomes an appeal of the meeting's channel (received on the day),
   * answered on the spot or assigned at the meeting with its 交办函 — all in one transaction.
   */
  async recordMinutes(p: Principal, id: string, summary: string, items: MinutesItem[]): Promise<MinutesResult> {
    assertSupervisor(p);
    if (items.length === 0) throw new DomainError('RECEPTION.MINUTES_ITEMS_REQUIRED', '会议纪要至少包含一个事项');
    items.forEach((it, i) => {
      if (it.onSpotAnswer && it.assign) throw new DomainError('RECEPTION.MINUTES_ITEM_INVALID', `第 ${i + 1} 项不能同时当场答复和交办`, { item: i + 1 });
    });
    const ids = await this.days.transaction(async (m) => {
      const now = this.clock.now();
      if (!(await this.days.markMinutes(m, id, summary, now))) {
        const d = await this.day(id, m);
        throw new DomainError(d.status === 'cancelled' ? 'RECEPTION.INVALID_STATE' : 'MINUTES.ALREADY_EXISTS', d.status === 'cancelled' ? '该接待日已取消' : '会议纪要已登记');
      }
      const d = await this.day(id, m);
      const heldAt = new Date(`${d.held_on}T09:00:00+08:00`);
      const receivedAt = heldAt.getTime() < now.getTime() ? heldAt : now;
      const actor = actorOf(p);
      const created = await this.intake.create(m, items.map((it) => ({
        enterpriseId: it.enterpriseId, category: it.category, channel: d.kind as AppealChannel, title: it.title, description: it.description, receivedAt, receptionDayId: id,
      })), actor, `${RECEPTION_KIND_LABELS[d.kind]}「${d.title}」会议纪要事项`);
      for (let i = 0; i < items.length; i++) {
        const it = items[i];
        const a = (await this.repo.get(created[i], m, true))!;
        if (it.onSpotAnswer) await this.triage.answerOnSpotRow(m, a, it.onSpotAnswer, actor);
        else if (it.assign) await this.triage.assignRow(m, a, it.assign, actor);
      }
      await this.audit.record({ actor: p, action: 'reception_day.minutes', targetType: 'reception_day', targetId: id, after: { items: items.length, appealIds: created } }, m);
      await this.outbox.append(m, { name: EventNames.ReceptionMinutesRecorded, aggregateType: 'reception_day', aggregateId: id, payload: { receptionDayId: id, appealIds: created } });
      return created;
    });
    const byId = await this.days.appealNumbers(ids);
    return { receptionDay: await this.get(id), appealIds: ids, appealNumbers: ids.map((i) => byId.get(i)!) };
  }

  /** The minutes as a printable document: summary and each item with its appeal number and how it was decided. */
  async minutesHtml(id: string): Promise<string> {
    const d = await this.day(id);
    if (!d.minutes_at) throw new DomainError('RECEPTION.MINUTES_NOT_FOUND', '尚未登记会议纪要');
    const rows = await this.days.minutesAppeals(id);
    const items = rows.map((r, i) => `<tr><td>${i + 1}</td><td>${escapeHtml(r.number)}</td><td>${escapeHtml(r.enterprise_name)}</td><td>${escapeHtml(r.title)}</td>
<td>${r.answer_text && !r.lead_department ? `当场答复：${escapeHtml(r.answer_text)}` : r.lead_department ? `交办 ${escapeHtml(r.lead_department)} 牵头` : '会后预研'}</td></tr>`).join('');
    return printablePage(`${d.title} 会议纪要`, `<h1>${escapeHtml(RECEPTION_KIND_LABELS[d.kind])}会议纪要</h1>
<p><strong>${escapeHtml(d.title)}</strong>（${escapeHtml(d.held_on)}，${escapeHtml(d.location)}，接待领导：${escapeHtml(d.host)}）</p>
<p>${escapeHtml(d.minutes_summary ?? '').replace(/\n/g, '<br>')}</p>
<table><thead><tr><th>序号</th><th>诉求编号</th><th>企业</th><th>问题</th><th>议定事项</th></tr></thead><tbody>${items}</tbody></table>`);
  }
}
