import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';
import type { EntryKind, LedgerAccount } from '../ledger/ledger.rules';
import type { InstructionStatus } from './instruction.states';
import type { InstructionFilter, InstructionRow } from './instruction.types';

type Runner = EntityManager | DataSource;

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

/** The payer of a pool's instructions, in SQL: finance, or the department for department-paid pools. */
export const PAYER_OF_POOL = (p: string) => `CASE WHEN ${p}.payer = 'department' THEN ${p}.department_code ELSE 'finance' END`;

/**
 * What a payer may read, in SQL over instructions `i`: those of the pools it pays now, and those of
 * its own batches (so a department still sees what it paid after finance changed who pays the pool).
 */
const visibleToPayer = (payer: string) =>
  `(EXISTS (SELECT 1 FROM payout.fund_pools p WHERE p.id = i.fund_pool_id AND ${PAYER_OF_POOL('p')} = ${payer})
    OR EXISTS (SELECT 1 FROM payout.batches b WHERE b.id = i.batch_id AND b.payer_code = ${payer}))`;

const COLUMNS = `id, application_id, enterprise_id, enterprise_name, item_id, item_name, department_code, district_code,
  fund_pool_id, budget_subject, amount_fen, payee_name, payee_account_encrypted, payee_account_masked, payee_bank_name, status,
  batch_id, chunk_id, reissue_of, send_attempts, treasury_ref, result_reason, created_at, settled_at`;
const I_COLUMNS = COLUMNS.split(',').map((c) => `i.${c.trim()}`).join(', ');

export interface PoolSeed {
  id: string;
  itemId: string;
  itemName: string;
  departmentCode: string;
  budgetFen: number | null;
}

export interface CancelledInstruction {
  id: string;
  application_id: string;
  amount_fen: number;
  fund_pool_id: string;
  reissue_of: string | null;
  settled_at: null;
  batch_id: string | null;
  was: string;
}

/**
 * Every SQL statement of the payout instructions (支付指令); the decisions — who may read which,
 * which moves are allowed — are InstructionsService's. `payerCode`, where taken, limits reads to
 * what that payer may see (a department's payers); undefined reads everything (finance, auditors).
 */
