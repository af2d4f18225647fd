import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService, DomainError } from '@app/core';
import { ItemVersionRepository } from '@app/policies';
import { uniqueViolation } from '../approval.errors';
import { FundPoolRepository } from '../pool/fund-pool.repository';
import { ApplicationCommand, assertTransition, RESERVING_STATES } from './application.states';
import { ApplicationRow } from './application.types';
import { ApplicationRepository, ColumnSet, NodeInfo } from './application.repository';

/** Maps the uniqueness constraints of approval.applications to coded errors. */
export function conflictError(err: unknown): DomainError | null {
  const constraint = uniqueViolation(err);
  if (constraint === 'UQ_applications_exclusion_group') {
    return new DomainError('APPLICATION.EXCLUSION_CONFLICT', '同一不重复享受分组内，本期已有在办或已享受的事项');
  }
  if (constraint === 'UQ_applications_enterprise_item_period') {
    return new DomainError('APPLICATION.DUPLICATE', '本期已有该事项的申请，不能重复申请');
  }
  return null;
}

/**
 * The one way an application changes state: checks the transition table, moves the row guarded by
 * its expected state (with its timeline node, in one statement), keeps the fund pool in step
 * (reserve on entering approval, release on leaving it, count payment), and audits before/after —
 * all in the caller's transaction.
 */
@Injectable()
export class ApplicationWorkflow {
  constructor(
    private readonly repo: ApplicationRepository,
    private readonly pools: FundPoolRepository,
    private readonly versions: ItemVersionRepository,
    private readonly audit: AuditService,
  ) {}

  async apply(m: EntityManager, app: ApplicationRow, command: ApplicationCommand, node: Omit<NodeInfo, 'command'>, set: ColumnSet = {}): Promise<ApplicationRow> {
    const from = app.state;
    const to = assertTransition(from, command, app.id);
    const reserving = !RESERVING_STATES.includes(from) && RESERVING_STATES.includes(to);
    const releasing = RESERVING_STATES.includes(from) && !RESERVING_STATES.includes(to);
    const amount = Number(set.amount_fen ?? app.amount_fen);
    const cols: ColumnSet = { ...set };
    // Reserve first: a short pool refuses before anything moved (no SQL error, so callers may catch it).
    if (reserving) {
      await this.reserve(m, app, amount);
      cols.reserved_fen = amount;
    }
    if (releasing) cols.reserved_fen = 0;
    let row: ApplicationRow | null;
    try {
      row = await this.repo.transition(m, app.id, from, to, { command, ...node }, cols);
    } catch (err) {
      throw conflictError(err) ?? err;
    }
    if (!row) throw new DomainError('APPLICATION.INVALID_STATE', '申请状态已变化，请刷新后重试', { id: app.id, expected: from });
    if (releasing) await this.pools.release(m, app.item_id, Number(app.reserved_fen));
    if (to === 'paid') await this.pools.markPaid(m, app.item_id, Number(row.reserved_fen));
    await this.audit.record(
      {
        actor: node.actor.id || node.actor.role === 'system' ? { id: node.actor.id, username: node.actor.username, role: node.actor.role } : null,
        action: `application.${command}`,
        targetType: 'application',
        targetId: app.id,
        before: { state: from, amountFen: Number(app.amount_fen), reservedFen: Number(app.reserved_fen), step: app.version },
        after: { state: to, amountFen: Number(row.amount_fen), reservedFen: Number(row.reserved_fen), step: row.version },
        details: node.comment ? { comment: node.comment } : undefined,
      },
      m,
    );
    return row;
  }

  /** Reserves in the item's pool, creating the pool from the item version when it does not exist yet. */
  async reserve(m: EntityManager, app: Pick<ApplicationRow, 'item_id' | 'item_version_id'>, amountFen: number): Promise<void> {
    if (!(await this.pools.get(app.item_id, m))) {
      const v = await this.versions.byId(app.item_version_id, m);
      if (v) await this.pools.ensure(m, v);
    }
    await this.pools.reserve(m, app.item_id, amountFen);
  }
}
