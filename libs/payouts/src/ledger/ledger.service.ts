import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
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
import { LedgerRepository, LedgerRunner } from './ledger.repository';

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

type Runner = LedgerRunner;

/**
 * The double-entry ledger (复式记账). Posts only balanced entries, in one statement per call (the
 * database re-checks the balance after each statement and refuses updates and deletes). All SQL is
 * in LedgerRepository.
 */
@Injectable()
export class LedgerService {
  constructor(private readonly repo: LedgerRepository) {}

  async post(m: EntityManager, kind: EntryKind, subjects: LedgerSubject[], memo: string | null = null): Promise<number> {
    return this.postDrafts(m, subjects.map((s) => entryFor(kind, s)), memo);
  }

  async postDrafts(m: EntityManager, drafts: JournalEntryDraft[], memo: string | null = null): Promise<number> {
    if (drafts.length === 0) return 0;
    for (const d of drafts) if (!isBalanced(d)) throw new Error(`unbalanced ${d.kind} entry for ${d.instructionId}`);
    await this.repo.append(m, drafts.map((d) => ({ ...d, id: uuid7() })), memo);
    return drafts.length;
  }

  async balances(filter: { fundPoolId?: string } = {}, runner: Runner = this.repo.db): Promise<LedgerBalance[]> {
    const rows = await this.repo.balances(runner, filter.fundPoolId);
    return rows.map((r) => ({ fundPoolId: r.fundPoolId, account: r.account, accountLabel: LEDGER_ACCOUNT_LABELS[r.account], balanceFen: r.amountFen }));
  }

  /** Totals per account across all pools. */
  async totals(runner: Runner = this.repo.db): Promise<Record<LedgerAccount, number>> {
    const out: Record<LedgerAccount, number> = { fund_pool_budget: 0, payable_enterprises: 0, bank_clearing: 0, returned_funds: 0 };
    for (const b of await this.balances({}, runner)) out[b.account] += b.balanceFen;
    return out;
  }

  /**
   * Recomputes everything from the entries and compares with the instructions and the pools; and
   * checks each obligation (application) was paid at most once.
   */
  async check(runner: Runner = this.repo.db): Promise<LedgerCheckResult> {
    const counts = await this.repo.counts(runner);
    const unbalanced = await this.repo.unbalancedEntries(runner);
    const duplicatePostings = await this.repo.duplicatePostings(runner);
    const ledger = balancesOf(await this.repo.sumsByPoolAccount(runner));
    const expected = expectedBalances(await this.repo.instructionTotals(runner, HOLDS_COMMITMENT));
    const balanceMismatches: LedgerCheckResult['balanceMismatches'] = [];
    for (const key of new Set([...ledger.keys(), ...expected.keys()])) {
      const l = ledger.get(key) ?? 0;
      const e = expected.get(key) ?? 0;
      if (l !== e) {
        const [fundPoolId, account] = key.split('|');
        balanceMismatches.push({ fundPoolId, account, ledgerFen: l, expectedFen: e });
      }
    }
    const poolMismatches = (await this.repo.poolCommitments(runner))
      .map((p) => ({ fundPoolId: p.fundPoolId, committedFen: p.committedFen, ledgerFen: ledger.get(`${p.fundPoolId}|fund_pool_budget`) ?? 0 }))
      .filter((p) => p.committedFen !== p.ledgerFen);
    const doublePayments = await this.repo.settledTwice(runner);
    const unconfirmedLateReturns = await this.repo.unconfirmedLateReturns(runner);
    let bankClearingFen = 0;
    for (const [k, v] of ledger) if (k.endsWith('|bank_clearing')) bankClearingFen += v;
    const result: LedgerCheckResult = {
      ok: false,
      entries: counts.entries,
      lines: counts.lines,
      totalFen: counts.totalFen,
      unbalancedEntries: unbalanced,
      balanceMismatches,
      poolMismatches,
      duplicatePostings,
      doublePayments,
      unconfirmedLateReturns,
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