@Injectable()
export class InstructionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  get db(): DataSource {
    return this.dataSource;
  }

  /** Opens the pools the instructions draw on; an existing pool is left as it is. */
  async openPools(m: EntityManager, pools: PoolSeed[]): Promise<void> {
    await m.query(
      `INSERT INTO payout.fund_pools (id, item_id, item_name, department_code, budget_fen)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) ON CONFLICT (id) DO NOTHING`,
      [pools.map((p) => p.id), pools.map((p) => p.itemId), pools.map((p) => p.itemName), pools.map((p) => p.departmentCode), pools.map((p) => p.budgetFen)],
    );
  }

  /**
   * Inserts instructions column by column (17 arrays, in the order of the column list); an
   * application that has a live original instruction is skipped. Returns those inserted.
   */
  insertMany(m: EntityManager, cols: unknown[][]): Promise<Array<{ id: string; application_id: string }>> {
    return m.query(
      `INSERT INTO payout.instructions (id, application_id, source_event_id, enterprise_id, enterprise_name, item_id, item_version_id,
         item_name, department_code, district_code, fund_pool_id, budget_subject, amount_fen, payee_name, payee_account_encrypted,
         payee_account_masked, payee_bank_name)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::text[], $12::text[], $13::bigint[], $14::text[], $15::text[], $16::text[], $17::text[])
       ON CONFLICT (application_id) WHERE reissue_of IS NULL AND status NOT IN ('failed', 'cancelled') DO NOTHING RETURNING id, application_id`,
      cols,
    );
  }

  /** The application's newest instruction. */
  async latestOf(m: EntityManager, applicationId: string): Promise<{ id: string; status: InstructionStatus } | null> {
    const [latest]: Array<{ id: string; status: InstructionStatus }> = await m.query(
      `SELECT id, status FROM payout.instructions WHERE application_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [applicationId],
    );
    return latest ?? null;
  }

  /**
   * A reissue of instruction `of` (one per instruction) to the payee the firm confirmed again: false
   * when `of` was reissued already.
   */
  async insertReissueTo(m: EntityManager, newId: string, of: string, payee: { name: string; accountEncrypted: string; accountMasked: string; bankName: string | null }): Promise<boolean> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO payout.instructions (id, application_id, enterprise_id, enterprise_name, item_id, item_version_id, item_name,
         department_code, district_code, fund_pool_id, budget_subject, amount_fen, payee_name, payee_account_encrypted,
         payee_account_masked, payee_bank_name, reissue_of)
       SELECT $1, application_id, enterprise_id, enterprise_name, item_id, item_version_id, item_name, department_code, district_code,
         fund_pool_id, budget_subject, amount_fen, $2, $3, $4, $5, id FROM payout.instructions WHERE id = $6
       ON CONFLICT (reissue_of) DO NOTHING RETURNING id`,
      [newId, payee.name, payee.accountEncrypted, payee.accountMasked, payee.bankName, of],
    );
    return inserted.length > 0;
  }

  /** A reissue of instruction `of` to its own payee; a second reissue of `of` fails on the unique reissue_of. */
  async insertReissueSamePayee(m: EntityManager, newId: string, of: string): Promise<void> {
    await m.query(
      `INSERT INTO payout.instructions (id, application_id, enterprise_id, enterprise_name, item_id, item_version_id, item_name,
         department_code, district_code, fund_pool_id, budget_subject, amount_fen, payee_name, payee_account_encrypted,
         payee_account_masked, payee_bank_name, reissue_of)
       SELECT $1, application_id, enterprise_id, enterprise_name, item_id, item_version_id, item_name, department_code, district_code,
         fund_pool_id, budget_subject, amount_fen, payee_name, payee_account_encrypted, payee_account_masked, payee_bank_name, id
       FROM payout.instructions WHERE id = $2`,
      [newId, of],
    );
  }

  async list(f: InstructionFilter, page: number, pageSize: number, payerCode?: string): Promise<{ rows: InstructionRow[]; total: number }> {
    const params: unknown[] = [];
    let where = filterClause(f, params, 'i');
    if (payerCode !== undefined) where += ` AND ${visibleToPayer(`$${params.push(payerCode)}`)}`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM payout.instructions i WHERE ${where}`, params);
    const rows: InstructionRow[] = await this.dataSource.query(
      `SELECT ${I_COLUMNS} FROM payout.instructions i WHERE ${where} ORDER BY i.created_at DESC, i.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { rows, total: Number(total) };
  }

  async find(m: Runner, id: string, payerCode?: string): Promise<InstructionRow | null> {
    const params: unknown[] = [id];
    const scope = payerCode === undefined ? '' : ` AND ${visibleToPayer(`$${params.push(payerCode)}`)}`;
    const [row]: InstructionRow[] = await m.query(`SELECT ${I_COLUMNS} FROM payout.instructions i WHERE i.id = $1${scope}`, params);
    return row ?? null;
  }

  /** The row locked for a reissue, with whether the bank confirmed its return. */
  async lockForReissue(m: EntityManager, id: string): Promise<(InstructionRow & { return_confirmed_by: string | null }) | null> {
    const [row]: Array<InstructionRow & { return_confirmed_by: string | null }> = await m.query(
      `SELECT ${COLUMNS}, return_confirmed_by FROM payout.instructions WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  /** Who pays a batch (`finance` or a department's code); null when there is no such batch. */
  async batchPayer(id: string): Promise<string | null> {
    const [row]: Array<{ payer_code: string }> = await this.dataSource.query(`SELECT payer_code FROM payout.batches WHERE id = $1`, [id]);
    return row?.payer_code ?? null;
  }

  /** 撤销 guarded by the states it may start from; null when the instruction is in none of them. */
  async markCancelled(m: EntityManager, id: string, reason: string, from: readonly InstructionStatus[]): Promise<CancelledInstruction | null> {
    const [moved] = await mutateReturning<CancelledInstruction>(
      m,
      `UPDATE payout.instructions i SET status = 'cancelled', cancelled_at = now(), result_reason = $2
       FROM (SELECT id, status AS was FROM payout.instructions WHERE id = $1 FOR UPDATE) o
       WHERE i.id = o.id AND i.status = ANY($3::text[])
       RETURNING i.id, i.application_id, i.amount_fen, i.fund_pool_id, i.reissue_of, i.settled_at, i.batch_id, o.was`,
      [id, reason, [...from]],
    );
    return moved ?? null;
  }

  /** Takes a cancelled instruction's amount out of its (not yet approved) batch. */
  async shrinkBatch(m: EntityManager, batchId: string, amountFen: number): Promise<void> {
    await m.query(`UPDATE payout.batches SET instruction_count = instruction_count - 1, total_fen = total_fen - $2 WHERE id = $1`, [batchId, amountFen]);
  }

  /** The instruction's postings with their lines, in posting order. */
  journalLines(id: string): Promise<Array<{ id: string; kind: EntryKind; posted_at: Date; account: LedgerAccount; amount_fen: number }>> {
    return this.dataSource.query(
      `SELECT e.id, e.kind, e.posted_at, l.account, l.amount_fen FROM payout.journal_entries e JOIN payout.journal_lines l ON l.entry_id = e.id
       WHERE e.instruction_id = $1 ORDER BY e.seq, l.id`,
      [id],
    );
  }
}
