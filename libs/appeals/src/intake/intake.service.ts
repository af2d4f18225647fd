import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, AuditService, DomainError, FieldCipher, OutboxService, Principal, uniqueViolation, uuid7, maskPhone } from '@app/core';
import { EventNames } from '@app/contracts';
import { CalendarRepository, chinaDate } from '@app/approvals';
import { EnterprisesService } from '@app/enterprises';
import { ItemVersionRepository } from '@app/policies';
import { enterpriseOf } from '../appeal/appeal-access';
import { dueAfter } from '../appeal/appeal-deadlines';
import { AppealDirectory } from '../appeal/appeal-directory.service';
import { newAppealNumber } from '../appeal/appeal-number';
import { extractTerms } from '../appeal/appeal-terms';
import { AppealClock } from '../appeal/appeal.clock';
import { actorOf, AppealActor, AppealChannel, APPEAL_CHANNELS, CHANNEL_LABELS, STAFF_CHANNELS } from '../appeal/appeal.types';
import { AppealRepository, NewAppeal } from '../appeal/appeal.repository';
import { AppealViews } from '../appeal/appeal-views.service';
import type { AppealView } from '../appeal/dto/appeal.views';
import { CITY_SUPERVISION, NewNotice, AppealNoticeService } from '../notices/notice.service';
import { OfficersRepository } from '../officers/officers.repository';

/** What every way of collecting an appeal provides. */
export interface IntakeInput {
  enterpriseId: string;
  category: string;
  channel: AppealChannel;
  title: string;
  description: string;
  contactName?: string | null;
  contactPhone?: string | null;
  relatedItemId?: string | null;
  /** When the firm raised it (a reception day's date); defaults to now. */
  receivedAt?: Date;
  receptionDayId?: string | null;
}

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;


/**
 * 收集: a firm submits online, staff record one on a firm's behalf with the channel, a register or a
 * reception day's minutes become appeals — all through `create`, which checks every input first and
 * writes the appeals with their first timeline node in one transaction. A firm with a 包联 officer has
 * its appeals reach the officer first (level `officer`); the others wait for pre-study (level `department`).
 */
