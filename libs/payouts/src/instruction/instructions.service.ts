import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ApplicationReadyForPayoutPayload } from '@app/contracts';
import { AuditService, formatMoney, mutateReturning, notFound, Page, Principal, uniqueViolation, uuid7 } from '@app/core';
import { PayoutErrors, payoutError } from '../payout.errors';
import { ResultRecorder } from '../sending/result-recorder';
import { INSTRUCTION_STATUS_LABELS, INSTRUCTION_TRANSITIONS } from './instruction.states';
import type { InstructionFilter, InstructionRow, PayoutInstructionView } from './instruction.types';

/** The ready event, plus the enterprise's district when the approval center sends it. */
export type ReadyForPayout = ApplicationReadyForPayoutPayload & { districtCode?: string | null };

export interface ReissueInput {
  note?: string | null;
  /** Refused if present: a reissue never goes to a typed-in payee. */
  payeeName?: unknown;
  accountNumber?: unknown;
  bankName?: unknown;
}

const TYPED_PAYEE_FIELDS = ['payeeName', 'accountNumber', 'bankName'] as const;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toView(r: InstructionRow): PayoutInstructionView {
  const amountFen = Number(r.amount_fen);
  return {
    id: r.id,
    applicationId: r.application_id,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    itemId: r.item_id,
    itemName: r.item_name,
    departmentCode: r.department_code,
    districtCode: r.district_code,
    fundPoolId: r.fund_pool_id,
    budgetSubject: r.budget_subject,
    amountFen,
    amountText: formatMoney(amountFen),
    payeeName: r.payee_name,
    payeeAccountMasked: r.payee_account_masked,
    payeeBankName: r.payee_bank_name,
    status: r.status,
    statusLabel: INSTRUCTION_STATUS_LABELS[r.status],
    batchId: r.batch_id,
    reissueOf: r.reissue_of,
    sendAttempts: r.send_attempts,
    treasuryRef: r.treasury_ref,
    resultReason: r.result_reason,
    createdAt: iso(r.created_at) as string,
    settledAt: iso(r.settled_at),
  };
}

/** WHERE clause for the filters finance staff use; `params` is appended to. */
export function filterClause(f: InstructionFilter, params: unknown[], alias = ''): string {
  const a = alias ? `${alias}.` : '';
  const where: string[] = [];
  if (f.status) where.push(`${a}status = $${params.push(f.status)}`);
  if (f.itemId) where.push(`${a}item_id = $${params.push(f.itemId)}`);
  if (f.departmentCode) where.push(`${a}department_code = $${params.push(f.departmentCode)}`);
  if (f.fundPoolId) where.push(`${a}fund_pool_id = $${params.push(f.fundPoolId)}`);
  if (f.batchId) where.push(`${a}batch_id = $${params.push(f.batchId)}`);
  if (f.applicationId) where.push(`${a}application_id = $${params.push(f.applicationId)}`);
  return where.length ? where.join(' AND ') : 'true';
}

const COLUMNS = `id, application_id, enterprise_id, enterprise_name, item_id, item_name, department_code, district_code,
  fund_pool_id, budget_subject, amount_fen, payee_name, payee_account_encrypted, payee_account_masked, payee_bank_name, status,
  batch_id, chunk_id, reissue_of, send_attempts, treasury_ref, result_reason, created_at, settled_at`;

