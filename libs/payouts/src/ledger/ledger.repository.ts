import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { InstructionForCheck, JournalEntryDraft, JournalLine, LedgerAccount } from './ledger.rules';

/** Where a read runs: the caller's transaction or the pool. */
export type LedgerRunner = EntityManager | DataSource;

/** An entry to append, with the id the service gave it. */
export type NewJournalEntry = JournalEntryDraft & { id: string };

export interface JournalCounts {
  entries: number;
  lines: number;
  /** Sum of every line ever posted. */
  totalFen: number;
}

export interface SettledTwice {
  applicationId: string;
  instructionIds: string[];
  settledFen: number;
}

/**
 * Every SQL statement of the double-entry ledger (复式记账): payout.journal_entries and
 * journal_lines, and the reads of instructions and pools the invariant check compares them with.
 * The decisions — what balances, what counts as a mismatch, when the ledger is OK — are
 * LedgerService's and ledger.rules', unit-tested without a database.
 */
@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  get db(): DataSource {
    return this.dataSource;
  }

  /** Appends the entries and their lines: two statements, whatever the number of entries. */
  async append(m: EntityManager, entries: NewJournalEntry[], memo: string | null): Promise<void> {
    await m.query(
      `INSERT INTO payout.journal_entries (id, kind, instruction_id, fund_pool_id, memo)
       SELECT id, kind, instruction_id, fund_pool_id, $5 FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[]) AS t(id, kind, instruction_id, fund_pool_id)`,
      [entries.map((e) => e.id), entries.map((d) => d.kind), entries.map((d) => d.instructionId), entries.map((d) => d.fundPoolId), memo],
    );
    const entryIds: string[] = [];
    const pools: string[] = [];
    const accounts: string[] = [];
    const amounts: number[] = [];
    for (const e of entries) {
      for (const l of e.lines) {
        entryIds.push(e.id);
        pools.push(l.fundPoolId);
        accounts.push(l.account);
        amounts.push(l.amountFen);
      }
    }
    await m.query(
      `INSERT INTO payout.journal_lines (entry_id, fund_pool_id, account, amount_fen)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[])`,
      [entryIds, pools, accounts, amounts],
    );
  }

  /** Balance per pool and account, ordered; of one pool when `fundPoolId` is given. */
  async balances(runner: LedgerRunner, fundPoolId?: string): Promise<JournalLine[]> {
    const rows: Array<{ fund_pool_id: string; account: LedgerAccount; balance: string | number }> = await runner.query(
      `SELECT fund_pool_id, account, sum(amount_fen)::bigint AS balance FROM payout.journal_lines
       ${fundPoolId ? 'WHERE fund_pool_id = $1' : ''} GROUP BY fund_pool_id, account ORDER BY fund_pool_id, account`,
      fundPoolId ? [fundPoolId] : [],
    );
    return rows.map((r) => ({ fundPoolId: r.fund_pool_id, account: r.account, amountFen: Number(r.balance) }));
  }

  async counts(runner: LedgerRunner): Promise<JournalCounts> {
    const [counts] = await runner.query(
      `SELECT (SELECT count(*)::int FROM payout.journal_entries) AS entries,
              (SELECT count(*)::int FROM payout.journal_lines) AS lines,
              (SELECT coalesce(sum(amount_fen), 0)::bigint FROM payout.journal_lines) AS total`,
    );
    return { entries: Number(counts.entries), lines: Number(counts.lines), totalFen: Number(counts.total) };
  }

  /** Entries whose lines do not sum to zero or that have fewer than two lines (at most 100). */
  async unbalancedEntries(runner: LedgerRunner): Promise<string[]> {
    const rows: Array<{ entry_id: string }> = await runner.query(
      `SELECT e.id AS entry_id FROM payout.journal_entries e LEFT JOIN payout.journal_lines l ON l.entry_id = e.id
       GROUP BY e.id HAVING coalesce(sum(l.amount_fen), 0) <> 0 OR count(l.id) < 2 LIMIT 100`,
    );
    return rows.map((u) => u.entry_id);
  }

  /** (instruction, kind) pairs posted more than once. */
  async duplicatePostings(runner: LedgerRunner): Promise<number> {
    const [dups] = await runner.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM payout.journal_entries GROUP BY instruction_id, kind HAVING count(*) > 1) d`,
    );
    return Number(dups.n);
  }

  /** Sum of the lines per pool and account, unordered. */
  async sumsByPoolAccount(runner: LedgerRunner): Promise<JournalLine[]> {
    const rows: Array<{ fund_pool_id: string; account: LedgerAccount; amount: string | number }> = await runner.query(
      `SELECT fund_pool_id, account, sum(amount_fen)::bigint AS amount FROM payout.journal_lines GROUP BY 1, 2`,
    );
    return rows.map((r) => ({ fundPoolId: r.fund_pool_id, account: r.account, amountFen: Number(r.amount) }));
  }

  /** Instruction amounts in the given statuses, per pool, reissue or not, and status. */
  async instructionTotals(runner: LedgerRunner, statuses: readonly string[]): Promise<InstructionForCheck[]> {
    const groups: Array<{ fund_pool_id: string; reissue: boolean; status: string; amount: string | number }> = await runner.query(
      `SELECT fund_pool_id, reissue_of IS NOT NULL AS reissue, status, sum(amount_fen)::bigint AS amount
       FROM payout.instructions WHERE status = ANY($1::text[]) GROUP BY 1, 2, 3`,
      [[...statuses]],
    );
    return groups.map((g) => ({ fundPoolId: g.fund_pool_id, isReissue: g.reissue, status: g.status, amountFen: Number(g.amount) }));
  }

  /** fund_pools.committed_fen of every pool. */
  async poolCommitments(runner: LedgerRunner): Promise<Array<{ fundPoolId: string; committedFen: number }>> {
    const pools: Array<{ id: string; committed_fen: string | number }> = await runner.query(`SELECT id, committed_fen FROM payout.fund_pools`);
    return pools.map((p) => ({ fundPoolId: p.id, committedFen: Number(p.committed_fen) }));
  }

  /** Applications with more than one settled instruction (at most 1000). */
  async settledTwice(runner: LedgerRunner): Promise<SettledTwice[]> {
    const doubles: Array<{ application_id: string; ids: string[]; settled: string | number }> = await runner.query(
      `SELECT application_id, array_agg(id ORDER BY settled_at, id) AS ids, sum(amount_fen)::bigint AS settled
       FROM payout.instructions WHERE status = 'settled' GROUP BY application_id HAVING count(*) > 1 ORDER BY application_id LIMIT 1000`,
    );
    return doubles.map((d) => ({ applicationId: d.application_id, instructionIds: d.ids, settledFen: Number(d.settled) }));
  }

  /** Instructions booked as returned after settling without the bank confirming it (at most 1000). */
  async unconfirmedLateReturns(runner: LedgerRunner): Promise<string[]> {
    const rows: Array<{ id: string }> = await runner.query(
      `SELECT id FROM payout.instructions WHERE status = 'returned' AND settled_at IS NOT NULL AND return_confirmed_by IS NULL ORDER BY id LIMIT 1000`,
    );
    return rows.map((u) => u.id);
  }
}