@Injectable()
export class IntakeService {
  private readonly cipher: FieldCipher;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: AppealRepository,
    private readonly directory: AppealDirectory,
    private readonly views: AppealViews,
    private readonly calendar: CalendarRepository,
    private readonly enterprises: EnterprisesService,
    private readonly items: ItemVersionRepository,
    private readonly notices: AppealNoticeService,
    private readonly clock: AppealClock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly officers: OfficersRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cipher = new FieldCipher(config.keys);
  }

  async submitOnline(p: Principal, input: Omit<IntakeInput, 'enterpriseId' | 'channel' | 'receivedAt' | 'receptionDayId'>): Promise<AppealView> {
    const enterpriseId = enterpriseOf(p);
    const [id] = await this.dataSource.transaction((m) => this.create(m, [{ ...input, enterpriseId, channel: 'online' }], actorOf(p)));
    return this.views.one((await this.repo.get(id))!);
  }

  /** Staff (督办 or 包联干部) record what a firm raised by phone, letter, at a visit or a meeting. */
  async recordOnBehalf(p: Principal, input: IntakeInput): Promise<AppealView> {
    if (!STAFF_CHANNELS.includes(input.channel)) {
      throw new DomainError('APPEAL.CHANNEL_INVALID', `代录诉求的渠道应为：${STAFF_CHANNELS.map((c) => CHANNEL_LABELS[c]).join('、')}`, { channel: input.channel });
    }
    const [id] = await this.dataSource.transaction((m) => this.create(m, [input], actorOf(p)));
    return this.views.one((await this.repo.get(id))!);
  }

  /** Checks every input (category, channel, text, phone, firm, policy item) and inserts them all; returns the ids. */
  async create(m: EntityManager, inputs: IntakeInput[], actor: AppealActor, note?: string): Promise<string[]> {
    if (inputs.length === 0) return [];
    const now = this.clock.now();
    const cal = await this.calendar.calendar(m);
    const firms = new Map((await this.enterprises.factsBatch({ ids: [...new Set(inputs.map((i) => i.enterpriseId))].filter((x) => /^[0-9a-f-]{36}$/i.test(x)) }, m)).map((f) => [f.id, f]));
    const officerOf = await this.officers.officersOf(m, [...firms.keys()]);
    const rows: NewAppeal[] = [];
    for (const input of inputs) {
      const category = await this.directory.category(input.category, m);
      if (!APPEAL_CHANNELS.includes(input.channel)) throw new DomainError('APPEAL.CHANNEL_INVALID', `未知的渠道：${input.channel}`, { channel: input.channel });
      const title = input.title?.trim() ?? '';
      const description = input.description?.trim() ?? '';
      if (title.length < 2 || title.length > 200) throw new DomainError('APPEAL.TITLE_INVALID', '诉求标题应为 2–200 字', { title });
      if (description.length < 5 || description.length > 5000) throw new DomainError('APPEAL.DESCRIPTION_INVALID', '问题描述应为 5–5000 字');
      const phone = input.contactPhone?.replace(/\s/g, '') || null;
      if (phone && !PHONE.test(phone)) throw new DomainError('APPEAL.PHONE_INVALID', '联系电话格式不正确');
      const firm = firms.get(input.enterpriseId);
      if (!firm) throw new DomainError('ENTERPRISE.NOT_FOUND', '企业不存在', { id: input.enterpriseId });
      // Checked before the query: a malformed id would fail the statement and with it the whole transaction.
      if (input.relatedItemId && (!/^[0-9a-f-]{36}$/i.test(input.relatedItemId) || (await this.items.forItem(input.relatedItemId, m)).length === 0)) {
        throw new DomainError('ITEM.NOT_FOUND', '所关联的兑现事项不存在', { itemId: input.relatedItemId });
      }
      const receivedAt = input.receivedAt ?? now;
      if (receivedAt.getTime() > now.getTime() + 60_000) throw new DomainError('APPEAL.RECEIVED_AT_INVALID', '反映时间不能晚于当前时间');
      const officerId = officerOf.get(firm.id) ?? null;
      rows.push({
        id: uuid7(), number: newAppealNumber(chinaDate(now)), enterpriseId: firm.id, enterpriseName: firm.name, districtCode: firm.facts.districtCode,
        category: category.code, channel: input.channel, title, description, terms: extractTerms(title, description), contactName: input.contactName?.trim() || null,
        contactPhoneEnc: phone ? this.cipher.encrypt(phone) : null, contactPhoneMasked: phone ? maskPhone(phone) : null, relatedItemId: input.relatedItemId ?? null,
        receptionDayId: input.receptionDayId ?? null, recordedBy: actor.id, recordedRole: actor.role, level: officerId ? 'officer' : 'department', officerId,
        receivedAt, dispatchDue: dueAfter(cal, receivedAt, category.dispatch_days),
      });
    }
    const comment = note ?? (actor.role === 'enterprise' ? '企业在线提交诉求' : `代企业登记诉求`);
    try {
      await this.repo.insertMany(m, rows, { actor, at: now, outcome: 'submitted', comment });
    } catch (err) {
      if (uniqueViolation(err) === 'UQ_appeals_number') throw new DomainError('APPEAL.NUMBER_CONFLICT', '诉求编号冲突，请重试');
      throw err;
    }
    for (const r of rows) {
      await this.audit.record({ actor: actor.id || actor.role === 'system' ? { id: actor.id, username: actor.username ?? null, role: actor.role } : null,
        action: 'appeal.create', targetType: 'appeal', targetId: r.id, after: { state: 'submitted', number: r.number, category: r.category, channel: r.channel, level: r.level } }, m);
    }
    await this.outbox.appendMany(m, rows.map((r) => ({
      name: EventNames.AppealChanged, aggregateType: 'appeal', aggregateId: r.id,
      payload: { appealId: r.id, number: r.number, enterpriseId: r.enterpriseId, command: 'create', fromState: null, toState: 'submitted', step: 1, level: r.level,
        leadDepartment: null, at: now.toISOString() },
    })));
    const notices: NewNotice[] = rows.map((r) => ({
      appealId: r.id, kind: 'new_appeal',
      recipient: r.officerId ? { kind: 'user', id: r.officerId } : { kind: 'department', id: CITY_SUPERVISION },
      title: `新诉求 ${r.number}`, text: `${r.enterpriseName}（${CHANNEL_LABELS[r.channel]}）：${r.title}。请于 ${r.dispatchDue} 前完成预研交办。`,
    }));
    await this.notices.record(m, notices);
    return rows.map((r) => r.id);
  }
}
