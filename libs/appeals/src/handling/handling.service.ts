import { Injectable } from '@nestjs/common';
import { DEPARTMENT_SCOPED_ROLES, DomainError, Principal, uuid7 } from '@app/core';
import { CalendarRepository, chinaDate } from '@app/approvals';
import { assertLead, assertSupervisor, loadScoped } from '../appeal/appeal-access';
import { dueAfter } from '../appeal/appeal-deadlines';
import { AppealDirectory } from '../appeal/appeal-directory.service';
import { AppealClock } from '../appeal/appeal.clock';
import { actorOf, ANSWER_KIND_LABELS, AnswerKind } from '../appeal/appeal.types';
import { AppealRepository } from '../appeal/appeal.repository';
import { AppealViews } from '../appeal/appeal-views.service';
import { AppealWorkflow } from '../appeal/appeal-workflow.service';
import type { AppealView } from '../appeal/dto/appeal.views';
import { CITY_SUPERVISION, AppealNoticeService } from '../notices/notice.service';
import { ExtensionView } from '../supervision/supervision.views';
import { TriageService } from '../triage/triage.service';
import { ExtensionsRepository, ExtRow } from './extensions.repository';

const EXTENSION_STATUS_LABELS = { pending: '待审批', approved: '已同意', rejected: '未同意' } as const;

/**
 * 办理: the lead unit signs for it (签收) or sends it back to pre-study with a reason, re-dispatches to a
 * co-unit (首问负责: the first unit stays on record and keeps seeing it), reports progress, asks for an
 * extension (a supervisor decides, with reason) and answers the firm — resolved, explained or transferred.
 */
@Injectable()
export class HandlingService {
  constructor(
    private readonly extensionRows: ExtensionsRepository,
    private readonly repo: AppealRepository,
    private readonly workflow: AppealWorkflow,
    private readonly views: AppealViews,
    private readonly directory: AppealDirectory,
    private readonly calendar: CalendarRepository,
    private readonly notices: AppealNoticeService,
    private readonly triage: TriageService,
    private readonly clock: AppealClock,
  ) {}

  async accept(p: Principal, id: string, comment: string | null): Promise<AppealView> {
    return this.views.afterCommit(async (m) => {
      const a = await loadScoped(this.repo, p, id, m, true);
      assertLead(p, a);
      const now = this.clock.now();
      const first = !a.first_accepted_at;
      const row = await this.workflow.apply(m, a, 'accept', { actor: actorOf(p), at: now, outcome: 'accepted', comment: comment ?? '已签收，开始办理' }, {
        accepted_at: now, ...(first ? { first_accepted_at: now, accepted_on_time: !!a.accept_due && chinaDate(now) <= a.accept_due } : {}),
      });
      return row;
    });
  }

  /** 退回: not this unit's matter — back to pre-study, to be dispatched again within the category's limit. */
  async sendBack(p: Principal, id: string, reason: string): Promise<AppealView> {
    return this.views.afterCommit(async (m) => {
      const a = await loadScoped(this.repo, p, id, m, true);
      assertLead(p, a);
      const now = this.clock.now();
      const category = await this.directory.category(a.category, m);
      const cal = await this.calendar.calendar(m);
      // The new dispatch limit runs from the send-back.
      const row = await this.workflow.apply(m, a, 'send_back', { actor: actorOf(p), at: now, outcome: 'sent_back', comment: reason }, {
        lead_department: null, co_departments: [], accept_due: null, progress_due: null, answer_due: null, dispatch_due: dueAfter(cal, now, category.dispatch_days),
      });
      await this.notices.record(m, [{ appealId: a.id, kind: 'assigned', recipient: { kind: 'department', id: CITY_SUPERVISION }, title: `诉求 ${a.number} 被退回`,
        text: `${a.lead_department ?? ''} 退回「${a.title}」：${reason}。请重新预研交办。` }]);
      return row;
    });
  }

