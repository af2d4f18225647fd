import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, Page, Principal, uuid7 } from '@app/core';
import { CalendarRepository } from '@app/approvals';
import { assertSupervisor, loadScoped, scopeSql } from '../appeal/appeal-access';
import { dueAfter } from '../appeal/appeal-deadlines';
import { AppealDirectory } from '../appeal/appeal-directory.service';
import { AppealClock } from '../appeal/appeal.clock';
import { actorOf, AppealActor, AppealRow, FOLLOW_UP_FINDING_LABELS, FollowUpFinding, Rating, RATING_LABELS } from '../appeal/appeal.types';
import { AppealRepository } from '../appeal/appeal.repository';
import { AppealViews } from '../appeal/appeal-views.service';
import { AppealWorkflow } from '../appeal/appeal-workflow.service';
import type { AppealView } from '../appeal/dto/appeal.views';
import { APPEAL_OPTIONS, AppealOptions } from '../appeal.options';
import { CITY_SUPERVISION, AppealNoticeService } from '../notices/notice.service';
import { FollowUpView } from '../supervision/supervision.views';
import { FeedbackRepository } from './feedback.repository';

/**
 * 评价与销号: the firm rates each answer once (满意 / 基本满意 close it off; 不满意 sends it to second
 * supervision with a new deadline); only a supervisor may close without the firm's satisfaction, with a
 * documented reason. Closing opens a follow-up visit (回访) whose "looked again" finding can reopen it.
 */
@Injectable()
export class FeedbackService {
  constructor(
    private readonly feedback: FeedbackRepository,
    private readonly repo: AppealRepository,
    private readonly workflow: AppealWorkflow,
    private readonly views: AppealViews,
    private readonly directory: AppealDirectory,
    private readonly calendar: CalendarRepository,
    private readonly notices: AppealNoticeService,
    private readonly clock: AppealClock,
    @Inject(APPEAL_OPTIONS) private readonly options: AppealOptions,
  ) {}

  /**
   * The firm's rating of the current answer. A supervisor may record it on the firm's behalf (a phone
   * follow-up), marked as such. Rating the same answer twice is refused, nothing changed.
   */
  async rate(p: Principal, id: string, rating: Rating, comment: string | null): Promise<AppealView> {
    if (p.role !== 'enterprise') assertSupervisor(p);
    return this.views.afterCommit(async (m) => {
      const a = await loadScoped(this.repo, p, id, m, true);
      if (a.state !== 'answered') {
        if (a.answer_round > 0 && (await this.feedback.rated(m, a.id, a.answer_round))) throw new DomainError('FEEDBACK.ALREADY_GIVEN', '该答复已评价过', { id, round: a.answer_round });
        throw new DomainError('APPEAL.INVALID_STATE', '诉求尚未答复，不能评价', { id, state: a.state });
      }
      if (rating === 'unsatisfied' && !comment?.trim()) throw new DomainError('FEEDBACK.COMMENT_REQUIRED', '不满意时请说明原因');
      const now = this.clock.now();
      const onBehalf = p.role !== 'enterprise';
      const recorded = await this.feedback.insertFeedback(m, { appealId: a.id, round: a.answer_round, rating, comment, givenBy: p.id, givenRole: p.role, onBehalf, at: now });
      if (!recorded) throw new DomainError('FEEDBACK.ALREADY_GIVEN', '该答复已评价过', { id, round: a.answer_round });
      const actor = actorOf(p);
      const said = `${onBehalf ? '（电话回访代录）' : ''}企业评价：${RATING_LABELS[rating]}${comment ? `，${comment}` : ''}`;
      if (rating !== 'unsatisfied') {
        const row = await this.workflow.apply(m, a, 'rate_satisfied', { actor, at: now, outcome: rating, comment: `${said}。销号。` }, { rating, rated_at: now, closed_at: now });
        await this.openFollowUp(m, row, now);
        return row;
      }
      const category = await this.directory.category(a.category, m);
      const cal = await this.calendar.calendar(m);
      const secondDue = dueAfter(cal, now, category.second_days);
      const row = await this.workflow.apply(m, a, 'rate_unsatisfied', { actor, at: now, outcome: rating, comment: `${said}。转二次督办，答复时限 ${secondDue}。` }, {
        rating, rated_at: now, second_supervision_count: a.second_supervision_count + 1, second_due: secondDue,
      });
      const text = `${a.enterprise_name}对「${a.title}」的答复不满意：${comment}。二次督办，请于 ${secondDue} 前重新答复。`;
      await this.notices.record(m, [
        ...(a.lead_department ? [{ appealId: a.id, kind: 'second_supervision' as const, recipient: { kind: 'department' as const, id: a.lead_department }, title: `二次督办 ${a.number}`, text }] : []),
        { appealId: a.id, kind: 'second_supervision', recipient: { kind: 'department', id: CITY_SUPERVISION }, title: `二次督办 ${a.number}`, text },
      ]);
      return row;
    });
  }

