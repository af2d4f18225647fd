/**
 * Double-entry rules (复式记账) of the payout center, pure. Amounts are signed fen, debit positive,
 * credit negative; the lines of every entry sum to zero.
 *
 *   commit  (checker approves)   Dr fund_pool_budget            Cr payable_enterprises
 *           (a reissue)          Dr returned_funds               Cr payable_enterprises
 *   settle  (bank debited)       Dr payable_enterprises          Cr bank_clearing
 *   return  (payee bank refused) Dr bank_clearing                Cr returned_funds
 *   release (failed / cancelled after commit): the commit reversed.
 */
export const LEDGER_ACCOUNTS = ['fund_pool_budget', 'payable_enterprises', 'bank_clearing', 'returned_funds'] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

export const LEDGER_ACCOUNT_LABELS: Record<LedgerAccount, string> = {
  fund_pool_budget: '资金池预算指标',
  payable_enterprises: '应付企业款',
  bank_clearing: '银行清算',
  returned_funds: '退回资金',
};

export const ENTRY_KINDS = ['commit', 'settle', 'return', 'release'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface LedgerSubject {
  instructionId: string;
  fundPoolId: string;
  amountFen: number;
  /** A reissue draws on returned funds, not on the pool's budget a second time. */
  isReissue: boolean;
}

export interface JournalLine {
  fundPoolId: string;
  account: LedgerAccount;
  amountFen: number;
}

export interface JournalEntryDraft {
  kind: EntryKind;
  instructionId: string;
  fundPoolId: string;
  lines: JournalLine[];
}

export function entryFor(kind: EntryKind, s: LedgerSubject): JournalEntryDraft {
  if (!Number.isSafeInteger(s.amountFen) || s.amountFen <= 0) throw new RangeError(`amount must be positive fen: ${s.amountFen}`);
  const a = s.amountFen;
  const source: LedgerAccount = s.isReissue ? 'returned_funds' : 'fund_pool_budget';
  const pairs: Record<EntryKind, [LedgerAccount, LedgerAccount]> = {
    commit: [source, 'payable_enterprises'],
    settle: ['payable_enterprises', 'bank_clearing'],
    return: ['bank_clearing', 'returned_funds'],
    release: ['payable_enterprises', source],
  };
  const [debit, credit] = pairs[kind];
  return {
    kind,
    instructionId: s.instructionId,
    fundPoolId: s.fundPoolId,
    lines: [
      { fundPoolId: s.fundPoolId, account: debit, amountFen: a },
      { fundPoolId: s.fundPoolId, account: credit, amountFen: -a },
    ],
  };
}

export function isBalanced(entry: Pick<JournalEntryDraft, 'lines'>): boolean {
  return entry.lines.length >= 2 && entry.lines.reduce((s, l) => s + l.amountFen, 0) === 0;
}

/** Balances keyed `pool|account` from lines. */
export function balancesOf(lines: Iterable<JournalLine>): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) {
    const k = `${l.fundPoolId}|${l.account}`;
    out.set(k, (out.get(k) ?? 0) + l.amountFen);
  }
  return out;
}

/** Statuses in which an instruction holds a commitment that has not been released. */
export const HOLDS_COMMITMENT = ['approved', 'sending', 'sent', 'settled', 'returned'] as const;

export interface InstructionForCheck {
  fundPoolId: string;
  amountFen: number;
  status: string;
  isReissue: boolean;
}

/** What the ledger's balances must be, derived from the instructions' states alone. */
export function expectedBalances(instructions: Iterable<InstructionForCheck>): Map<string, number> {
  const out = new Map<string, number>();
  const add = (pool: string, account: LedgerAccount, v: number) => {
    const k = `${pool}|${account}`;
    out.set(k, (out.get(k) ?? 0) + v);
  };
  for (const i of instructions) {
    if (!(HOLDS_COMMITMENT as readonly string[]).includes(i.status)) continue;
    add(i.fundPoolId, i.isReissue ? 'returned_funds' : 'fund_pool_budget', i.amountFen);
    if (i.status === 'settled') add(i.fundPoolId, 'bank_clearing', -i.amountFen);
    else if (i.status === 'returned') add(i.fundPoolId, 'returned_funds', -i.amountFen);
    else add(i.fundPoolId, 'payable_enterprises', -i.amountFen);
  }
  return out;
}
