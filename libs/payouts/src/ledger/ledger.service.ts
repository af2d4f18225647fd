import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { uuid7 } from '@app/core';
import {
  balancesOf,
  entryFor,
  EntryKind,
  expectedBalances,
  HOLDS_COMMITMENT,
  isBalanced,
  JournalEntryDraft,
  LEDGER_ACCOUNT_LABELS,
  LedgerAccount,
  LedgerSubject,
} from './ledger.rules';

export interface LedgerBalance {
  fundPoolId: string;
  account: LedgerAccount;
  accountLabel: string;
  balanceFen: number;
}

export interface LedgerCheckResult {
  ok: boolean;
  entries: number;
  lines: number;
  /** Sum of every line ever posted: must be 0. */
  totalFen: number;
  unbalancedEntries: string[];
  /** Ledger balance vs. the balance implied by the instructions' states. */
  balanceMismatches: Array<{ fundPoolId: string; account: string; ledgerFen: number; expectedFen: number }>;
  /** fund_pools.committed_fen vs. the budget account. */
  poolMismatches: Array<{ fundPoolId: string; committedFen: number; ledgerFen: number }>;
  /** Instructions posted twice for one kind would be refused by a constraint; this counts them anyway. */
  duplicatePostings: number;
  /**
   * Obligations paid twice: an application with more than one settled instruction (the original and
   * a reissue both paid). Each instruction's ledger may balance; the obligation is still overpaid.
   */
  doublePayments: Array<{ applicationId: string; instructionIds: string[]; settledFen: number }>;
  /** Instructions that had settled and were then booked as returned without the bank confirming it. */
  unconfirmedLateReturns: string[];
  bankClearingFen: number;
}

type Runner = EntityManager | DataSource;

/**
 * The double-entry ledger (复式记账). Posts only balanced entries, in one statement per call (the
 * database re-checks the balance after each statement and refuses updates and deletes).
 */
@Injectable()
export class LedgerService {
  constructor(private readonly dataSource: DataSource) {}

  async post(m: EntityManager, kind: EntryKind, subjects: LedgerSubject[], memo: string | null = null): Promise<number> {
    return this.postDrafts(m, subjects.map((s) => entryFor(kind, s)), memo);
  }

  async postDrafts(m: EntityManager, drafts: JournalEntryDraft[], memo: string | null = null): Promise<number> {
    if (drafts.length === 0) return 0;
    for (const d of drafts) if (!isBalanced(d)) throw new Error(`unbalanced ${d.kind} entry for ${d.instructionId}`);
    const ids = drafts.map(() => uuid7());
    await m.query(
      `INSERT INTO payout.journal_entries (id, kind, instruction_id, fund_pool_id, memo)
       SELECT id, kind, instruction_id, fund_pool_id, $5 FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[]) AS t(id, kind, instruction_id, fund_pool_id)`,
      [ids, drafts.map((d) => d.kind), drafts.map((d) => d.instructionId), drafts.map((d) => d.fundPoolId), memo],
    );
    const entryIds: string[] = [];
    const pools: string[] = [];
    const accounts: string[] = [];
    const amounts: number[] = [];
    drafts.forEach((d, i) => {
      for (const l of d.lines) {
        entryIds.push(ids[i]);
        pools.push(l.fundPoolId);
        accounts.push(l.account);
        amounts.push(l.amountFen);
      }
    });
    await m.query(
      `INSERT INTO payout.journal_lines (entry_id, fund_pool_id, account, amount_fen)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[])`,
      [entryIds, pools, accounts, amounts],
    );
    return drafts.length;
  }

  async balances(filter: { fundPoolId?: string } = {}, runner: Runner = this.dataSource): Promise<LedgerBalance[]> {
    const rows: Array<{ fund_pool_id: string; account: LedgerAccount; balance: string | number }> = await runner.query(
      `SELECT fund_pool_id, account, sum(amount_fen)::bigint AS balance FROM payout.journal_lines
       ${filter.fundPoolId ? 'WHERE fund_pool_id = $1' : ''} GROUP BY fund_pool_id, account ORDER BY fund_pool_id, account`,
      filter.fundPoolId ? [filter.fundPoolId] : [],
    );
    return rows.map((r) => ({ fundPoolId: r.fund_pool_id, account: r.account, accountLabel: LEDGER_ACCOUNT_LABELS[r.account], balanceFen: Number(r.balance) }));
  }

  /** Totals per account across all pools. */
  async totals(runner: Runner = this.dataSource): Promise<Record<LedgerAccount, number>> {
    const out: Record<LedgerAccount, number> = { fund_pool_budget: 0, payable_enterprises: 0, bank_clearing: 0, returned_funds: 0 };
    for (const b of await this.balances({}, runner)) out[b.account] += b.balanceFen;
    return out;
  }