/** 支付指令: one per ready application (the event delivered twice makes one), a snapshot of payee and amount. */
@Injectable()
export class InstructionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly recorder: ResultRecorder,
  ) {}

  /**
   * Creates instructions from ready applications in the caller's transaction; an application that
   * already has one is skipped (UNIQUE on application id). Returns the ids created.
   */
  async ingest(m: EntityManager, ready: Array<{ eventId?: string | null; payload: ReadyForPayout }>): Promise<string[]> {
    if (ready.length === 0) return [];
    const pools = new Map<string, ReadyForPayout>();
    for (const r of ready) if (!pools.has(r.payload.fundPoolId)) pools.set(r.payload.fundPoolId, r.payload);
    await m.query(
      `INSERT INTO payout.fund_pools (id, item_id, item_name, department_code, budget_fen)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) ON CONFLICT (id) DO NOTHING`,
      [
        [...pools.keys()], [...pools.values()].map((p) => p.itemId), [...pools.values()].map((p) => p.itemName),
        [...pools.values()].map((p) => p.departmentCode), [...pools.values()].map((p) => p.fundPoolBudgetFen ?? null),
      ],
    );
    const cols: unknown[][] = Array.from({ length: 17 }, () => []);
    for (const { eventId, payload: p } of ready) {
      if (!Number.isSafeInteger(p.amountFen) || p.amountFen <= 0) throw new RangeError(`application ${p.applicationId}: amount must be positive fen`);
      const v = [
        uuid7(), p.applicationId, eventId ?? null, p.enterpriseId, p.enterpriseName, p.itemId, p.itemVersionId, p.itemName,
        p.departmentCode, p.districtCode ?? null, p.fundPoolId, p.budgetSubject, p.amountFen, p.payeeName, p.payeeAccountEncrypted,
        p.payeeAccountMasked, p.payeeBankName,
      ];
      v.forEach((x, i) => cols[i].push(x));
    }
    const rows: Array<{ id: string; application_id: string }> = await m.query(
      `INSERT INTO payout.instructions (id, application_id, source_event_id, enterprise_id, enterprise_name, item_id, item_version_id,
         item_name, department_code, district_code, fund_pool_id, budget_subject, amount_fen, payee_name, payee_account_encrypted,
         payee_account_masked, payee_bank_name)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::text[], $12::text[], $13::bigint[], $14::text[], $15::text[], $16::text[], $17::text[])
       ON CONFLICT (application_id) WHERE reissue_of IS NULL AND status NOT IN ('failed', 'cancelled') DO NOTHING RETURNING id, application_id`,
      cols,
    );
    const created = new Set(rows.map((r) => r.application_id));
    const reissued = await this.reissueReturned(m, ready.map((r) => r.payload).filter((p) => !created.has(p.applicationId)));
    return [...rows.map((r) => r.id), ...reissued];
  }

  /**
   * The firm confirmed again after its payment came back (returned): the new account goes out as a
   * reissue of the returned instruction, drawing on the returned funds (one reissue per instruction).
   */
  private async reissueReturned(m: EntityManager, payloads: ReadyForPayout[]): Promise<string[]> {
    const ids: string[] = [];
    for (const p of payloads) {
      const [latest]: Array<{ id: string; status: string }> = await m.query(
        `SELECT id, status FROM payout.instructions WHERE application_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
        [p.applicationId],
      );
      if (!latest || latest.status !== 'returned') continue;
      const newId = uuid7();
      const inserted: unknown[] = await m.query(
        `INSERT INTO payout.instructions (id, application_id, enterprise_id, enterprise_name, item_id, item_version_id, item_name,
           department_code, district_code, fund_pool_id, budget_subject, amount_fen, payee_name, payee_account_encrypted,
           payee_account_masked, payee_bank_name, reissue_of)
         SELECT $1, application_id, enterprise_id, enterprise_name, item_id, item_version_id, item_name, department_code, district_code,
           fund_pool_id, budget_subject, amount_fen, $2, $3, $4, $5, id FROM payout.instructions WHERE id = $6
         ON CONFLICT (reissue_of) DO NOTHING RETURNING id`,
        [newId, p.payeeName, p.payeeAccountEncrypted, p.payeeAccountMasked, p.payeeBankName, latest.id],
      );
      if (inserted.length) ids.push(newId);
    }
    return ids;
  }

  async list(f: InstructionFilter, page = 1, pageSize = 20): Promise<Page<PayoutInstructionView>> {
    const params: unknown[] = [];
    const where = filterClause(f, params);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM payout.instructions WHERE ${where}`, params);
    const rows: InstructionRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM payout.instructions WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(toView), total: Number(total), page, pageSize };
  }

  async get(id: string, m: EntityManager | DataSource = this.dataSource): Promise<PayoutInstructionView> {
    const [row]: InstructionRow[] = await m.query(`SELECT ${COLUMNS} FROM payout.instructions WHERE id = $1`, [id]);
    if (!row) throw notFound('PAYOUT_INSTRUCTION', id);
    return toView(row);
  }

  /** 撤销: possible until the sending marker is set; a committed amount goes back to the pool. */
  async cancel(user: Principal, id: string, reason: string | null): Promise<PayoutInstructionView> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.get(id, m);
      const [moved] = await mutateReturning<{ id: string; application_id: string; amount_fen: number; fund_pool_id: string; reissue_of: string | null; settled_at: null; batch_id: string | null; was: string }>(
        m,
        `UPDATE payout.instructions i SET status = 'cancelled', cancelled_at = now(), result_reason = $2
         FROM (SELECT id, status AS was FROM payout.instructions WHERE id = $1 FOR UPDATE) o
         WHERE i.id = o.id AND i.status = ANY($3::text[])
         RETURNING i.id, i.application_id, i.amount_fen, i.fund_pool_id, i.reissue_of, i.settled_at, i.batch_id, o.was`,
        [id, reason ?? '经办撤销', [...INSTRUCTION_TRANSITIONS.cancel.from]],
      );
      if (!moved) {
        throw payoutError(PayoutErrors.InstructionInvalidState, `指令当前状态为“${INSTRUCTION_STATUS_LABELS[before.status]}”，不能撤销`, { status: before.status });
      }
      if (moved.was === 'approved') await this.recorder.release(m, [moved]);
      if (moved.batch_id && moved.was !== 'approved') {
        await m.query(
          `UPDATE payout.batches SET instruction_count = instruction_count - 1, total_fen = total_fen - $2 WHERE id = $1`,
          [moved.batch_id, moved.amount_fen],
        );
      }
      const after = await this.get(id, m);
      await this.audit.record(
        { actor: user, action: 'payout.instruction.cancel', targetType: 'payout_instruction', targetId: id, before, after, details: { reason } },
        m,
      );
      return after;
    });
  }

  /**
   * 重新支付: a returned payment goes again, as a new instruction linked to the old one (one reissue
   * per instruction), drawing on the returned funds, not the pool again. It goes to the account the
   * firm itself confirmed (the returned instruction's payee, confirmed on file or through a verified
   * change) — never to a payee typed in by finance. A different account comes only from the firm:
   * it changes and verifies its account and confirms again, which reissues to the new account.
   */
  async reissue(user: Principal, id: string, input: ReissueInput): Promise<PayoutInstructionView> {
    const typed = TYPED_PAYEE_FIELDS.filter((f) => input[f] !== undefined && input[f] !== null);
    if (typed.length) {
      throw payoutError(PayoutErrors.ReissuePayeeNotAllowed, '重新支付只能付往企业已确认的收款账户，不能填写收款人；如需更换账户，请企业验证变更收款账户后重新确认', { fields: typed });
    }
    return this.dataSource.transaction(async (m) => {
      const [old]: Array<InstructionRow & { return_confirmed_by: string | null }> = await m.query(
        `SELECT ${COLUMNS}, return_confirmed_by FROM payout.instructions WHERE id = $1 FOR UPDATE`, [id]);
      if (!old) throw notFound('PAYOUT_INSTRUCTION', id);
      if (old.status !== 'returned') throw payoutError(PayoutErrors.InstructionInvalidState, '只有已退回的指令可以重新支付', { status: old.status });
      if (old.settled_at !== null && old.return_confirmed_by === null) {
        throw payoutError(PayoutErrors.InstructionInvalidState, '该指令曾经到账，其退回未经银行确认，不能重新支付', { status: old.status });
      }
      const newId = uuid7();
      try {
        await m.query(
          `INSERT INTO payout.instructions (id, application_id, enterprise_id, enterprise_name, item_id, item_version_id, item_name,
             department_code, district_code, fund_pool_id, budget_subject, amount_fen, payee_name, payee_account_encrypted,
             payee_account_masked, payee_bank_name, reissue_of)
           SELECT $1, application_id, enterprise_id, enterprise_name, item_id, item_version_id, item_name, department_code, district_code,
             fund_pool_id, budget_subject, amount_fen, payee_name, payee_account_encrypted, payee_account_masked, payee_bank_name, id
           FROM payout.instructions WHERE id = $2`,
          [newId, id],
        );
      } catch (err) {
        if (uniqueViolation(err)) {
          throw payoutError('PAYOUT_INSTRUCTION.ALREADY_EXISTS', '该指令已重新支付过', { id });
        }
        throw err;
      }
      const after = await this.get(newId, m);
      await this.audit.record(
        {
          actor: user,
          action: 'payout.instruction.reissue',
          targetType: 'payout_instruction',
          targetId: newId,
          before: { reissueOf: id, account: old.payee_account_masked },
          after,
          details: { reissueOf: id, payee: 'firm_confirmed_account', account: old.payee_account_masked, note: input.note ?? null },
        },
        m,
      );
      return after;
    });
  }

  /** Ledger view of one instruction (for its detail page). */
  async journal(id: string): Promise<Array<{ kind: string; postedAt: string; lines: Array<{ account: string; amountFen: number }> }>> {
    const rows: Array<{ id: string; kind: string; posted_at: Date; account: string; amount_fen: number }> = await this.dataSource.query(
      `SELECT e.id, e.kind, e.posted_at, l.account, l.amount_fen FROM payout.journal_entries e JOIN payout.journal_lines l ON l.entry_id = e.id
       WHERE e.instruction_id = $1 ORDER BY e.seq, l.id`,
      [id],
    );
    const out = new Map<string, { kind: string; postedAt: string; lines: Array<{ account: string; amountFen: number }> }>();
    for (const r of rows) {
      const e = out.get(r.id) ?? { kind: r.kind, postedAt: new Date(r.posted_at).toISOString(), lines: [] };
      e.lines.push({ account: r.account, amountFen: Number(r.amount_fen) });
      out.set(r.id, e);
    }
    return [...out.values()];
  }
}
