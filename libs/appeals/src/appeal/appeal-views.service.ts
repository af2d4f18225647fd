import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { chinaDate } from '@app/approvals';
import { districtName } from '@app/enterprises';
import { AppealDirectory } from './appeal-directory.service';
import { AppealClock } from './appeal.clock';
import { APPEAL_COMMAND_LABELS, APPEAL_STATE_LABELS, AppealState } from './appeal.states';
import { ACTOR_ROLE_LABELS, ANSWER_KIND_LABELS, AppealRow, CHANNEL_LABELS, DUE_KIND_LABELS, LEVEL_LABELS, RATING_LABELS } from './appeal.types';
import type { TimelineRow } from './appeal.repository';
import type { AppealTimelineNode, AppealView } from './dto/appeal.views';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Rows → what readers see, with a Chinese label beside every code. */
@Injectable()
export class AppealViews {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: AppealDirectory,
    private readonly clock: AppealClock,
  ) {}

  /**
   * Runs a change in one transaction and shows the appeal after the commit. The view reads names
   * outside the transaction, which on PGlite (one connection, transactions serialized) must not
   * happen while the transaction holds it.
   */
  async afterCommit(change: (m: EntityManager) => Promise<AppealRow>): Promise<AppealView> {
    return this.one(await this.dataSource.transaction(change));
  }

  async one(r: AppealRow): Promise<AppealView> {
    return (await this.many([r]))[0];
  }

  async many(rows: AppealRow[]): Promise<AppealView[]> {
    const [cats, names] = await Promise.all([this.directory.categoryMap(), this.directory.departmentNames()]);
    const today = chinaDate(this.clock.now());
    const ref = (c: string | null) => this.directory.ref(names, c);
    return rows.map((r) => ({
      id: r.id, number: r.number, enterpriseId: r.enterprise_id, enterpriseName: r.enterprise_name, districtCode: r.district_code,
      districtName: r.district_code ? districtName(r.district_code) : null, category: r.category, categoryLabel: cats.get(r.category)?.name ?? r.category,
      channel: r.channel, channelLabel: CHANNEL_LABELS[r.channel], title: r.title, description: r.description, terms: r.terms,
      contactName: r.contact_name, contactPhoneMasked: r.contact_phone_masked, relatedItemId: r.related_item_id, receptionDayId: r.reception_day_id,
      state: r.state, stateLabel: APPEAL_STATE_LABELS[r.state], level: r.level, levelLabel: LEVEL_LABELS[r.level], officerId: r.officer_id,
      leadDepartment: ref(r.lead_department), coDepartments: r.co_departments.map((c) => ref(c)!), firstDepartment: ref(r.first_department),
      mergedInto: r.merged_into, receivedAt: iso(r.received_at)!, assignedAt: iso(r.assigned_at), acceptedAt: iso(r.accepted_at),
      answeredAt: iso(r.answered_at), closedAt: iso(r.closed_at), answerKind: r.answer_kind, answerKindLabel: r.answer_kind ? ANSWER_KIND_LABELS[r.answer_kind] : null,
      answerText: r.answer_text, rating: r.rating, ratingLabel: r.rating ? RATING_LABELS[r.rating] : null, ratedAt: iso(r.rated_at), closeReason: r.close_reason,
      secondSupervisionCount: r.second_supervision_count, reopenedCount: r.reopened_count,
      deadlines: { dispatchDue: r.dispatch_due, acceptDue: r.accept_due, progressDue: r.progress_due, answerDue: r.answer_due, secondDue: r.second_due },
      dueKind: r.due_kind, dueKindLabel: r.due_kind ? DUE_KIND_LABELS[r.due_kind] : null, dueOn: r.due_on, overdue: !!r.due_on && r.due_on < today,
      extensionDays: r.extension_days, policyItemId: r.policy_item_id, step: r.version, createdAt: iso(r.created_at)!,
    }));
  }

  async timeline(rows: TimelineRow[]): Promise<AppealTimelineNode[]> {
    const names = await this.directory.departmentNames();
    return rows.map((t) => ({
      step: t.step, at: new Date(t.at).toISOString(), command: t.command,
      commandLabel: APPEAL_COMMAND_LABELS[t.command as keyof typeof APPEAL_COMMAND_LABELS] ?? t.command, fromState: t.from_state, toState: t.to_state,
      stateLabel: APPEAL_STATE_LABELS[t.to_state as AppealState] ?? t.to_state, actorRole: t.actor_role, actorRoleLabel: ACTOR_ROLE_LABELS[t.actor_role] ?? t.actor_role,
      department: this.directory.ref(names, t.department_code), outcome: t.outcome, comment: t.comment, details: t.details,
    }));
  }
}
