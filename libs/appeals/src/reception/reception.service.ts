import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, DomainError, escapeHtml, mutateReturning, OutboxService, Principal, uniqueViolation, uuid7 } from '@app/core';
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

interface DayRow {
  id: string;
  title: string;
  theme: string | null;
  kind: ReceptionKind;
  held_on: string;
  location: string;
  host: string;
  district_code: string | null;
  capacity: number;
  registered: number;
  registration_deadline: string;
  notice: string;
  status: 'scheduled' | 'held' | 'cancelled';
  minutes_summary: string | null;
  minutes_at: Date | null;
}

const DAY_COLUMNS = `id, title, theme, kind, held_on::text AS held_on, location, host, district_code, capacity, registered,
  registration_deadline::text AS registration_deadline, notice, status, minutes_summary, minutes_at`;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 企业家接待日 / 政企恳谈会 / 政企面对面: scheduled with a public notice (leaders in rotation), firms
 * register with their topics up to the capacity (报名) or are invited (点名), the roll is called, and the
 * minutes' items become appeals in one step — answered on the spot or assigned at the meeting.
 */
@Injectable()
export class ReceptionService {
  constructor(
    private readonly dataSource: DataSource,
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

  private async day(id: string, m: DataSource | import('typeorm').EntityManager = this.dataSource, lock = false): Promise<DayRow> {
    const [r]: DayRow[] = /^[0-9a-f-]{36}$/i.test(id) ? await m.query(`SELECT ${DAY_COLUMNS} FROM appeal.reception_days WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]) : [];
    if (!r) throw new DomainError('RECEPTION.NOT_FOUND', '接待日不存在', { id });
    return r;
  }

  async schedule(p: Principal, x: NewReceptionDay): Promise<ReceptionDayView> {
    assertSupervisor(p);
    if (!DATE.test(x.heldOn) || !DATE.test(x.registrationDeadline) || x.registrationDeadline > x.heldOn) {
      throw new DomainError('RECEPTION.DATE_INVALID', '日期应为 YYYY-MM-DD，报名截止不晚于举办日');
    }
    const id = uuid7();
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO appeal.reception_days (id, title, theme, kind, held_on, location, host, district_code, capacity, registration_deadline, notice, status, created_by, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'scheduled',$12,$13)`,
        [id, x.title, x.theme ?? null, x.kind, x.heldOn, x.location, x.host, x.districtCode ?? null, x.capacity, x.registrationDeadline, x.notice, p.id, this.clock.now().toISOString()],
      );
      await this.audit.record({ actor: p, action: 'reception_day.schedule', targetType: 'reception_day', targetId: id, after: x }, m);
    });
    return this.view(await this.day(id));
  }

  /** Public: the notices of reception days still open or upcoming (no firm data). */
  async publicNotices(): Promise<ReceptionDayView[]> {
    const rows: DayRow[] = await this.dataSource.query(
      `SELECT ${DAY_COLUMNS} FROM appeal.reception_days WHERE status = 'scheduled' AND held_on >= $1 ORDER BY held_on, id LIMIT 50`, [chinaDate(this.clock.now())]);
    return rows.map((r) => ({ ...this.view(r), minutesSummary: null }));
  }

  async list(from?: string, to?: string): Promise<ReceptionDayView[]> {
    const params: unknown[] = [];
    const where = ['true'];
    if (from) where.push(`held_on >= $${params.push(from)}`);
    if (to) where.push(`held_on <= $${params.push(to)}`);
    const rows: DayRow[] = await this.dataSource.query(`SELECT ${DAY_COLUMNS} FROM appeal.reception_days WHERE ${where.join(' AND ')} ORDER BY held_on DESC, id LIMIT 500`, params);
    return rows.map((r) => this.view(r));
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
    return this.dataSource.transaction(async (m) => {
      const taken = await mutateReturning(m,
        `UPDATE appeal.reception_days SET registered = registered + 1 WHERE id = $1 AND status = 'scheduled' AND registered < capacity
           AND ($2 OR registration_deadline >= $3::date) RETURNING id`, [id, invited, today]);
      if (taken.length === 0) {
        const d = await this.day(id, m);
        if (d.status !== 'scheduled') throw new DomainError('RECEPTION.INVALID_STATE', '该接待日已举行或已取消', { status: d.status });
        if (d.registered >= d.capacity) throw new DomainError('RECEPTION.FULL', '报名人数已满', { capacity: d.capacity });
        throw new DomainError('RECEPTION.REGISTRATION_CLOSED', `报名已于 ${d.registration_deadline} 截止`);
      }
      const regId = uuid7();
      const at = this.clock.now();
      try {
        await m.query(
          `INSERT INTO appeal.registrations (id, reception_day_id, enterprise_id, enterprise_name, topics, contact_name, source, registered_by, registered_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
          [regId, id, firm.id, firm.name, x.topics, x.contactName ?? null, invited ? 'invited' : 'self', p.id, at.toISOString()],
        );
      } catch (err) {
        if (uniqueViolation(err) === 'UQ_registrations_day_enterprise') throw new DomainError('REGISTRATION.ALREADY_EXISTS', '该企业已报名');
        throw err;
      }
      await this.audit.record({ actor: p, action: 'reception_day.register', targetType: 'reception_day', targetId: id, after: { registrationId: regId, enterpriseId: firm.id, invited } }, m);
      return { id: regId, receptionDayId: id, enterpriseId: firm.id, enterpriseName: firm.name, topics: x.topics, contactName: x.contactName ?? null,
        source: invited ? 'invited' : 'self', sourceLabel: invited ? '点名邀请' : '企业报名', attended: null, registeredAt: at.toISOString() };
    });
  }

  async registrations(p: Principal, id: string): Promise<RegistrationView[]> {
    assertSupervisor(p);
    await this.day(id);
    const rows: Array<{ id: string; enterprise_id: string; enterprise_name: string; topics: string; contact_name: string | null; source: 'self' | 'invited'; attended: boolean | null; registered_at: Date }> =
      await this.dataSource.query(`SELECT id, enterprise_id, enterprise_name, topics, contact_name, source, attended, registered_at FROM appeal.registrations WHERE reception_day_id = $1 ORDER BY registered_at, id`, [id]);
    return rows.map((r) => ({ id: r.id, receptionDayId: id, enterpriseId: r.enterprise_id, enterpriseName: r.enterprise_name, topics: r.topics, contactName: r.contact_name,
      source: r.source, sourceLabel: r.source === 'invited' ? '点名邀请' : '企业报名', attended: r.attended, registeredAt: new Date(r.registered_at).toISOString() }));
  }

  /** The firm's own registrations (接待日报名), newest day first. */
  async myRegistrations(p: Principal): Promise<RegistrationView[]> {
    const enterpriseId = enterpriseOf(p);
    const rows: Array<{ id: string; reception_day_id: string; enterprise_id: string; enterprise_name: string; topics: string; contact_name: string | null; source: 'self' | 'invited'; attended: boolean | null; registered_at: Date }> =
      await this.dataSource.query(
        `SELECT r.id, r.reception_day_id, r.enterprise_id, r.enterprise_name, r.topics, r.contact_name, r.source, r.attended, r.registered_at
           FROM appeal.registrations r JOIN appeal.reception_days d ON d.id = r.reception_day_id
          WHERE r.enterprise_id = $1 ORDER BY d.held_on DESC, r.id LIMIT 200`, [enterpriseId]);
    return rows.map((r) => ({ id: r.id, receptionDayId: r.reception_day_id, enterpriseId: r.enterprise_id, enterpriseName: r.enterprise_name, topics: r.topics, contactName: r.contact_name,
      source: r.source, sourceLabel: r.source === 'invited' ? '点名邀请' : '企业报名', attended: r.attended, registeredAt: new Date(r.registered_at).toISOString() }));
  }

  /** 点名: the registrations present (by registration id); everyone else registered is marked absent. */
  async rollCall(p: Principal, id: string, presentIds: string[]): Promise<RollCallResult> {
    assertSupervisor(p);
    return this.dataSource.transaction(async (m) => {
      const d = await this.day(id, m, true);
      if (d.status === 'cancelled') throw new DomainError('RECEPTION.INVALID_STATE', '该接待日已取消');
      const rows: Array<{ attended: boolean }> = await mutateReturning(m,
        `UPDATE appeal.registrations SET attended = (id = ANY($2::uuid[])) WHERE reception_day_id = $1 RETURNING attended`,
        [id, presentIds.filter((x) => /^[0-9a-f-]{36}$/i.test(x))]);
      const present = rows.filter((r) => r.attended).length;
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
    const ids = await this.dataSource.transaction(async (m) => {
      const now = this.clock.now();
      const marked = await mutateReturning(m,
        `UPDATE appeal.reception_days SET minutes_summary = $2, minutes_at = $3, status = 'held' WHERE id = $1 AND minutes_at IS NULL AND status <> 'cancelled' RETURNING id`,
        [id, summary, now.toISOString()]);
      if (marked.length === 0) {
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
    const numbers: Array<{ id: string; number: string }> = await this.dataSource.query(`SELECT id, number FROM appeal.appeals WHERE id = ANY($1::uuid[])`, [ids]);
    const byId = new Map(numbers.map((n) => [n.id, n.number]));
    return { receptionDay: await this.get(id), appealIds: ids, appealNumbers: ids.map((i) => byId.get(i)!) };
  }

  /** The minutes as a printable document: summary and each item with its appeal number and how it was decided. */
  async minutesHtml(id: string): Promise<string> {
    const d = await this.day(id);
    if (!d.minutes_at) throw new DomainError('RECEPTION.MINUTES_NOT_FOUND', '尚未登记会议纪要');
    const rows: Array<{ number: string; enterprise_name: string; title: string; state: string; lead_department: string | null; answer_text: string | null }> = await this.dataSource.query(
      `SELECT number, enterprise_name, title, state, lead_department, answer_text FROM appeal.appeals WHERE reception_day_id = $1 ORDER BY created_at, number`, [id]);
    const items = rows.map((r, i) => `<tr><td>${i + 1}</td><td>${escapeHtml(r.number)}</td><td>${escapeHtml(r.enterprise_name)}</td><td>${escapeHtml(r.title)}</td>
<td>${r.answer_text && !r.lead_department ? `当场答复：${escapeHtml(r.answer_text)}` : r.lead_department ? `交办 ${escapeHtml(r.lead_department)} 牵头` : '会后预研'}</td></tr>`).join('');
    return printablePage(`${d.title} 会议纪要`, `<h1>${escapeHtml(RECEPTION_KIND_LABELS[d.kind])}会议纪要</h1>
<p><strong>${escapeHtml(d.title)}</strong>（${escapeHtml(d.held_on)}，${escapeHtml(d.location)}，接待领导：${escapeHtml(d.host)}）</p>
<p>${escapeHtml(d.minutes_summary ?? '').replace(/\n/g, '<br>')}</p>
<table><thead><tr><th>序号</th><th>诉求编号</th><th>企业</th><th>问题</th><th>议定事项</th></tr></thead><tbody>${items}</tbody></table>`);
  }
}
