import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, Principal } from '@app/core';
import { CalendarRepository, chinaDate } from '@app/approvals';
import { assertSupervisor, loadScoped } from '../appeal/appeal-access';
import { dueAfter } from '../appeal/appeal-deadlines';
import { AppealDirectory } from '../appeal/appeal-directory.service';
import { AppealClock } from '../appeal/appeal.clock';
import { actorOf, AppealActor, AppealRow } from '../appeal/appeal.types';
import { AppealRepository } from '../appeal/appeal.repository';
import { AppealViews } from '../appeal/appeal-views.service';
import { AppealWorkflow } from '../appeal/appeal-workflow.service';
import type { AppealView } from '../appeal/dto/appeal.views';
import { AppealNoticeService } from '../notices/notice.service';
import { LetterService } from '../supervision/letter.service';
import { LetterView } from '../supervision/supervision.views';

export interface AssignInput {
  leadDepartment: string;
  coDepartments?: string[];
  /** 办理要求 printed in the 交办函. */
  requirements?: string | null;
  /** Overrides the category's answer limit (working days) for this appeal. */
  answerWorkingDays?: number | null;
}

/**
 * 预研 and 交办: merge a duplicate into the appeal it repeats, answer on the spot, or assign to a lead
 * unit and co-units with a 交办函 and working-day deadlines from the category. Supervisors run it; a
 * firm's 包联 officer may answer its firms' appeals on the spot or pass them on to pre-study.
 */