  /**
   * Recomputes everything from the entries and compares with the instructions and the pools; and
   * checks each obligation (application) was paid at most once.
   */
  async check(runner: Runner = this.dataSource): Promise<LedgerCheckResult> {
    const [counts] = await runner.query(
      `SELECT (SELECT count(*)::int FROM payout.journal_entries) AS entries,
              (SELECT count(*)::int FROM payout.journal_lines) AS lines,
              (SELECT coalesce(sum(amount_fen), 0)::bigint FROM payout.journal_lines) AS total`,
    );
    const unbalanced: Array<{ entry_id: string }> = await runner.query(
      `SELECT e.id AS entry_id FROM payout.journal_entries e LEFT JOIN payout.journal_lines l ON l.entry_id = e.id
       GROUP BY e.id HAVING coalesce(sum(l.amount_fen), 0) <> 0 OR count(l.id) < 2 LIMIT 100`,
    );
    const [dups] = await runner.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM payout.journal_entries GROUP BY instruction_id, kind HAVING count(*) > 1) d`,
    );
    const ledgerLines: Array<{ fund_pool_id: string; account: LedgerAccount; amount: string | number }> = await runner.query(
      `SELECT fund_pool_id, account, sum(amount_fen)::bigint AS amount FROM payout.journal_lines GROUP BY 1, 2`,
    );
    const ledger = balancesOf(ledgerLines.map((r) => ({ fundPoolId: r.fund_pool_id, account: r.account, amountFen: Number(r.amount) })));
    const groups: Array<{ fund_pool_id: string; reissue: boolean; status: string; amount: string | number }> = await runner.query(
      `SELECT fund_pool_id, reissue_of IS NOT NULL AS reissue, status, sum(amount_fen)::bigint AS amount
       FROM payout.instructions WHERE status = ANY($1::text[]) GROUP BY 1, 2, 3`,
      [[...HOLDS_COMMITMENT]],
    );
    const expected = expectedBalances(
      groups.map((g) => ({ fundPoolId: g.fund_pool_id, isReissue: g.reissue, status: g.status, amountFen: Number(g.amount) })),
    );
    const balanceMismatches: LedgerCheckResult['balanceMismatches'] = [];
    for (const key of new Set([...ledger.keys(), ...expected.keys()])) {
      const l = ledger.get(key) ?? 0;
      const e = expected.get(key) ?? 0;
      if (l !== e) {
        const [fundPoolId, account] = key.split('|');
        balanceMismatches.push({ fundPoolId, account, ledgerFen: l, expectedFen: e });
      }
    }
    const pools: Array<{ id: string; committed_fen: string | number }> = await runner.query(`SELECT id, committed_fen FROM payout.fund_pools`);
    const poolMismatches = pools
      .map((p) => ({ fundPoolId: p.id, committedFen: Number(p.committed_fen), ledgerFen: ledger.get(`${p.id}|fund_pool_budget`) ?? 0 }))
      .filter((p) => p.committedFen !== p.ledgerFen);
    const doubles: Array<{ application_id: string; ids: string[]; settled: string | number }> = await runner.query(
      `SELECT application_id, array_agg(id ORDER BY settled_at, id) AS ids, sum(amount_fen)::bigint AS settled
       FROM payout.instructions WHERE status = 'settled' GROUP BY application_id HAVING count(*) > 1 ORDER BY application_id LIMIT 1000`,
    );
    const unconfirmed: Array<{ id: string }> = await runner.query(
      `SELECT id FROM payout.instructions WHERE status = 'returned' AND settled_at IS NOT NULL AND return_confirmed_by IS NULL ORDER BY id LIMIT 1000`,
    );
    let bankClearingFen = 0;
    for (const [k, v] of ledger) if (k.endsWith('|bank_clearing')) bankClearingFen += v;
    const result: LedgerCheckResult = {
      ok: false,
      entries: Number(counts.entries),
      lines: Number(counts.lines),
      totalFen: Number(counts.total),
      unbalancedEntries: unbalanced.map((u) => u.entry_id),
      balanceMismatches,
      poolMismatches,
      duplicatePostings: Number(dups.n),
      doublePayments: doubles.map((d) => ({ applicationId: d.application_id, instructionIds: d.ids, settledFen: Number(d.settled) })),
      unconfirmedLateReturns: unconfirmed.map((u) => u.id),
      bankClearingFen,
    };
    result.ok =
      result.totalFen === 0 &&
      result.unbalancedEntries.length === 0 &&
      balanceMismatches.length === 0 &&
      poolMismatches.length === 0 &&
      result.duplicatePostings === 0 &&
      result.doublePayments.length === 0 &&
      result.unconfirmedLateReturns.length === 0;
    return result;
  }
}
