import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ApplicationReadyForPayoutPayload } from '@app/contracts';
import { AuditService, formatMoney, notFound, Page, Principal, uniqueViolation, uuid7 } from '@app/core';
import type { EntryKind, LedgerAccount } from '../ledger/ledger.rules';
import { PayoutErrors, payoutError } from '../payout.errors';
import { ResultRecorder } from '../sending/result-recorder';
import { INSTRUCTION_STATUS_LABELS, INSTRUCTION_TRANSITIONS } from './instruction.states';
import type { InstructionFilter, InstructionRow, PayoutInstructionView } from './instruction.types';
import { InstructionsRepository } from './instructions.repository';

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

/** One posting of an instruction with its lines (debit positive). */
export interface InstructionJournalEntry {
  kind: EntryKind;
  postedAt: string;
  lines: Array<{ account: LedgerAccount; amountFen: number }>;
}

/**
 * Whose instructions a reader is limited to: a department's payers read those of the pools their
 * department pays (and of their own batches); finance staff, auditors and leaders read all.
 */
export function readerPayerScope(user: Pick<Principal, 'role' | 'departmentCode'>): string | undefined {
  if (user.role !== 'dept_payer_maker' && user.role !== 'dept_payer_checker') return undefined;
  return user.departmentCode ?? '-'; // a payer without a department sees nothing
}

/**
 * 支付指令: one per ready application (the event delivered twice makes one), a snapshot of payee and
 * amount. Reads are scoped by the reader's payer (readerPayerScope); all SQL is in InstructionsRepository.
 */
@Injectable()
export class InstructionsService {
  constructor(
    private readonly repo: InstructionsRepository,
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
    await this.repo.openPools(
      m,
      [...pools.values()].map((p) => ({ id: p.fundPoolId, itemId: p.itemId, itemName: p.itemName, departmentCode: p.departmentCode, budgetFen: p.fundPoolBudgetFen ?? null })),
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
    const rows = await this.repo.insertMany(m, cols);
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
      const latest = await this.repo.latestOf(m, p.applicationId);
      if (!latest || latest.status !== 'returned') continue;
      const newId = uuid7();
      const payee = { name: p.payeeName, accountEncrypted: p.payeeAccountEncrypted, accountMasked: p.payeeAccountMasked, bankName: p.payeeBankName };
      if (await this.repo.insertReissueTo(m, newId, latest.id, payee)) ids.push(newId);
    }
    return ids;
  }

  /**
   * Instructions matching the filter that the reader may see. A department's payers see those of the
   * pools their department pays and of their own batches; naming another payer's batch is a 404.
   */
  async list(f: InstructionFilter, page = 1, pageSize = 20, reader?: Principal | null): Promise<Page<PayoutInstructionView>> {
    const payerCode = reader ? readerPayerScope(reader) : undefined;
    if (payerCode !== undefined && f.batchId && (await this.repo.batchPayer(f.batchId)) !== payerCode) throw notFound('PAYOUT_BATCH', f.batchId);
    const { rows, total } = await this.repo.list(f, page, pageSize, payerCode);
    return { items: rows.map(toView), total, page, pageSize };
  }

  /** One instruction; another payer's instruction is a 404 to a department's payers, as if it did not exist. */
  async get(id: string, reader?: Principal | null, m?: EntityManager): Promise<PayoutInstructionView> {
    const row = await this.repo.find(m ?? this.repo.db, id, reader ? readerPayerScope(reader) : undefined);
    if (!row) throw notFound('PAYOUT_INSTRUCTION', id);
    return toView(row);
  }

  /** 撤销: possible until the sending marker is set; a committed amount goes back to the pool. */
  async cancel(user: Principal, id: string, reason: string | null): Promise<PayoutInstructionView> {
    return this.repo.transaction(async (m) => {
      const before = await this.get(id, null, m);
      const moved = await this.repo.markCancelled(m, id, reason ?? '经办撤销', INSTRUCTION_TRANSITIONS.cancel.from);
      if (!moved) {
        throw payoutError(PayoutErrors.InstructionInvalidState, `指令当前状态为“${INSTRUCTION_STATUS_LABELS[before.status]}”，不能撤销`, { status: before.status });
      }
      if (moved.was === 'approved') await this.recorder.release(m, [moved]);
      if (moved.batch_id && moved.was !== 'approved') {
        await this.repo.shrinkBatch(m, moved.batch_id, moved.amount_fen);
      }
      const after = await this.get(id, null, m);
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
    return this.repo.transaction(async (m) => {
      const old = await this.repo.lockForReissue(m, id);
      if (!old) throw notFound('PAYOUT_INSTRUCTION', id);
      if (old.status !== 'returned') throw payoutError(PayoutErrors.InstructionInvalidState, '只有已退回的指令可以重新支付', { status: old.status });
      if (old.settled_at !== null && old.return_confirmed_by === null) {
        throw payoutError(PayoutErrors.InstructionInvalidState, '该指令曾经到账，其退回未经银行确认，不能重新支付', { status: old.status });
      }
      const newId = uuid7();
      try {
        await this.repo.insertReissueSamePayee(m, newId, id);
      } catch (err) {
        if (uniqueViolation(err)) {
          throw payoutError('PAYOUT_INSTRUCTION.ALREADY_EXISTS', '该指令已重新支付过', { id });
        }
        throw err;
      }
      const after = await this.get(newId, null, m);
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

  /** Ledger view of one instruction (for its detail page), for those who may read the instruction. */
  async journal(id: string, reader?: Principal | null): Promise<InstructionJournalEntry[]> {
    await this.get(id, reader);
    const out = new Map<string, InstructionJournalEntry>();
    for (const r of await this.repo.journalLines(id)) {
      const e = out.get(r.id) ?? { kind: r.kind, postedAt: new Date(r.posted_at).toISOString(), lines: [] };
      e.lines.push({ account: r.account, amountFen: Number(r.amount_fen) });
      out.set(r.id, e);
    }
    return [...out.values()];
  }
}