@Injectable()
export class TriageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: AppealRepository,
    private readonly workflow: AppealWorkflow,
    private readonly views: AppealViews,
    private readonly directory: AppealDirectory,
    private readonly calendar: CalendarRepository,
    private readonly letters: LetterService,
    private readonly notices: AppealNoticeService,
    private readonly clock: AppealClock,
  ) {}

  /** Officers act on their own firms' appeals; supervisors on any they see. */
  private assertTriager(p: Principal, a: AppealRow): void {
    if (p.role === 'officer' && a.officer_id === p.id) return;
    assertSupervisor(p);
  }

  async merge(p: Principal, id: string, intoId: string, reason: string | null): Promise<AppealView> {
    assertSupervisor(p);
    return this.views.afterCommit(async (m) => {
      const a = await loadScoped(this.repo, p, id, m, true);
      if (intoId === id) throw new DomainError('APPEAL.MERGE_INVALID', '不能合并到自身');
      const into = await loadScoped(this.repo, p, intoId, m, true);
      if (['merged', 'withdrawn'].includes(into.state)) throw new DomainError('APPEAL.MERGE_INVALID', '目标诉求已合并或已撤回，不能并入', { into: into.number });
      const now = this.clock.now();
      const actor = actorOf(p);
      const row = await this.workflow.apply(m, a, 'merge', { actor, at: now, outcome: 'merged', comment: `与 ${into.number} 合并办理${reason ? `：${reason}` : ''}`, details: { into: into.id, intoNumber: into.number } }, { merged_into: into.id });
      await this.workflow.note(m, into, 'merged_in', { actor, at: now, outcome: 'merged_in', comment: `并入相似诉求 ${a.number}（${a.enterprise_name}）`, details: { from: a.id, fromNumber: a.number } });
      return row;
    });
  }

  /** 当场答复: the answer is given at once; the firm's feedback closes it (or sends it to second supervision). */
  async answerOnSpot(p: Principal, id: string, text: string): Promise<AppealView> {
    return this.views.afterCommit(async (m) => {
      const a = await loadScoped(this.repo, p, id, m, true);
      this.assertTriager(p, a);
      return await this.answerOnSpotRow(m, a, text, actorOf(p));
    });
  }

  async answerOnSpotRow(m: EntityManager, a: AppealRow, text: string, actor: AppealActor): Promise<AppealRow> {
    const now = this.clock.now();
    const row = await this.workflow.apply(m, a, 'answer_on_spot', { actor, at: now, outcome: 'on_spot', comment: text }, {
      answer_kind: 'on_spot', answer_text: text, answered_at: now, answer_round: a.answer_round + 1, first_answered_at: a.first_answered_at ?? now,
    });
    await this.notifyFirmAnswered(m, row);
    return row;
  }

  /** An officer passes its firm's appeal on to the pre-study (level officer → department). */
  async forward(p: Principal, id: string, comment: string | null): Promise<AppealView> {
    return this.views.afterCommit(async (m) => {
      const a = await loadScoped(this.repo, p, id, m, true);
      this.assertTriager(p, a);
      if (a.state !== 'submitted' || a.level !== 'officer') throw new DomainError('APPEAL.INVALID_STATE', '只有包联干部层级、待预研的诉求可以上报预研', { state: a.state, level: a.level });
      const row = await this.workflow.note(m, a, 'escalate', { actor: actorOf(p), at: this.clock.now(), outcome: 'forwarded', comment: comment ?? '包联干部上报预研', details: { from: 'officer', to: 'department' } }, { level: 'department' });
      return row;
    });
  }

  async assign(p: Principal, id: string, input: AssignInput): Promise<{ appeal: AppealView; letter: LetterView }> {
    assertSupervisor(p);
    const r = await this.dataSource.transaction(async (m) => this.assignRow(m, await loadScoped(this.repo, p, id, m, true), input, actorOf(p)));
    return { appeal: await this.views.one(r.appeal), letter: r.letter };
  }

  /** Assignment inside a caller's transaction (reception-day minutes assign in the same step). */
  async assignRow(m: EntityManager, a: AppealRow, input: AssignInput, actor: AppealActor): Promise<{ appeal: AppealRow; letter: LetterView }> {
    const co = [...new Set(input.coDepartments ?? [])].filter((d) => d !== input.leadDepartment);
    for (const d of [input.leadDepartment, ...co]) await this.directory.assertDepartment(d, m);
    const category = await this.directory.category(a.category, m);
    const answerDays = input.answerWorkingDays ?? category.answer_days;
    if (!Number.isInteger(answerDays) || answerDays < 1 || answerDays > 250) throw new DomainError('APPEAL.DEADLINE_INVALID', '答复时限应为 1–250 个工作日');
    const now = this.clock.now();
    const cal = await this.calendar.calendar(m);
    const set = {
      lead_department: input.leadDepartment, co_departments: co, first_department: a.first_department ?? input.leadDepartment, assigned_at: now,
      first_assigned_at: a.first_assigned_at ?? now, assigned_month: a.assigned_month ?? chinaDate(now).slice(0, 7),
      accept_due: dueAfter(cal, now, category.accept_days), progress_due: dueAfter(cal, now, category.progress_days), answer_due: dueAfter(cal, now, answerDays),
      extension_days: 0, last_progress_at: null, level: a.level === 'officer' ? 'department' : a.level,
    };
    const names = await this.directory.departmentNames(m);
    const leadName = this.directory.ref(names, input.leadDepartment)!.name;
    const row = await this.workflow.apply(m, a, 'assign', {
      actor, at: now, outcome: 'assigned', comment: `交办${leadName}牵头办理${co.length ? `，${co.map((c) => this.directory.ref(names, c)!.name).join('、')}协办` : ''}，答复时限 ${set.answer_due}`,
      details: { leadDepartment: input.leadDepartment, coDepartments: co, answerDue: set.answer_due },
    }, set);
    return this.letters.issue(m, row, 'assignment', actor, { requirements: input.requirements?.trim() || category.requirements });
  }

  async notifyFirmAnswered(m: EntityManager, a: AppealRow): Promise<void> {
    await this.notices.record(m, [{
      appealId: a.id, kind: 'answered', recipient: { kind: 'enterprise', id: a.enterprise_id }, title: `诉求 ${a.number} 已答复`,
      text: `您反映的「${a.title}」已答复，请登录平台查看并评价（满意 / 基本满意 / 不满意）。`,
    }]);
  }
}