  /** 首问分办: the lead hands the lead to one of its co-units; the answer deadline keeps running. */
  async redispatch(p: Principal, id: string, to: string, reason: string): Promise<AppealView> {
    return this.views.afterCommit(async (m) => {
      const a = await loadScoped(this.repo, p, id, m, true);
      assertLead(p, a);
      if (!a.co_departments.includes(to)) {
        throw new DomainError('APPEAL.REDISPATCH_INVALID', '只能分办给本件的协办单位', { to, coDepartments: a.co_departments });
      }
      const now = this.clock.now();
      const category = await this.directory.category(a.category, m);
      const cal = await this.calendar.calendar(m);
      const co = [...a.co_departments.filter((d) => d !== to), a.lead_department!];
      const row = await this.workflow.apply(m, a, 'redispatch', { actor: actorOf(p), at: now, outcome: 'redispatched', comment: reason, details: { from: a.lead_department, to } }, {
        lead_department: to, co_departments: co, assigned_at: now, accept_due: dueAfter(cal, now, category.accept_days),
      });
      await this.notices.record(m, [{ appealId: a.id, kind: 'assigned', recipient: { kind: 'department', id: to }, title: `诉求 ${a.number} 分办至你单位牵头`,
        text: `「${a.title}」由首问单位分办至你单位牵头办理，答复时限 ${a.answer_due ?? '—'}：${reason}` }]);
      return row;
    });
  }

  /** 办理进展 by the lead (the first one meets the progress limit) or 协办意见 by a co-unit. */
  async progress(p: Principal, id: string, text: string): Promise<AppealView> {
    return this.views.afterCommit(async (m) => {
      const a = await loadScoped(this.repo, p, id, m, true);
      if (!['in_progress', 'second_supervision'].includes(a.state)) throw new DomainError('APPEAL.INVALID_STATE', '签收后、答复前可报送进展', { state: a.state });
      const now = this.clock.now();
      const isCo = DEPARTMENT_SCOPED_ROLES.includes(p.role) && !!p.departmentCode && a.co_departments.includes(p.departmentCode);
      if (isCo) return this.workflow.note(m, a, 'co_opinion', { actor: actorOf(p), at: now, outcome: 'co_opinion', comment: text });
      assertLead(p, a);
      return this.workflow.note(m, a, 'progress', { actor: actorOf(p), at: now, outcome: 'progress', comment: text }, { last_progress_at: now });
    });
  }

  async requestExtension(p: Principal, id: string, workingDays: number, reason: string): Promise<ExtensionView> {
    return this.extensionRows.transaction(async (m) => {
      const a = await loadScoped(this.repo, p, id, m, true);
      assertLead(p, a);
      if (!['in_progress', 'second_supervision'].includes(a.state)) throw new DomainError('APPEAL.INVALID_STATE', '办理中的诉求方可申请延期', { state: a.state });
      const now = this.clock.now();
      const extId = uuid7();
      const inserted = await this.extensionRows.insert(m, { id: extId, appealId: a.id, departmentCode: a.lead_department, workingDays, reason, requestedBy: p.id, requestedAt: now });
      if (!inserted) throw new DomainError('EXTENSION.PENDING_EXISTS', '已有待审批的延期申请');
      await this.workflow.note(m, a, 'extension_requested', { actor: actorOf(p), at: now, outcome: 'extension_requested', comment: `申请延期 ${workingDays} 个工作日：${reason}`, details: { extensionId: extId } });
      await this.notices.record(m, [{ appealId: a.id, kind: 'extension', recipient: { kind: 'department', id: CITY_SUPERVISION }, title: `延期申请 ${a.number}`,
        text: `「${a.title}」牵头单位申请延期 ${workingDays} 个工作日：${reason}` }]);
      return this.extensionView({ id: extId, appeal_id: a.id, department_code: a.lead_department!, working_days: workingDays, reason, status: 'pending', requested_at: now, decision_comment: null, decided_at: null });
    });
  }

