import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService, DomainError, OutboxService } from '@app/core';
import { AppealChangedPayload, EventNames } from '@app/contracts';
import { currentDue } from './appeal-deadlines';
import { AppealCommand, AppealNote, assertAppealTransition } from './appeal.states';
import { AppealRow } from './appeal.types';
import { AppealRepository, ColumnSet, TimelineEntry } from './appeal.repository';

const DUE_INPUTS = ['dispatch_due', 'accept_due', 'progress_due', 'answer_due', 'second_due', 'last_progress_at'] as const;

/**
 * The one way an appeal changes: checks the transition table, moves the row guarded by the state the
 * caller saw (with its timeline node, in one statement), keeps the current deadline in step with the
 * state, audits before/after and writes `appeal.changed` to the outbox — all in the caller's transaction.
 */
@Injectable()
export class AppealWorkflow {
  constructor(
    private readonly repo: AppealRepository,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async apply(m: EntityManager, a: AppealRow, command: AppealCommand, node: Omit<TimelineEntry, 'command'>, set: ColumnSet = {}): Promise<AppealRow> {
    const to = assertAppealTransition(a.state, command, a.id);
    const merged = { ...a, ...set } as AppealRow;
    const due = currentDue(to, merged);
    const row = await this.repo.transition(m, a.id, a.state, to, { ...node, command }, { ...set, due_kind: due?.kind ?? null, due_on: due?.on ?? null });
    if (!row) throw new DomainError('APPEAL.INVALID_STATE', '诉求状态已变化，请刷新后重试', { id: a.id, expected: a.state });
    await this.record(m, a, row, command, node);
    return row;
  }

  /** A timeline node that keeps the state; when it sets a deadline input, the current deadline follows. */
  async note(m: EntityManager, a: AppealRow, command: AppealNote, node: Omit<TimelineEntry, 'command'>, set: ColumnSet = {}): Promise<AppealRow> {
    const cols: ColumnSet = { ...set };
    if (DUE_INPUTS.some((k) => k in set)) {
      const due = currentDue(a.state, { ...a, ...set } as AppealRow);
      cols.due_kind = due?.kind ?? null;
      cols.due_on = due?.on ?? null;
    }
    const row = await this.repo.note(m, a.id, a.state, { ...node, command }, cols);
    if (!row) throw new DomainError('APPEAL.INVALID_STATE', '诉求状态已变化，请刷新后重试', { id: a.id, expected: a.state });
    await this.record(m, a, row, command, node);
    return row;
  }

  private async record(m: EntityManager, before: AppealRow, after: AppealRow, command: string, node: Omit<TimelineEntry, 'command'>): Promise<void> {
    const actor = node.actor.id || node.actor.role === 'system' ? { id: node.actor.id, username: node.actor.username ?? null, role: node.actor.role } : null;
    const snapshot = (r: AppealRow) => ({ state: r.state, step: r.version, level: r.level, lead: r.lead_department, co: r.co_departments, dueOn: r.due_on, rating: r.rating });
    await this.audit.record(
      { actor, action: `appeal.${command}`, targetType: 'appeal', targetId: after.id, before: snapshot(before), after: snapshot(after),
        details: node.comment ? { comment: node.comment.slice(0, 500) } : undefined },
      m,
    );
    const payload: AppealChangedPayload = {
      appealId: after.id, number: after.number, enterpriseId: after.enterprise_id, command, fromState: before.state, toState: after.state, step: after.version,
      level: after.level, leadDepartment: after.lead_department, at: node.at.toISOString(),
    };
    await this.outbox.append(m, { name: EventNames.AppealChanged, aggregateType: 'appeal', aggregateId: after.id, payload });
  }
}