  /** 督办销号: closing without the firm's satisfaction needs a supervisor and a written reason. */
  async overrideClose(p: Principal, id: string, reason: string): Promise<AppealView> {
    assertSupervisor(p);
    if (!reason || reason.trim().length < 10) throw new DomainError('APPEAL.CLOSE_REASON_REQUIRED', '督办销号须书面说明理由（至少 10 字）');
    return this.views.afterCommit(async (m) => {
      const a = await loadScoped(this.repo, p, id, m, true);
      const now = this.clock.now();
      const row = await this.workflow.apply(m, a, 'override_close', { actor: actorOf(p), at: now, outcome: 'override', comment: `督办销号：${reason}` }, { closed_at: now, close_reason: reason.trim() });
      await this.openFollowUp(m, row, now);
      return row;
    });
  }

  async withdraw(p: Principal, id: string, reason: string | null): Promise<AppealView> {
    return this.views.afterCommit(async (m) => {
      const a = await loadScoped(this.repo, p, id, m, true);
      if (p.role !== 'enterprise') throw new DomainError('AUTH.FORBIDDEN', '只有提出诉求的企业可以撤回');
      const row = await this.workflow.apply(m, a, 'withdraw', { actor: actorOf(p), at: this.clock.now(), outcome: 'withdrawn', comment: reason ?? '企业撤回诉求' });
      return row;
    });
  }

  private async openFollowUp(m: EntityManager, a: AppealRow, now: Date): Promise<void> {
    const cal = await this.calendar.calendar(m);
    const n = await this.feedback.followUpCount(m, a.id);
    const due = dueAfter(cal, now, this.options.followUpWorkingDays);
    await this.feedback.insertFollowUp(m, { id: uuid7(), appealId: a.id, closeRound: n + 1, dueOn: due, createdAt: now });
    await this.notices.record(m, [{ appealId: a.id, kind: 'follow_up', recipient: { kind: 'department', id: CITY_SUPERVISION }, title: `回访任务 ${a.number}`,
      text: `「${a.title}」已销号，请于 ${due} 前回访企业，了解办理实效。` }]);
  }

  async followUps(p: Principal, status: 'pending' | 'done' | undefined, page: number, pageSize: number): Promise<Page<FollowUpView>> {
    assertSupervisor(p);
    const params: unknown[] = [];
    const where = [scopeSql(p, params)];
    if (status) where.push(`f.status = $${params.push(status)}`);
    const { rows, total } = await this.feedback.followUps(where.join(' AND '), params, page, pageSize);
    return {
      items: rows.map((r) => ({ id: r.id, appealId: r.appeal_id, appealNumber: r.number, enterpriseName: r.enterprise_name, title: r.title, dueOn: r.due_on,
        status: r.status, statusLabel: r.status === 'pending' ? '待回访' : '已回访', finding: r.finding, findingLabel: r.finding ? FOLLOW_UP_FINDING_LABELS[r.finding] : null,
        note: r.note, doneAt: r.done_at ? new Date(r.done_at).toISOString() : null })),
      total, page, pageSize,
    };
  }

  /** 回访 finding: confirmed, or "looked again" and not solved → the appeal reopens under second supervision. */
  async recordFollowUp(p: Principal, id: string, followUpId: string, finding: FollowUpFinding, note: string): Promise<AppealView> {
    assertSupervisor(p);
    return this.views.afterCommit(async (m) => {
      const a = await loadScoped(this.repo, p, id, m, true);
      const now = this.clock.now();
      const done = await this.feedback.completeFollowUp(m, { followUpId, appealId: a.id, finding, note, doneBy: p.id, doneAt: now });
      if (!done) throw new DomainError('FOLLOW_UP.NOT_FOUND', '没有待完成的该回访任务', { id: followUpId });
      const actor: AppealActor = actorOf(p);
      if (finding === 'confirmed') {
        return this.workflow.note(m, a, 'follow_up', { actor, at: now, outcome: 'confirmed', comment: `回访：${note}` });
      }
      const category = await this.directory.category(a.category, m);
      const cal = await this.calendar.calendar(m);
      const secondDue = dueAfter(cal, now, category.second_days);
      const row = await this.workflow.apply(m, a, 'reopen', { actor, at: now, outcome: 'reopen', comment: `回访“回头看”发现问题未解决：${note}。重启办理，答复时限 ${secondDue}。` }, {
        reopened_count: a.reopened_count + 1, second_due: secondDue, closed_at: null, close_reason: null,
      });
      if (a.lead_department) {
        await this.notices.record(m, [{ appealId: a.id, kind: 'follow_up', recipient: { kind: 'department', id: a.lead_department }, title: `回访重启 ${a.number}`,
          text: `「${a.title}」回访发现问题未解决，已重启办理，请于 ${secondDue} 前重新答复：${note}` }]);
      }
      return row;
    });
  }
}