  /** The supervisor approves (the answer limit moves by the working days asked) or refuses, with a comment. */
  async decideExtension(p: Principal, id: string, extensionId: string, approve: boolean, comment: string): Promise<ExtensionView> {
    assertSupervisor(p);
    return this.extensionRows.transaction(async (m) => {
      const a = await loadScoped(this.repo, p, id, m, true);
      const now = this.clock.now();
      const ext = await this.extensionRows.decide(m, extensionId, a.id, { status: approve ? 'approved' : 'rejected', by: p.id, comment, at: now });
      if (!ext) throw new DomainError('EXTENSION.NOT_FOUND', '没有待审批的该延期申请', { id: extensionId });
      const cal = await this.calendar.calendar(m);
      const set: Record<string, unknown> = {};
      if (approve) {
        set.extension_days = a.extension_days + ext.working_days;
        if (a.answer_due) set.answer_due = cal.addWorkingDays(a.answer_due, ext.working_days);
        if (a.state === 'second_supervision' && a.second_due) set.second_due = cal.addWorkingDays(a.second_due, ext.working_days);
      }
      await this.workflow.note(m, a, approve ? 'extension_approved' : 'extension_rejected', {
        actor: actorOf(p), at: now, outcome: approve ? 'extension_approved' : 'extension_rejected',
        comment: `${approve ? `同意延期 ${ext.working_days} 个工作日${set.answer_due ? `，答复时限调整为 ${String(set.answer_due)}` : ''}` : '不同意延期'}：${comment}`, details: { extensionId },
      }, set);
      if (a.lead_department) {
        await this.notices.record(m, [{ appealId: a.id, kind: 'extension', recipient: { kind: 'department', id: a.lead_department }, title: `延期申请${approve ? '已同意' : '未同意'} ${a.number}`, text: comment }]);
      }
      return this.extensionView(ext);
    });
  }

  async extensions(p: Principal, id: string): Promise<ExtensionView[]> {
    await loadScoped(this.repo, p, id);
    const rows = await this.extensionRows.ofAppeal(id);
    return rows.map((r) => this.extensionView(r));
  }

  private extensionView(r: ExtRow): ExtensionView {
    return { id: r.id, appealId: r.appeal_id, departmentCode: r.department_code, workingDays: r.working_days, reason: r.reason, status: r.status,
      statusLabel: EXTENSION_STATUS_LABELS[r.status], requestedAt: new Date(r.requested_at).toISOString(), decisionComment: r.decision_comment,
      decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null };
  }

  /** 答复企业: resolved, explained (an objective reason, 004) or transferred (to whom). Only the lead unit answers. */
  async answer(p: Principal, id: string, kind: Exclude<AnswerKind, 'on_spot'>, text: string): Promise<AppealView> {
    return this.views.afterCommit(async (m) => {
      const a = await loadScoped(this.repo, p, id, m, true);
      if (!a.lead_department && a.state === 'second_supervision') throw new DomainError('APPEAL.NOT_ASSIGNED', '二次督办的诉求须先交办牵头单位');
      assertLead(p, a);
      const now = this.clock.now();
      const today = chinaDate(now);
      const first = !a.first_answered_at || a.answer_kind === 'on_spot';
      const cal = await this.calendar.calendar(m);
      const row = await this.workflow.apply(m, a, 'answer', { actor: actorOf(p), at: now, outcome: kind, comment: `${ANSWER_KIND_LABELS[kind]}：${text}` }, {
        answer_kind: kind, answer_text: text, answered_at: now, answer_round: a.answer_round + 1,
        ...(first ? {
          first_answered_at: now, answered_on_time: !!a.answer_due && today <= a.answer_due,
          handling_working_days: a.first_assigned_at ? cal.workingDaysBetween(chinaDate(new Date(a.first_assigned_at)), today) : null,
        } : {}),
      });
      await this.triage.notifyFirmAnswered(m, row);
      return row;
    });
  }
}
