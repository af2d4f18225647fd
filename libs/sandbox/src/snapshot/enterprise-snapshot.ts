import type { EnterpriseFactsRow } from '@app/enterprises';
import type { FactDefinition } from '@app/contracts';
import { ColumnStore, DictionaryColumn, FactRegistry } from '@app/rules';

/** A firm's facts as the snapshot takes them from 一企一档's read model. */
export type SnapshotRow = EnterpriseFactsRow;

export interface SnapshotStats {
  rows: number;
  /** Latest `updated_at` applied: the data is current up to this moment. */
  asOf: string | null;
  builtAt: string | null;
  buildMs: number | null;
  lastRefreshAt: string | null;
  lastRefreshMs: number | null;
  lastRefreshRows: number;
  refreshes: number;
  typedArrayBytes: number;
}

/**
 * The sandbox's columnar copy of every profile (数据沙盘快照): a ColumnStore (typed arrays,
 * dictionary-encoded strings, tag bitsets) plus what a what-if answer needs to name a firm (id, in
 * row order). Rows are appended in `seq` order (registration order) and updated in place, so row
 * order is registration order except for firms whose insert committed out of order.
 */
export class EnterpriseSnapshot {
  readonly store: ColumnStore;
  /** Enterprise id per row. */
  private readonly ids: string[] = [];
  private readonly rowBySeq = new Map<number, number>();
  private maxSeqSeen = 0;
  private changes = 0;
  private watermarkMs = -Infinity;
  /** Database time at which the last full read (build or refresh) started; null before the first. */
  private readAt: Date | null = null;

  constructor(readonly registry: FactRegistry, capacityHint = 1024) {
    this.store = new ColumnStore(registry, capacityHint);
  }

  get rowCount(): number {
    return this.store.rowCount;
  }

  /**
   * Goes up whenever `apply` touches a row: anything computed from the rows (a cached baseline) is
   * current while the version it was computed at is.
   */
  get version(): number {
    return this.changes;
  }

  get maxSeq(): number {
    return this.maxSeqSeen;
  }

  /** Latest updated_at applied (ms since epoch), -Infinity when empty. */
  get watermark(): number {
    return this.watermarkMs;
  }

  /**
   * The snapshot holds every change committed before this database time (the start of the last
   * build or refresh): its as-of time. The next refresh re-reads from a little before it.
   */
  get readUpTo(): Date | null {
    return this.readAt;
  }

  markRead(at: Date): void {
    this.readAt = at;
  }

  /** Appends new firms and overwrites changed ones; returns how many rows were touched. */
  apply(rows: readonly SnapshotRow[]): { appended: number; updated: number } {
    let appended = 0;
    let updated = 0;
    for (const r of rows) {
      const existing = this.rowBySeq.get(r.seq);
      if (existing === undefined) {
        const row = this.store.append(r.profile);
        this.ids[row] = r.id;
        this.rowBySeq.set(r.seq, row);
        appended += 1;
      } else {
        this.store.update(existing, r.profile);
        updated += 1;
      }
      if (r.seq > this.maxSeqSeen) this.maxSeqSeen = r.seq;
      const t = r.updatedAt.getTime();
      if (t > this.watermarkMs) this.watermarkMs = t;
    }
    if (rows.length > 0) this.changes += 1;
    return { appended, updated };
  }

  idOf(row: number): string {
    return this.ids[row];
  }

  rowOfSeq(seq: number): number | undefined {
    return this.rowBySeq.get(seq);
  }

  /** A dictionary-encoded fact of one row (name, district, industry, scale), or null when missing. */
  textOf(row: number, factKey: string): string | null {
    const c = this.store.column(factKey) as DictionaryColumn;
    const code = c.data[row];
    return code < 0 ? null : c.dictionary[code];
  }

  factDefinition(key: string): FactDefinition {
    return this.registry.require(key);
  }
}
